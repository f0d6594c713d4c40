#include "app/dashboard_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/client/moc_query.hpp"
#include "ui/navigation.hpp"

namespace dashboard::app {
namespace {

// Days since the epoch for a civil date (H. Hinnant's algorithm), so the
// zone offset comes from localtime alone, without tm_gmtoff or timegm.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The whole file, or nothing when it cannot be read (C stdio: iostreams
// would add their locale machinery to the WebAssembly build).
std::vector<unsigned char> read_file(const std::string& path) {
  std::vector<unsigned char> bytes;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return bytes;
  unsigned char chunk[65536];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  std::fclose(f);
  return bytes;
}

}  // namespace

std::string route_for(const ui::NavigationIntent& intent, const NavigationTargets& targets) {
  if (const auto* open = std::get_if<ui::OpenMoc>(&intent)) {
    return targets.moc_detail_prefix + core::client::encode_path_segment(open->id);
  }
  if (const auto* section = std::get_if<ui::Section>(&intent)) {
    switch (*section) {
      case ui::Section::Dashboard:
        return targets.dashboard;
      case ui::Section::Mocs:
        return targets.mocs;
      case ui::Section::Gallery:
        return targets.gallery;
      case ui::Section::Wishlist:
        return targets.wishlist;
      case ui::Section::Board:
        return targets.board;
      case ui::Section::Messages:
        return targets.messages;
      case ui::Section::Notifications:
        return targets.notifications;
      case ui::Section::Status:
        return targets.status;
    }
  }
  switch (std::get<ui::QuickAction>(intent)) {
    case ui::QuickAction::AddMoc:
      return targets.add_moc;
    case ui::QuickAction::BrowseGallery:
      return targets.gallery;
    case ui::QuickAction::ViewWishlist:
      return targets.wishlist;
  }
  return targets.add_moc;
}

WallClock system_wall_clock() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  const std::int64_t local_seconds =
      days_from_civil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                      static_cast<unsigned>(local.tm_mday)) *
          86400 +
      local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec;
  return WallClock{
      .now = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(),
      .utc_offset_minutes = static_cast<int>((local_seconds - seconds) / 60)};
}

DashboardApp::DashboardApp(std::string font_dir, NavigationTargets targets)
    : font_dir_(std::move(font_dir)),
      targets_(std::move(targets)),
      palette_(&ui::light_palette()) {}

void DashboardApp::add_fallback_font(std::string_view file, std::vector<unsigned char> bytes) {
  for (std::size_t face = 0; face < ui::kFallbackFiles.size(); ++face) {
    if (file != ui::kFallbackFiles[face]) continue;
    face_state_[face] = bytes.empty() ? FaceState::Failed : FaceState::Loaded;
    fallback_.data[face] = std::move(bytes);
    return;
  }
}

bool DashboardApp::prepare_frame(const core::DisplayMetrics& metrics) {
  metrics_ = metrics;
  const float dpr = core::sanitize_device_pixel_ratio(metrics.device_pixel_ratio);
  bool rebuild = !fonts_built_ || core::needs_font_rebuild(fonts_.dpr, dpr);

  // Characters the atlas lacked last frame: their faces load (once), and
  // the atlas is built again with them when the face is in.
  for (const unsigned c : ui::take_missing_glyphs()) {
    if (tried_glyphs_.insert(c).second && ui::fallback_face(c)) pending_glyphs_.insert(c);
  }
  for (auto it = pending_glyphs_.begin(); it != pending_glyphs_.end();) {
    const auto face = static_cast<std::size_t>(*ui::fallback_face(*it));
    const std::string file = ui::kFallbackFiles[face];
    if (face_state_[face] == FaceState::Absent) {
      face_state_[face] = FaceState::Loading;
      if (font_loader_) {
        font_loader_(file);
      } else {
        add_fallback_font(file, read_file(fallback_dir_ + "/" + file));
      }
    }
    if (face_state_[face] == FaceState::Loaded) {
      fallback_.glyphs.insert(*it);
      rebuild = true;
    }
    if (face_state_[face] == FaceState::Loaded || face_state_[face] == FaceState::Failed) {
      it = pending_glyphs_.erase(it);
    } else {
      ++it;
    }
  }
  if (!rebuild) return false;

  fonts_ = ui::load_fonts(font_dir_, dpr, &fallback_);
  fonts_built_ = true;
  ui::apply_theme(*palette_, dpr);
  return true;
}

void DashboardApp::set_dark(bool dark) {
  if (dark == palette_->dark) return;
  palette_ = dark ? &ui::dark_palette() : &ui::light_palette();
  if (fonts_built_) ui::apply_theme(*palette_, fonts_.dpr);
}

void DashboardApp::set_view(core::DashboardView view) {
  view_ = std::move(view);
  shell_state_.partial_parts.invalidate();
}

const core::DashboardView* DashboardApp::view() const {
  if (live_ != nullptr) return live_->view();
  return view_ ? &*view_ : nullptr;
}

std::optional<std::string> DashboardApp::take_navigation() {
  return std::exchange(navigation_, std::nullopt);
}

namespace {

constexpr core::UnixMillis kFlashMs = 900;
constexpr core::UnixMillis kToastFadeMs = 400;

// 1 just after `since`, fading to 0 over `duration` (eased, so the end is soft).
float fade(core::UnixMillis now, core::UnixMillis since, core::UnixMillis duration) {
  if (since == 0 || now < since || now - since >= duration) return 0;
  const float t = static_cast<float>(now - since) / static_cast<float>(duration);
  return (1 - t) * (1 - t);
}

}  // namespace

void DashboardApp::read_live(core::UnixMillis now) {
  LiveClient& live = *live_;
  const LinkState link = live.link(now);
  shell_.connection = {.status = link.status,
                       .attempt = link.attempt,
                       .retry_in_ms = link.retry_in_ms,
                       .rtt_ms = link.rtt_ms,
                       .error = link.error,
                       // Red means stopped trying: Retry beside it (degraded
                       // mode's banner repeats it). Not for a sign-in, which
                       // has its own form.
                       .offer_retry = !live.needs_sign_in()};
  shell_.degraded = link.degraded;
  shell_.poll_interval_ms = link.poll_interval_ms;
  shell_.username = live.username();
  shell_.signing_in = live.signing_in();
  shell_.sign_in_error = live.sign_in_error();
  shell_.failure = live.snapshot_error();
  const bool was_signing_in = shell_.content == ui::ContentState::SignIn;
  if (live.needs_sign_in()) {
    shell_.content = ui::ContentState::SignIn;
  } else if (live.view() != nullptr) {
    shell_.content = ui::ContentState::Ready;
  } else {
    shell_.content = live.snapshot_state() == SnapshotState::Failed ? ui::ContentState::Failed
                                                                    : ui::ContentState::Loading;
  }
  if (was_signing_in && shell_.content != ui::ContentState::SignIn) {
    shell_state_.fields["sign-in-password"].value.clear();  // signed in: the password is not kept
  }

  const core::client::SliceMask changed = live.take_changed();
  constexpr std::array<core::client::SliceMask, 4> kSlices{
      core::client::kSummary, core::client::kThemeBreakdown, core::client::kRecentMocs,
      core::client::kPartialParts};
  for (std::size_t i = 0; i < kSlices.size(); ++i) {
    if ((changed & kSlices[i]) != 0) changed_at_[i] = now;
  }
  if ((changed & core::client::kPartialParts) != 0) shell_state_.partial_parts.invalidate();
  for (Toast& toast : live.take_toasts()) toasts_.push_back({std::move(toast), now});
  if (collection_ != nullptr) {
    collection_->update(now);
    for (Toast& toast : collection_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
  if (board_ != nullptr) {
    for (Toast& toast : board_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
  note_data_updated(now);
  if (messages_ != nullptr) {
    for (Toast& toast : messages_->take_toasts()) toasts_.push_back({std::move(toast), now});
    shell_.badges.messages_unread = messages_->inbox().unread_total();
    shell_.badges.notifications_unread = messages_->notifications().unread();
  }
  if (status_ != nullptr) {
    StatusWant want = StatusWant::None;
    if (!live.needs_sign_in() && route_.page == core::client::Page::Status) want = StatusWant::Live;
    if (!live.needs_sign_in() && route_.page == core::client::Page::Dashboard) {
      want = StatusWant::Summary;
    }
    status_->update(now, want);
    for (Toast& toast : status_->take_toasts()) toasts_.push_back({std::move(toast), now});
  }
}

void DashboardApp::act_on(const ui::ShellOutput& out, core::UnixMillis now) {
  if (out.copy) {
    ImGui::SetClipboardText(out.copy->c_str());
    toasts_.push_back(
        {{Toast::Kind::Info, "Copied to the clipboard", *out.copy, "", "", 5000}, now});
  }
  if (out.toast_action && collection_ != nullptr) {
    const std::string key = *out.toast_action;
    // The toast has done its job once its button is used.
    std::erase_if(toasts_, [&key](const TimedToast& t) { return t.toast.action_key == key; });
    collection_->act(key);
  }
  if (live_ == nullptr) return;
  if (out.retry) live_->retry(now);
  if (out.sign_out) live_->sign_out(now);
  if (out.sign_out_everywhere) live_->sign_out(now, true);
  if (out.sign_in) live_->sign_in(out.sign_in->username, out.sign_in->password, now);
  act_on_account(out, now);
}

void DashboardApp::draw() {
  if (!fonts_ok()) return;
  const WallClock clock = clock_();
  const core::UnixMillis now = clock.now;
  if (live_ != nullptr) {
    read_live(now);
  } else {
    shell_.content = view_ ? ui::ContentState::Ready : ui::ContentState::Loading;
  }
  shell_.view = view();
  if (collection_ != nullptr && shell_.view != nullptr) {
    projected_ = collection_->dashboard(*shell_.view, now);
    shell_.view = &projected_;
  }
  shell_.now = now;
  prepare_account_pages();
  shell_.current_section = ui::section_of(route_.page);
  if (board_ != nullptr && route_.page != core::client::Page::Board) board_->leave_board();
  if (messages_ != nullptr && route_.page != core::client::Page::Messages) {
    messages_->want_thread("");
  }
  page_animating_ = false;
  if (route_.page == core::client::Page::Dashboard) {
    shell_.page = nullptr;
  } else {
    shell_.page = [this, now](const ui::DrawContext& ctx, ui::FieldIo& io, ImVec2 min, ImVec2 max,
                              ui::ShellOutput& out) {
      return draw_page(ctx, io, min, max, out, now);
    };
  }
  shell_.system.reset();
  if (status_ != nullptr && status_->admin() && status_->model().loaded()) {
    const core::client::StatusModel& m = status_->model();
    shell_.system = ui::SystemSummary{.overall = m.overall(),
                                      .up = m.count(core::client::ServiceHealth::Up),
                                      .degraded = m.count(core::client::ServiceHealth::Degraded),
                                      .down = m.count(core::client::ServiceHealth::Down),
                                      .checking = m.count(core::client::ServiceHealth::Unknown)};
    if (shell_.system->overall != system_overall_) {
      // The first verdict is no change; a later one flashes the card.
      if (system_seen_) system_changed_at_ = now;
      system_overall_ = shell_.system->overall;
    }
    system_seen_ = true;
  }
  shell_.utc_offset_minutes = clock.utc_offset_minutes;
  if (shell_.images != nullptr) shell_.images->begin_frame(now);
  shell_.flash = {.summary = fade(now, changed_at_[0], kFlashMs),
                  .themes = fade(now, changed_at_[1], kFlashMs),
                  .recent = fade(now, changed_at_[2], kFlashMs),
                  .partial_parts = fade(now, changed_at_[3], kFlashMs),
                  .system = fade(now, system_changed_at_, kFlashMs)};
  shell_.data_updated = shell_.content == ui::ContentState::SignIn
                            ? 0.0f
                            : data_updated_.opacity(now, reduced_motion_);
  std::erase_if(toasts_, [now](const TimedToast& t) {
    return now - t.shown_at >= std::max<std::int64_t>(t.toast.duration_ms, kToastFadeMs);
  });
  shell_.toasts.clear();
  for (const TimedToast& t : toasts_) {
    const core::UnixMillis left = t.toast.duration_ms - (now - t.shown_at);
    shell_.toasts.push_back(
        {.error = t.toast.kind == Toast::Kind::Error,
         .title = t.toast.title,
         .detail = t.toast.detail,
         .opacity = left < kToastFadeMs ? static_cast<float>(left) / kToastFadeMs : 1.0f,
         .action = t.toast.action,
         .action_key = t.toast.action_key});
  }

  page_actions_ = {};
  last_frame_ = ui::draw_app_shell(fonts_, *palette_, metrics_, shell_, shell_state_);
  if (last_frame_.navigation) navigate(route_for(*last_frame_.navigation, targets_));
  act_on(last_frame_, now);
  act_on_page(page_actions_, now);
  update_title();

  const ui::CardFlash& f = shell_.flash;
  animating_ = f.summary > 0 || f.themes > 0 || f.recent > 0 || f.partial_parts > 0 ||
               f.system > 0 || !toasts_.empty() || shell_.data_updated > 0 ||
               (shell_.content == ui::ContentState::Loading && !shell_.page) ||
               shell_.connection.retry_in_ms.has_value() || shell_.signing_in || page_animating_ ||
               (account_ != nullptr && account_->form().busy) ||
               (collection_ != nullptr && !collection_->queue().empty()) ||
               (board_ != nullptr && !board_->moves().empty());
}

// [SECTION] Routes

void DashboardApp::set_route(std::string_view path) {
  const core::client::Route next = core::client::parse_route(path);
  if (next.page == core::client::Page::Mocs) {
    const core::client::MocQuery query = core::client::query_from_page(next.query);
    if (query != mocs_query_ || route_.page != core::client::Page::Mocs) {
      mocs_query_ = query;
      mocs_state_ = {};
      mocs_state_.editing = query;
    }
  }
  // The pill spoke of the page being left.
  if (next.page != route_.page || next.moc_id != route_.moc_id ||
      next.board_owner != route_.board_owner) {
    data_updated_.clear();
  }
  if (next.page != route_.page && account_ != nullptr) {
    account_->reset_form();  // a form left behind starts afresh
    sign_up_memory_ = {};
    password_memory_ = {};
  }
  route_ = next;
  update_title();
}

void DashboardApp::navigate(const std::string& path) {
  const core::client::Route before = route_;
  set_route(path);
  if (route_ == before) return;
  navigated_ = true;
  navigation_ = core::client::route_path(route_);
  shell_state_.nav_open = false;
}

std::optional<std::string> DashboardApp::take_replacement() {
  return std::exchange(replacement_, std::nullopt);
}

void DashboardApp::update_title() {
  std::string moc_title;
  if (route_.page == core::client::Page::Moc && collection_ != nullptr) {
    if (const std::optional<core::Moc> moc = collection_->moc(route_.moc_id))
      moc_title = moc->title;
  }
  title_ = core::client::document_title(route_, moc_title);
}

// [SECTION] The status page

void DashboardApp::draw_status(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                               float& height) {
  ui::StatusPageView view;
  if (status_ != nullptr) {
    const StatusClient* status = status_;
    view.model = &status->model();
    view.refreshing = [status](std::string_view id) { return status->refreshing(id); };
    view.flash = [this, status, now](std::string_view id) {
      const float f = fade(now, status->changed_at(id), kFlashMs);
      page_animating_ |= f > 0;
      return f;
    };
    view.announcement = status->announcement();
    view.offline = live_ != nullptr && live_->link(now).status != core::ConnectionStatus::Live;
  }
  height = ui::draw_status_page(frame, view, actions);
}

// [SECTION] The browser's text inputs

void DashboardApp::on_field_input(std::string_view id, std::string value, int selection_start,
                                  int selection_end, int composition_start, int composition_end) {
  ui::TextFieldState& field = shell_state_.fields[std::string(id)];
  const bool stale = field.value != field.dom_value && value == field.dom_value;
  field.dom_value = value;
  if (!stale) field.value = std::move(value);
  field.selection_start = selection_start;
  field.selection_end = selection_end;
  field.composition_start = composition_start;
  field.composition_end = composition_end;
}

void DashboardApp::on_field_focus(std::string_view id, bool focused) {
  ui::TextFieldState& field = shell_state_.fields[std::string(id)];
  if (field.focused && !focused) field.blurred = true;
  field.focused = focused;
  if (!focused) field.composition_start = field.composition_end = -1;
}

void DashboardApp::on_field_escape(std::string_view id) {
  shell_state_.fields[std::string(id)].escaped = true;
}

void DashboardApp::on_form_submit(std::string_view form) {
  shell_state_.submitted_forms.emplace(form);
}

}  // namespace dashboard::app
