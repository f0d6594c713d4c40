// widgets: the small drawn pieces cards are made of: text that fits,
// status chips, bars, buttons, tooltips, the brick mark. Immediate mode:
// each call draws now, into the current window.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

// [SECTION] Colour

// `a` blended towards `b` by t in [0, 1].
ImU32 mix(ImU32 a, ImU32 b, float t);

// What a status looks like: a strong colour for bars and a tinted chip.
ImU32 build_status_color(const Palette& palette, core::BuildStatus status);
ImU32 coverage_status_color(const Palette& palette, core::PartsCoverageStatus status);

// The words a person reads for each status: "In progress", "Full inventory".
const char* build_status_label(core::BuildStatus status);
const char* coverage_status_label(core::PartsCoverageStatus status);

// [SECTION] Text

float text_width(const ImFont* font, std::string_view text);

// `text` cut with an ellipsis so it fits `max_width` (whole UTF-8 characters).
std::string fit_text(const ImFont* font, std::string_view text, float max_width);

// Draws `text` at its font's own size.
void draw_text(ImDrawList& draw, const ImFont* font, ImVec2 pos, ImU32 color,
               std::string_view text);

// Draws `text` fitted to `max_width` with its vertical centre at `center_y`.
// Returns the drawn rect's max corner.
ImVec2 draw_text_centered_y(ImDrawList& draw, const ImFont* font, float x, float center_y,
                            float max_width, ImU32 color, std::string_view text);

// True when the mouse is over [min, max] in the current window and nothing
// (a popup, another window) covers it.
bool hovering(ImVec2 min, ImVec2 max);

// A tooltip in the card style (padded, rounded, body font).
void show_tooltip(const DrawContext& ctx, std::string_view text);

// [SECTION] Shapes

// The product mark: a 2x1 brick from above, drawn so it is sharp at any DPR.
void draw_brick_mark(ImDrawList& draw, ImVec2 pos, float size, ImU32 color);

// A rounded horizontal bar: the track, then `fraction` of it filled.
void draw_bar(ImDrawList& draw, ImVec2 min, ImVec2 max, float fraction, ImU32 fill, ImU32 track);

// Width of the chip for `label` in the small font.
float chip_width(const DrawContext& ctx, const char* label);

// A pill with `label`, tinted from `color`, top-left at `pos`. Returns its size.
ImVec2 draw_chip(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos, const char* label,
                 ImU32 color);

// [SECTION] Buttons

enum class ButtonStyle { Primary, Secondary };
enum class ButtonIcon { None, Plus, Grid, Heart };

// A web-style button over [pos, pos + size]; returns true when clicked.
// Shows the hand cursor on hover. A disabled button is drawn faded and
// takes no clicks.
bool draw_button(const DrawContext& ctx, const char* id, const char* label, ImVec2 pos, ImVec2 size,
                 ButtonStyle style, ButtonIcon icon = ButtonIcon::None, bool disabled = false);

// Width a button needs for `label` (and an icon), at the body font.
float button_width(const DrawContext& ctx, const char* label, bool with_icon);

// [SECTION] Choices

// A row of options as one segmented control, `selected` highlighted (-1:
// none). Wraps onto more lines when `width` is too narrow. Returns the
// option clicked, or -1; writes each option's rect to `rects` when given.
// Height: segmented_height.
int draw_segmented(const DrawContext& ctx, const char* id, const char* const* labels, int count,
                   int selected, ImVec2 pos, float width, std::vector<ImVec2>* rects = nullptr);
float segmented_height(const DrawContext& ctx, const char* const* labels, int count, float width);

// A text link ("← MOCs"): accent text, underlined on hover.
bool draw_link(const DrawContext& ctx, const char* id, std::string_view label, ImVec2 pos);

}  // namespace dashboard::ui
