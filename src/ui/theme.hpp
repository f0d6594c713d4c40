// theme: colours and spacing that make ImGui look like a web dashboard
// rather than a debug tool. Sizes are CSS pixels scaled by the DPR.
#pragma once

#include <imgui.h>

namespace dashboard::ui {

// The palette the cards draw with, beyond ImGui's own style colours.
struct Palette {
  ImU32 page_background;
  ImU32 header_background;
  ImU32 card_background;
  ImU32 card_border;
  ImU32 text;
  ImU32 text_muted;
  ImU32 accent;
  ImU32 skeleton;
  ImU32 good;
  ImU32 warning;
  ImU32 bad;
  ImU32 neutral;
  bool dark;  // ImGui's own widgets (text fields, scrollbars) follow
};

const Palette& light_palette();
const Palette& dark_palette();

// Sets ImGui's style for `dpr` (resets first, so calling it again after a
// DPR change does not compound the scaling).
void apply_theme(const Palette& palette, float dpr);

// The clear colour for the frame, as floats for glClearColor.
ImVec4 clear_color(const Palette& palette);

}  // namespace dashboard::ui
