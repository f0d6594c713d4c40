#include "ui/theme.hpp"

namespace dashboard::ui {

const Palette& light_palette() {
  static const Palette palette{
      .page_background = IM_COL32(244, 246, 250, 255),
      .header_background = IM_COL32(255, 255, 255, 255),
      .card_background = IM_COL32(255, 255, 255, 255),
      .card_border = IM_COL32(225, 229, 236, 255),
      .text = IM_COL32(23, 28, 38, 255),
      .text_muted = IM_COL32(100, 110, 125, 255),
      .accent = IM_COL32(218, 41, 28, 255),  // LEGO red
      .skeleton = IM_COL32(232, 235, 241, 255),
      .good = IM_COL32(22, 163, 74, 255),
      .warning = IM_COL32(217, 119, 6, 255),
      .bad = IM_COL32(220, 38, 38, 255),
      .neutral = IM_COL32(148, 156, 170, 255),
      .dark = false,
  };
  return palette;
}

// The same hierarchy on a dark page: cards lift by lightness instead of by
// shadow, and the status colours are brightened to keep their contrast.
const Palette& dark_palette() {
  static const Palette palette{
      .page_background = IM_COL32(15, 20, 28, 255),
      .header_background = IM_COL32(22, 28, 38, 255),
      .card_background = IM_COL32(26, 32, 44, 255),
      .card_border = IM_COL32(44, 52, 66, 255),
      .text = IM_COL32(230, 233, 239, 255),
      .text_muted = IM_COL32(150, 160, 176, 255),
      .accent = IM_COL32(239, 68, 56, 255),
      .skeleton = IM_COL32(40, 47, 60, 255),
      .good = IM_COL32(34, 197, 94, 255),
      .warning = IM_COL32(245, 158, 11, 255),
      .bad = IM_COL32(248, 84, 84, 255),
      .neutral = IM_COL32(120, 130, 146, 255),
      .dark = true,
  };
  return palette;
}

void apply_theme(const Palette& palette, float dpr) {
  ImGuiStyle style;
  if (palette.dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.ChildRounding = 10;
  style.FrameRounding = 6;
  style.FramePadding = ImVec2(10, 6);
  style.ItemSpacing = ImVec2(8, 8);
  style.ScrollbarSize = 10;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 6;
  style.PopupRounding = 8;
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(palette.page_background);
  style.Colors[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(palette.card_background);
  style.Colors[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(palette.card_border);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(palette.text);
  style.Colors[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(palette.text_muted);
  style.Colors[ImGuiCol_FrameBg] = ImGui::ColorConvertU32ToFloat4(palette.card_background);
  style.Colors[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(palette.card_background);
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

ImVec4 clear_color(const Palette& palette) {
  return ImGui::ColorConvertU32ToFloat4(palette.page_background);
}

}  // namespace dashboard::ui
