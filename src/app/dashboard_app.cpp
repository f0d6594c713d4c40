#include "app/dashboard_app.hpp"

#include <imgui.h>

#include <chrono>
#include <ctime>
#include <utility>

namespace dashboard::app {
namespace {

// Unreserved characters (RFC 3986) pass; everything else is %XX, so an id
// can never escape its path segment.
std::string encode_path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

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

}  // namespace

std::string route_for(const ui::NavigationIntent& intent, const NavigationTargets& targets) {
  if (const auto* open = std::get_if<ui::OpenMoc>(&intent)) {
    return targets.moc_detail_prefix + encode_path_segment(open->id);
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

bool DashboardApp::prepare_frame(const core::DisplayMetrics& metrics) {
  metrics_ = metrics;
  const float dpr = core::sanitize_device_pixel_ratio(metrics.device_pixel_ratio);
  if (fonts_built_ && !core::needs_font_rebuild(fonts_.dpr, dpr)) return false;

  fonts_ = ui::load_fonts(font_dir_, dpr);
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
constexpr core::UnixMillis kToastMs = 5000;
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
    shell_state_.sign_in = {};  // signed in: the typed password is not kept
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
}

void DashboardApp::act_on(const ui::ShellOutput& out, core::UnixMillis now) {
  if (out.copy) {
    ImGui::SetClipboardText(out.copy->c_str());
    toasts_.push_back(
        {{Toast::Kind::Info, "Copied to the clipboard", *out.copy, "", "", 5000}, now});
  }
  if (live_ == nullptr) return;
  if (out.retry) live_->retry(now);
  if (out.sign_out) live_->sign_out(now);
  if (out.sign_in) live_->sign_in(out.sign_in->username, out.sign_in->password, now);
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
  shell_.now = now;
  shell_.utc_offset_minutes = clock.utc_offset_minutes;
  if (shell_.images != nullptr) shell_.images->begin_frame(now);
  shell_.flash = {.summary = fade(now, changed_at_[0], kFlashMs),
                  .themes = fade(now, changed_at_[1], kFlashMs),
                  .recent = fade(now, changed_at_[2], kFlashMs),
                  .partial_parts = fade(now, changed_at_[3], kFlashMs)};
  std::erase_if(toasts_, [now](const TimedToast& t) { return now - t.shown_at >= kToastMs; });
  shell_.toasts.clear();
  for (const TimedToast& t : toasts_) {
    const core::UnixMillis left = kToastMs - (now - t.shown_at);
    shell_.toasts.push_back(
        {.error = t.toast.kind == Toast::Kind::Error,
         .title = t.toast.title,
         .detail = t.toast.detail,
         .opacity = left < kToastFadeMs ? static_cast<float>(left) / kToastFadeMs : 1.0f});
  }

  last_frame_ = ui::draw_app_shell(fonts_, *palette_, metrics_, shell_, shell_state_);
  if (last_frame_.navigation) navigation_ = route_for(*last_frame_.navigation, targets_);
  act_on(last_frame_, now);

  const ui::CardFlash& f = shell_.flash;
  animating_ = f.summary > 0 || f.themes > 0 || f.recent > 0 || f.partial_parts > 0 ||
               !toasts_.empty() || shell_.content == ui::ContentState::Loading ||
               shell_.connection.retry_in_ms.has_value() || shell_.signing_in;
}

}  // namespace dashboard::app
