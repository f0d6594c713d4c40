// [SECTION] Colour
// [SECTION] Text
// [SECTION] Shapes
// [SECTION] Buttons
#include "ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace dashboard::ui {

// [SECTION] Colour

ImU32 mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a);
  const ImVec4 y = ImGui::ColorConvertU32ToFloat4(b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t,
                                               x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

ImU32 build_status_color(const Palette& palette, core::BuildStatus status) {
  switch (status) {
    case core::BuildStatus::Added:
      return palette.neutral;
    case core::BuildStatus::InProgress:
      return palette.warning;
    case core::BuildStatus::Built:
      return palette.good;
  }
  return palette.neutral;
}

ImU32 coverage_status_color(const Palette& palette, core::PartsCoverageStatus status) {
  switch (status) {
    case core::PartsCoverageStatus::FullInventory:
      return palette.good;
    case core::PartsCoverageStatus::PartialOrdered:
      return palette.warning;
    case core::PartsCoverageStatus::None:
      return palette.neutral;
  }
  return palette.neutral;
}

const char* build_status_label(core::BuildStatus status) {
  switch (status) {
    case core::BuildStatus::Added:
      return "Added";
    case core::BuildStatus::InProgress:
      return "In progress";
    case core::BuildStatus::Built:
      return "Built";
  }
  return "";
}

const char* coverage_status_label(core::PartsCoverageStatus status) {
  switch (status) {
    case core::PartsCoverageStatus::FullInventory:
      return "Full inventory";
    case core::PartsCoverageStatus::PartialOrdered:
      return "Partly ordered";
    case core::PartsCoverageStatus::None:
      return "No parts yet";
  }
  return "";
}

// [SECTION] Text

float text_width(const ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

std::string fit_text(const ImFont* font, std::string_view text, float max_width) {
  if (text_width(font, text) <= max_width) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  const float budget = max_width - text_width(font, kEllipsis);
  // Longest prefix that fits, found by bisection over byte counts.
  std::size_t lo = 0;
  std::size_t hi = text.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (text_width(font, text.substr(0, mid)) <= budget) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  // Never cut inside a UTF-8 sequence, and drop a dangling space.
  while (lo > 0 && lo < text.size() && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;
  while (lo > 0 && text[lo - 1] == ' ') --lo;
  return std::string(text.substr(0, lo)) + std::string(kEllipsis);
}

void draw_text(ImDrawList& draw, const ImFont* font, ImVec2 pos, ImU32 color,
               std::string_view text) {
  note_missing_glyphs(font, text);
  draw.AddText(font, font->FontSize, ImVec2(std::floor(pos.x), std::floor(pos.y)), color,
               text.data(), text.data() + text.size());
}

ImVec2 draw_text_centered_y(ImDrawList& draw, const ImFont* font, float x, float center_y,
                            float max_width, ImU32 color, std::string_view text) {
  const std::string fitted = fit_text(font, text, max_width);
  const float y = center_y - font->FontSize / 2;
  draw_text(draw, font, ImVec2(x, y), color, fitted);
  return ImVec2(x + text_width(font, fitted), y + font->FontSize);
}

bool hovering(ImVec2 min, ImVec2 max) {
  return ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(min, max);
}

void show_tooltip(const DrawContext& ctx, std::string_view text) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ctx.px(10), ctx.px(6)));
  ImGui::BeginTooltip();
  ImGui::PopStyleVar();
  ImGui::PushFont(ctx.fonts.small);
  note_missing_glyphs(ctx.fonts.small, text);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopFont();
  ImGui::EndTooltip();
}

// [SECTION] Shapes

void draw_brick_mark(ImDrawList& draw, ImVec2 pos, float size, ImU32 color) {
  const float w = size * 1.5f;
  const float h = size;
  draw.AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), color, size * 0.18f);
  const ImU32 stud = IM_COL32(255, 255, 255, 70);
  for (int i = 0; i < 2; ++i) {
    const ImVec2 c(pos.x + w * (0.28f + 0.44f * static_cast<float>(i)), pos.y + h / 2);
    draw.AddCircleFilled(c, size * 0.2f, stud, 20);
  }
}

void draw_bar(ImDrawList& draw, ImVec2 min, ImVec2 max, float fraction, ImU32 fill, ImU32 track) {
  const float rounding = (max.y - min.y) / 2;
  draw.AddRectFilled(min, max, track, rounding);
  fraction = std::clamp(fraction, 0.0f, 1.0f);
  if (fraction <= 0) return;
  // A sliver still reads as "some": never narrower than the bar is tall.
  const float width = std::max((max.x - min.x) * fraction, max.y - min.y);
  draw.AddRectFilled(min, ImVec2(std::min(min.x + width, max.x), max.y), fill, rounding);
}

float chip_width(const DrawContext& ctx, const char* label) {
  return text_width(ctx.fonts.small, label) + ctx.px(16);
}

ImVec2 draw_chip(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos, const char* label,
                 ImU32 color) {
  const ImVec2 size(chip_width(ctx, label), ctx.fonts.small->FontSize + ctx.px(6));
  draw.AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                     mix(color, ctx.palette.card_background, 0.86f), size.y / 2);
  draw_text(draw, ctx.fonts.small, ImVec2(pos.x + ctx.px(8), pos.y + ctx.px(3)),
            mix(color, ctx.palette.text, 0.35f), label);
  return size;
}

// [SECTION] Buttons

namespace {

void draw_icon(ImDrawList& draw, ButtonIcon icon, ImVec2 c, float s, ImU32 color, float stroke) {
  switch (icon) {
    case ButtonIcon::None:
      return;
    case ButtonIcon::Plus:
      draw.AddLine(ImVec2(c.x - s / 2, c.y), ImVec2(c.x + s / 2, c.y), color, stroke);
      draw.AddLine(ImVec2(c.x, c.y - s / 2), ImVec2(c.x, c.y + s / 2), color, stroke);
      return;
    case ButtonIcon::Grid: {
      const float cell = s * 0.42f;
      for (int i = 0; i < 4; ++i) {
        const int column = i % 2;
        const int row = i / 2;
        const ImVec2 p(c.x - s / 2 + static_cast<float>(column) * (s - cell),
                       c.y - s / 2 + static_cast<float>(row) * (s - cell));
        draw.AddRectFilled(p, ImVec2(p.x + cell, p.y + cell), color, s * 0.08f);
      }
      return;
    }
    case ButtonIcon::Heart: {
      const float r = s * 0.27f;
      draw.AddCircleFilled(ImVec2(c.x - r * 0.85f, c.y - r * 0.55f), r, color, 16);
      draw.AddCircleFilled(ImVec2(c.x + r * 0.85f, c.y - r * 0.55f), r, color, 16);
      draw.AddTriangleFilled(ImVec2(c.x - r * 1.95f, c.y - r * 0.25f),
                             ImVec2(c.x + r * 1.95f, c.y - r * 0.25f), ImVec2(c.x, c.y + s * 0.5f),
                             color);
      return;
    }
  }
}

}  // namespace

float button_width(const DrawContext& ctx, const char* label, bool with_icon) {
  return text_width(ctx.fonts.body, label) + ctx.px(with_icon ? 56 : 32);
}

bool draw_button(const DrawContext& ctx, const char* id, const char* label, ImVec2 pos, ImVec2 size,
                 ButtonStyle style, ButtonIcon icon, bool disabled) {
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton(id, size) && !disabled;
  const bool hovered = ImGui::IsItemHovered() && !disabled;
  const bool held = ImGui::IsItemActive() && !disabled;
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  const Palette& p = ctx.palette;
  const bool primary = style == ButtonStyle::Primary;
  ImU32 fill = primary ? p.accent : p.card_background;
  if (hovered) fill = primary ? mix(p.accent, IM_COL32(0, 0, 0, 255), 0.12f) : p.page_background;
  if (held) fill = primary ? mix(p.accent, IM_COL32(0, 0, 0, 255), 0.22f) : p.skeleton;
  if (disabled) fill = primary ? mix(p.accent, p.card_background, 0.45f) : p.page_background;
  ImU32 ink = primary ? IM_COL32(255, 255, 255, 255) : p.text;
  if (disabled && !primary) ink = p.text_muted;

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float rounding = ctx.px(8);
  draw.AddRectFilled(pos, max, fill, rounding);
  if (!primary) draw.AddRect(pos, max, p.card_border, rounding, 0, ctx.px(1));

  const float icon_size = icon == ButtonIcon::None ? 0 : ctx.px(14);
  const float gap = icon == ButtonIcon::None ? 0 : ctx.px(10);
  const std::string text = fit_text(ctx.fonts.body, label, size.x - ctx.px(24) - icon_size - gap);
  const float content_w = icon_size + gap + text_width(ctx.fonts.body, text);
  const float x = pos.x + std::max(ctx.px(12), (size.x - content_w) / 2);
  const float cy = pos.y + size.y / 2;
  draw_icon(draw, icon, ImVec2(x + icon_size / 2, cy), icon_size, primary ? ink : p.accent,
            ctx.px(2));
  draw_text(draw, ctx.fonts.body, ImVec2(x + icon_size + gap, cy - ctx.fonts.body->FontSize / 2),
            ink, text);
  return clicked;
}

// [SECTION] Choices

namespace {

constexpr float kSegmentCssHeight = 34;

// Lines of options at `width`: each option's x offset and line.
struct SegmentPlace {
  float x;
  int line;
  float w;
};

std::vector<SegmentPlace> place_segments(const DrawContext& ctx, const char* const* labels,
                                         int count, float width) {
  std::vector<SegmentPlace> out;
  float x = 0;
  int line = 0;
  for (int i = 0; i < count; ++i) {
    const float w = text_width(ctx.fonts.small, labels[i]) + ctx.px(24);
    if (x > 0 && x + w > width) {
      x = 0;
      ++line;
    }
    out.push_back({x, line, w});
    x += w + ctx.px(6);
  }
  return out;
}

}  // namespace

float segmented_height(const DrawContext& ctx, const char* const* labels, int count, float width) {
  const std::vector<SegmentPlace> places = place_segments(ctx, labels, count, width);
  const int lines = places.empty() ? 1 : places.back().line + 1;
  return static_cast<float>(lines) * ctx.px(kSegmentCssHeight) +
         static_cast<float>(lines - 1) * ctx.px(6);
}

int draw_segmented(const DrawContext& ctx, const char* id, const char* const* labels, int count,
                   int selected, ImVec2 pos, float width, std::vector<ImVec2>* rects) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const std::vector<SegmentPlace> places = place_segments(ctx, labels, count, width);
  const float h = ctx.px(kSegmentCssHeight);
  int clicked = -1;
  ImGui::PushID(id);
  for (int i = 0; i < count; ++i) {
    const SegmentPlace& at = places[static_cast<std::size_t>(i)];
    const ImVec2 min(pos.x + at.x, pos.y + static_cast<float>(at.line) * (h + ctx.px(6)));
    const ImVec2 max(min.x + at.w, min.y + h);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("##segment", ImVec2(at.w, h))) clicked = i;
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const bool on = i == selected;
    const ImU32 fill = on        ? mix(p.card_background, p.accent, 0.14f)
                       : hovered ? mix(p.card_background, p.text, 0.05f)
                                 : p.card_background;
    draw.AddRectFilled(min, max, fill, h / 2);
    draw.AddRect(min, max, on ? p.accent : p.card_border, h / 2, 0, ctx.px(1));
    draw_text(draw, ctx.fonts.small,
              ImVec2(min.x + ctx.px(12), std::round(min.y + (h - ctx.fonts.small->FontSize) / 2)),
              on ? mix(p.accent, p.text, 0.25f) : p.text, labels[i]);
    if (rects != nullptr) {
      rects->push_back(min);
      rects->push_back(max);
    }
  }
  ImGui::PopID();
  return clicked;
}

bool draw_link(const DrawContext& ctx, const char* id, std::string_view label, ImVec2 pos) {
  const ImFont* font = ctx.fonts.body;
  const ImVec2 size(text_width(font, label), font->FontSize + ctx.px(4));
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw_text(draw, font, pos, ctx.palette.accent, label);
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw.AddLine(ImVec2(pos.x, pos.y + font->FontSize + ctx.px(1)),
                 ImVec2(pos.x + size.x, pos.y + font->FontSize + ctx.px(1)), ctx.palette.accent,
                 ctx.px(1));
  }
  return clicked;
}

}  // namespace dashboard::ui
