// connection_indicator: the dot and label in the header that tell a person
// whether the numbers on screen are live: green "Live" (the tooltip has the
// round trip), amber while connecting or counting down to the next attempt,
// red when stopped, with a Retry button beside it.
#pragma once

#include <imgui.h>

#include <string>

#include "ui/app_shell.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

// The pill's text: "Live", "Reconnecting in 4 s", "Disconnected".
std::string connection_label(const ConnectionDetails& details);

// The tooltip: what the state means, then the attempt, round trip or error.
std::string connection_tooltip(const ConnectionDetails& details);

// Width the indicator (and its Retry button, when shown) needs, in device
// pixels, so the header can right-align it.
float connection_indicator_width(const DrawContext& ctx, const ConnectionDetails& details);

// Draws the indicator with its top-left at `origin` inside the current
// window. Records `connection-status` in `chrome`; returns true when Retry
// was clicked.
bool draw_connection_indicator(const DrawContext& ctx, ImVec2 origin, float height,
                               const ConnectionDetails& details, std::vector<Semantic>& chrome);

}  // namespace dashboard::ui
