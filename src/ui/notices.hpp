// notices: what the dashboard says about itself rather than the collection:
// the degraded-mode banner under the header, toasts in the corner, and the
// panel that replaces the cards when the snapshot could not be loaded.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/app_shell.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

inline constexpr float kBannerCssHeight = 44;

// The amber strip across [pos, pos + (width, banner height)]. Records
// `degraded-mode-banner`; returns true when "Retry now" was clicked.
bool draw_degraded_banner(const DrawContext& ctx, ImVec2 pos, float width,
                          std::int64_t poll_interval_ms, std::vector<Semantic>& chrome);

// Stacks the toasts upwards from the bottom-right corner of the viewport,
// above everything else. Records each as `toast` (its button as
// `toast-action`); returns the action key of a button clicked.
std::optional<std::string> draw_toasts(const DrawContext& ctx, const std::vector<ToastView>& toasts,
                                       std::vector<Semantic>& chrome);

// A card-styled panel centred in [min, max]: a heading, `message` and a
// Retry button. Records `snapshot-error`; returns true when Retry was clicked.
bool draw_failure_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max, const std::string& message,
                        std::vector<Semantic>& chrome);

}  // namespace dashboard::ui
