// app_shell: the frame every page of the dashboard sits in: a header with
// the product name and the connection indicator, and the responsive card
// grid below it, filled with the cards drawn from the model. Until the first
// snapshot arrives (no view) every card shows a skeleton.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/connection_status.hpp"
#include "core/display_metrics.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"
#include "ui/card.hpp"
#include "ui/cards.hpp"
#include "ui/fonts.hpp"
#include "ui/navigation.hpp"
#include "ui/text_field.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui {

// The live link as the header's indicator shows it.
struct ConnectionDetails {
  core::ConnectionStatus status = core::ConnectionStatus::Offline;
  int attempt = 0;                          // reconnect attempt, while reconnecting
  std::optional<std::int64_t> retry_in_ms;  // countdown to the next attempt
  std::optional<std::int64_t> rtt_ms;       // round trip, while live
  std::string error;                        // why it is down
  bool offer_retry = true;                  // a Retry button beside it when stopped
};

// What fills the area under the header.
enum class ContentState {
  Loading,  // skeletons until the first snapshot
  Ready,    // the cards
  Failed,   // the snapshot failed and there is nothing to show: error + Retry
  SignIn,   // no (valid) token: the sign-in form
};

// A short-lived message in the bottom-right corner.
struct ToastView {
  bool error = false;
  std::string title;
  std::string detail;
  float opacity = 1;       // fades out at the end of its life
  std::string action;      // a button ("Retry", "Undo"); empty: none
  std::string action_key;  // reported when the button is clicked
};

struct ShellOutput;

// Draws the open page (every route but the dashboard) into [min, max],
// the content area's visible part; returns the content's height (the area
// scrolls when it is taller). `io` holds the page's text fields.
using PageDrawer = std::function<float(const DrawContext& ctx, FieldIo& io, ImVec2 min, ImVec2 max,
                                       ShellOutput& out)>;

// How strongly each card flashes this frame (0: not at all, 1: just changed).
struct CardFlash {
  float summary = 0;
  float themes = 0;
  float recent = 0;
  float partial_parts = 0;
  float system = 0;
};

// What the shell needs to know from the rest of the app this frame.
struct ShellView {
  ConnectionDetails connection;
  ContentState content = ContentState::Loading;
  const core::DashboardView* view = nullptr;  // set when content is Ready
  std::string failure;                        // what went wrong, when Failed
  bool degraded = false;                      // the banner: polling instead of streaming
  std::int64_t poll_interval_ms = 30000;
  std::vector<ToastView> toasts;
  CardFlash flash;
  // The header's "Data updated" pill: its opacity (0: hidden). A change made
  // elsewhere reached the view in front (core/client/data_updated.hpp).
  float data_updated = 0;
  bool signing_in = false;     // the form's button shows progress
  bool offer_sign_up = false;  // the sign-in form links to the sign-up page
  // Drawn instead of the sign-in form while signed out (the sign-up page),
  // when set; returns the content's height.
  PageDrawer signed_out_page;
  std::string sign_in_error;      // under the form
  std::string username;           // the user menu
  core::UnixMillis now = 0;       // for relative dates
  int utc_offset_minutes = 0;     // the viewer's zone
  ImageSource* images = nullptr;  // MOC covers; placeholders without it
  // The open page; unset: the dashboard's cards. Drawn whenever the user
  // is signed in (a page loads its own data).
  PageDrawer page;
  std::optional<Section> current_section = Section::Dashboard;  // the sidebar's current item
  NavBadges badges;                                             // counts beside sidebar items
  std::optional<SystemSummary> system;  // the System card (admins); unset: no card
  bool dom_text_input = false;          // text fields are the browser's inputs (web)
};

// What the shell keeps from one frame to the next.
struct ShellState {
  PartialPartsTableState partial_parts;
  bool nav_open = false;  // the menu drawer, on screens without the sidebar
  std::string copy_text;  // what the open right-click menu would copy
  // Every text field's state by id, and the DOM forms submitted since the
  // last frame (the browser's Enter and submit buttons).
  std::map<std::string, TextFieldState, std::less<>> fields;
  std::set<std::string, std::less<>> submitted_forms;
};

struct Credentials {
  std::string username;
  std::string password;
};

// What happened during the frame.
struct ShellOutput {
  std::optional<NavigationIntent> navigation;  // a click asked to go somewhere
  std::vector<CardReport> cards;               // reading order; empty while skeletons show
  std::vector<Semantic> chrome;                // header, banner, toasts, forms: for the overlay
  bool retry = false;                          // a Retry button was clicked
  bool sign_out = false;                       // the user menu's Sign out
  bool sign_out_everywhere = false;            // ends every session of the user
  bool open_sign_up = false;                   // the sign-in form's "Create one" link
  bool open_account = false;                   // the user's name in the header
  std::optional<Credentials> sign_in;          // the form was submitted
  std::optional<std::string> copy;             // text to put on the clipboard
  std::vector<FieldReport> fields;             // text fields, for the overlay's inputs
  std::vector<FormReport> forms;
  std::optional<std::string> toast_action;  // a toast's button was clicked: its key
};

inline constexpr const char* kProductName = "MOC Dashboard";
inline constexpr float kHeaderCssHeight = 60;

// Draws the whole window for one frame. Call between ImGui::NewFrame() and
// ImGui::Render(); `metrics` is this frame's display.
ShellOutput draw_app_shell(const FontSet& fonts, const Palette& palette,
                           const core::DisplayMetrics& metrics, const ShellView& view,
                           ShellState& state);

}  // namespace dashboard::ui
