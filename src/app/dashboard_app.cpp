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

void DashboardApp::set_view(core::DashboardView view) {
  view_ = std::move(view);
  shell_state_.partial_parts.invalidate();
}

std::optional<std::string> DashboardApp::take_navigation() {
  return std::exchange(navigation_, std::nullopt);
}

void DashboardApp::draw() {
  if (!fonts_ok()) return;
  const WallClock clock = clock_();
  shell_.view = view();
  shell_.now = clock.now;
  shell_.utc_offset_minutes = clock.utc_offset_minutes;
  last_frame_ = ui::draw_app_shell(fonts_, *palette_, metrics_, shell_, shell_state_);
  if (last_frame_.navigation) navigation_ = route_for(*last_frame_.navigation, targets_);
}

}  // namespace dashboard::app
