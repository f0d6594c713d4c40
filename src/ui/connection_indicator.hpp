// connection_indicator: the dot and label in the header that tell a person
// whether the numbers on screen are live.
#pragma once

#include <imgui.h>

#include "core/connection_status.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace dashboard::ui {

// Width the indicator needs, in device pixels, so the header can right-align it.
float connection_indicator_width(const FontSet& fonts, core::ConnectionStatus status);

// Draws the indicator with its top-left at `origin` (device pixels) inside
// the current window; hovering shows what the state means.
void draw_connection_indicator(const FontSet& fonts, const Palette& palette, ImVec2 origin,
                               float height, core::ConnectionStatus status);

}  // namespace dashboard::ui
