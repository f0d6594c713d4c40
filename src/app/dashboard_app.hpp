// dashboard_app: the composition root. Owns the client's state and wires
// it to the UI; the platform layer (web or native) owns the window, the GL
// context and the main loop, and calls into this once per frame.
//
//   DashboardApp app(font_dir);
//   app.attach(&live);                      // a LiveClient feeds it (or:)
//   app.set_view(snapshot);                 // a fixed model (fixtures, tests)
//   // per frame, between the backends' NewFrame and ImGui::NewFrame:
//   if (app.prepare_frame(metrics)) { re-upload the font texture }
//   ImGui::NewFrame(); app.draw(); ImGui::Render();
//   if (auto route = app.take_navigation()) { push *route to the history }
//
// Routes: the platform gives the address (app.set_route("/mocs/abc") at
// start, on Back/Forward); clicks move the app to another route and hand
// it back for the history (take_navigation: a new entry; take_replacement:
// the same entry, e.g. the MOCs page's filters in its address).
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/account_client.hpp"
#include "app/board_client.hpp"
#include "app/collection_client.hpp"
#include "app/live_client.hpp"
#include "app/messages_client.hpp"
#include "app/status_client.hpp"
#include "core/client/data_updated.hpp"
#include "core/client/route.hpp"
#include "core/display_metrics.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"
#include "ui/app_shell.hpp"
#include "ui/fonts.hpp"
#include "ui/pages/account_forms.hpp"
#include "ui/pages/add_moc_page.hpp"
#include "ui/pages/board_page.hpp"
#include "ui/pages/messages_page.hpp"
#include "ui/pages/moc_page.hpp"
#include "ui/pages/mocs_page.hpp"
#include "ui/pages/notifications_page.hpp"
#include "ui/pages/sharing_page.hpp"
#include "ui/pages/status_page.hpp"
#include "ui/pages/wishlist_page.hpp"
#include "ui/theme.hpp"

namespace dashboard::app {

// Where the dashboard's links lead. The defaults are the web app's routes.
struct NavigationTargets {
  std::string dashboard = "/dashboard";
  std::string mocs = "/mocs";
  std::string add_moc = "/mocs/new";
  std::string gallery = "/gallery";
  std::string wishlist = "/wishlist";
  std::string board = "/board";
  std::string messages = "/messages";
  std::string notifications = "/notifications";
  std::string status = "/status";
  std::string moc_detail_prefix = "/mocs/";  // + the MOC id, percent-encoded
};

// The route a click leads to under `targets`.
std::string route_for(const ui::NavigationIntent& intent, const NavigationTargets& targets);

// The wall clock as the UI needs it: now, and the viewer's offset from UTC.
struct WallClock {
  core::UnixMillis now = 0;
  int utc_offset_minutes = 0;
};

// The system clock and the local zone (via the C library, which in the
// browser asks the JS Date).
WallClock system_wall_clock();

class DashboardApp {
 public:
  explicit DashboardApp(std::string font_dir, NavigationTargets targets = {});

  // Adopts this frame's display metrics. Returns true when the font atlas
  // was rebuilt (first frame, or the DPR changed) and the renderer must
  // upload it again. Must be called before ImGui::NewFrame().
  bool prepare_frame(const core::DisplayMetrics& metrics);

  // Draws the UI. Call between ImGui::NewFrame() and ImGui::Render().
  void draw();

  // Replaces the model the cards show; until the first call they show skeletons.
  void set_view(core::DashboardView view);
  const core::DashboardView* view() const;

  void set_connection(core::ConnectionStatus status) { shell_.connection.status = status; }

  // Draws what `live` holds (snapshot, link, toasts, sign-in) and sends the
  // UI's requests (Retry, sign in/out) back to it; the collection pages
  // read and edit through `collection` (its projection of pending edits is
  // what the cards show too). nullptr detaches.
  void attach(LiveClient* live, CollectionClient* collection = nullptr) {
    live_ = live;
    collection_ = collection;
  }

  // The board and sharing pages read and move through `board` (nullptr: they
  // show as loading).
  void set_board(BoardClient* board) { board_ = board; }
  // The messaging pages and the sidebar's unread badge (nullptr: they show
  // as loading, no badge).
  void set_messages(MessagesClient* messages) { messages_ = messages; }

  // The status page (and the dashboard's System card) read `status`
  // (nullptr: the page shows as loading).
  void set_status(StatusClient* status) { status_ = status; }
  // The sign-up and change-password pages send through `account` (nullptr:
  // the sign-in form offers no sign-up and the password page cannot send).
  void set_account(AccountClient* account) { account_ = account; }

  // [SECTION] Routes
  // The address changed outside the app (the first load, Back, Forward).
  void set_route(std::string_view path);
  // Goes to `path` as a click does (a new history entry, taken by the platform).
  void navigate(const std::string& path);
  const core::client::Route& route() const { return route_; }
  // An address for the same history entry (the MOCs page's query), once.
  std::optional<std::string> take_replacement();
  // True once when the page asked to go back (the Add MOC form's Cancel).
  bool take_back() { return std::exchange(back_, false); }
  // What the browser tab (or window) title says for the route.
  const std::string& document_title() const { return title_; }

  // [SECTION] The browser's text inputs (web)
  // From then on text fields are the DOM inputs the overlay makes, and
  // their events come in through these.
  void set_dom_text_input(bool on) { shell_.dom_text_input = on; }
  void on_field_input(std::string_view id, std::string value, int selection_start,
                      int selection_end, int composition_start, int composition_end);
  void on_field_focus(std::string_view id, bool focused);
  void on_field_escape(std::string_view id);
  void on_form_submit(std::string_view form);

  // True while something on screen moves by itself (a flash fading, a
  // toast, a countdown, the loading shimmer, typing that settles): the
  // platform keeps drawing frames; otherwise it may sleep until input or
  // data arrive.
  bool animating() const { return animating_; }

  // Where covers come from (the platform's image loader); nullptr (the
  // default) draws placeholders. `images` must outlive its use here.
  void set_images(ui::ImageSource* images) { shell_.images = images; }

  // Where the relative dates measure from; the system clock by default.
  void set_clock(std::function<WallClock()> clock) { clock_ = std::move(clock); }

  // The route the last click asked for, once: the platform pushes it to
  // the browser history (or logs it natively).
  std::optional<std::string> take_navigation();

  // Scrolls the MOCs page's list by `css_dy` (benchmarks drive it so).
  void scroll_list(float css_dy) {
    mocs_state_.scroll_to = std::max(0.0f, mocs_state_.scroll + css_dy * fonts_.dpr);
  }

  // What the last frame laid out (for tests and the semantics overlay).
  const ui::ShellOutput& last_frame() const { return last_frame_; }

  // False when the fonts could not be loaded; the platform reports and stops.
  bool fonts_ok() const { return fonts_.body != nullptr; }

  ImVec4 clear_color() const { return ui::clear_color(*palette_); }

  // [SECTION] Fallback fonts
  // How a fallback face's file is fetched (the browser: from its hashed
  // asset URL); the answer comes back through add_fallback_font. Without a
  // loader the files are read from `set_fallback_font_dir` at once.
  void set_font_loader(std::function<void(const std::string& file)> load) {
    font_loader_ = std::move(load);
  }
  void set_fallback_font_dir(std::string dir) { fallback_dir_ = std::move(dir); }
  // A fallback face arrived (`bytes` empty: it could not be loaded).
  void add_fallback_font(std::string_view file, std::vector<unsigned char> bytes);

  // Follows the system's light or dark setting; takes effect next frame.
  void set_dark(bool dark);
  bool dark() const { return palette_->dark; }
  // The system asks for less motion: what would fade just shows, then goes.
  void set_reduced_motion(bool reduced) { reduced_motion_ = reduced; }

 private:
  std::string font_dir_;
  std::string fallback_dir_;
  std::function<void(const std::string& file)> font_loader_;
  ui::FallbackFonts fallback_;
  enum class FaceState { Absent, Loading, Loaded, Failed };
  std::array<FaceState, 3> face_state_{};
  std::set<unsigned> pending_glyphs_;  // waiting for their face
  std::set<unsigned> tried_glyphs_;    // asked for once; not again
  NavigationTargets targets_;
  const ui::Palette* palette_;
  ui::FontSet fonts_;
  bool fonts_built_ = false;
  core::DisplayMetrics metrics_;
  std::optional<core::DashboardView> view_;
  std::function<WallClock()> clock_ = system_wall_clock;
  ui::ShellView shell_;
  ui::ShellState shell_state_;
  ui::ShellOutput last_frame_;
  std::optional<std::string> navigation_;
  std::optional<std::string> replacement_;
  bool back_ = false;
  bool navigated_ = false;  // the app pushed a history entry of its own
  LiveClient* live_ = nullptr;
  CollectionClient* collection_ = nullptr;
  BoardClient* board_ = nullptr;
  MessagesClient* messages_ = nullptr;
  StatusClient* status_ = nullptr;
  AccountClient* account_ = nullptr;
  ui::AccountFormMemory sign_up_memory_;
  ui::AccountFormMemory password_memory_;
  std::optional<ui::SignUpRequest> sign_up_request_;
  std::optional<ui::PasswordRequest> password_request_;
  bool to_sign_in_ = false;
  bool password_fields_cleared_ = false;  // after a change, once
  core::client::Route route_;
  std::string title_ = "MOC Dashboard";
  core::DashboardView projected_;  // the snapshot with this tab's pending edits
  // The pages' state between frames.
  core::client::MocQuery mocs_query_;
  ui::MocsPageState mocs_state_;
  ui::MocPageState moc_state_;
  ui::AddMocState add_state_;
  ui::WishlistState wishlist_state_;
  ui::BoardPageState board_state_;
  ui::SharingState sharing_state_;
  ui::MessagesState messages_state_;
  ui::NotificationsActions notifications_actions_;
  std::string share_submitted_;  // the username last sent; typing past it clears the error
  std::size_t mocs_rows_wanted_ = 50;
  std::size_t gallery_rows_wanted_ = 50;
  bool page_animating_ = false;
  ui::PageActions page_actions_;
  bool animating_ = false;
  // When each slice last changed, for the card flash.
  std::array<core::UnixMillis, 4> changed_at_{};
  // The System card's verdict, and when it last changed (its flash).
  core::client::Overall system_overall_ = core::client::Overall::Operational;
  bool system_seen_ = false;
  core::UnixMillis system_changed_at_ = 0;
  struct TimedToast {
    Toast toast;
    core::UnixMillis shown_at;
  };
  std::vector<TimedToast> toasts_;
  // The header's "Data updated" pill (dashboard_app_data_updated.cpp).
  core::client::DataUpdatedIndicator data_updated_;
  bool reduced_motion_ = false;

  void read_live(core::UnixMillis now);
  // dashboard_app_data_updated.cpp
  void note_data_updated(core::UnixMillis now);
  void act_on(const ui::ShellOutput& out, core::UnixMillis now);
  float draw_page(const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min, ImVec2 max,
                  ui::ShellOutput& out, core::UnixMillis now);
  void act_on_page(const ui::PageActions& actions, core::UnixMillis now);
  void update_title();
  void draw_board(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                  float& height);
  void draw_sharing(ui::PageFrame& frame, ui::PageActions& actions, float& height);
  void act_on_board(const ui::PageActions& actions);
  // dashboard_app_messages.cpp
  void draw_messages(ui::PageFrame& frame, ui::PageActions& actions, float& height);
  void draw_notifications(ui::PageFrame& frame, ui::PageActions& actions, float& height);
  void act_on_messages(const ui::PageActions& actions);
  void draw_status(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                   float& height);
  // [SECTION] The account pages (sign-up, change password)
  void prepare_account_pages();
  float draw_sign_up(const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min, ImVec2 max,
                     ui::ShellOutput& out);
  void act_on_account(const ui::ShellOutput& out, core::UnixMillis now);
};

}  // namespace dashboard::app
