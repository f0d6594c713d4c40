// status_page: /status, the live health of the services the dashboard
// depends on. A banner with the overall verdict ("All systems
// operational", "Degraded", "Outage"), then one card per service: a dot
// and a word for its health (never colour alone), response time, uptime
// over 24 h, a sparkline of the last hour's response times (down minutes
// marked under it), the last check's time, details, and a Refresh button
// (disabled while its check runs). Cards have a fixed height, so a change
// never moves the layout; a changed card flashes like the dashboard's.
//
// Overlay items: status-banner; per card, in order, service-name,
// service-health, service-response, service-uptime, service-checked,
// service-details, service-refresh-button; status-announcement holds the
// last change ("Database degraded") for the live region.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/client/status_model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct StatusPageView {
  const core::client::StatusModel* model = nullptr;  // nullptr or not loaded: skeleton
  std::function<bool(std::string_view id)> refreshing;
  std::function<float(std::string_view id)> flash;  // 0..1, the card's flash strength
  std::string announcement;
  bool offline = false;  // the socket is down: the cards may be stale
};

// The card's colour for a health (good / warning / bad / neutral).
ImU32 health_color(const Palette& palette, core::client::ServiceHealth health);

// A dot and the health's word at `pos` (small font); returns the width used.
float draw_health_badge(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos,
                        core::client::ServiceHealth health);

// Returns the content height; a Refresh click sets out.refresh_service.
float draw_status_page(PageFrame& frame, const StatusPageView& view, PageActions& out);

}  // namespace dashboard::ui
