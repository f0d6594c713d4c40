// Theme Breakdown (theme-breakdown-card): themes ranked by MOCs, each row
// a MOC bar (accent) over a set bar (grey) with their values. Each series
// is scaled to its own largest value so neither flattens the other; the
// values are printed, so the chart never misleads. Rows that do not fit
// collapse into a "+K more" line whose tooltip lists them.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/format.hpp"
#include "core/table_sort.hpp"
#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr float kRowCss = 44;
constexpr float kBarCss = 12;
constexpr float kBarGapCss = 6;
constexpr float kMoreLineCss = 28;
constexpr std::size_t kMoreTooltipLines = 12;
constexpr const char* kEmptyLine = "Themes show up here once your MOCs have them.";

std::string plural(std::int64_t n, const char* one, const char* many) {
  return core::format_count(n) + " " + (n == 1 ? one : many);
}

std::string describe(const core::ThemeStats& t) {
  return t.theme + ": " + plural(t.moc_count, "MOC", "MOCs") + ", " +
         plural(t.set_count, "set", "sets");
}

ImU32 set_color(const Palette& p) {
  return p.neutral;
}

// Legend on the title line, right-aligned: a swatch and a word per series.
void draw_legend(const DrawContext& ctx, const CardArea& area) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float swatch = ctx.px(10);
  const float cy = area.title_y + ctx.fonts.heading->FontSize / 2;
  float x = area.content_max.x;
  const std::pair<const char*, ImU32> series[] = {{"Sets", set_color(ctx.palette)},
                                                  {"MOCs", ctx.palette.accent}};
  for (const auto& [label, color] : series) {
    x -= text_width(ctx.fonts.small, label);
    draw_text(draw, ctx.fonts.small, ImVec2(x, cy - ctx.fonts.small->FontSize / 2),
              ctx.palette.text_muted, label);
    x -= swatch + ctx.px(6);
    draw.AddRectFilled(ImVec2(x, cy - swatch / 2), ImVec2(x + swatch, cy + swatch / 2), color,
                       ctx.px(3));
    x -= ctx.px(14);
  }
}

}  // namespace

float theme_breakdown_card_height(const DrawContext& ctx, std::span<const core::ThemeStats> themes,
                                  float width) {
  if (themes.empty()) {
    return card_chrome_height(ctx) +
           empty_state_height(ctx, width - 2 * ctx.px(kCardPaddingCss), kEmptyLine);
  }
  const std::size_t rows = std::min<std::size_t>(themes.size(), kThemeRowsPreferred);
  const float more = themes.size() > rows ? ctx.px(kMoreLineCss) : 0;
  return card_chrome_height(ctx) + static_cast<float>(rows) * ctx.px(kRowCss) + more;
}

CardReport draw_theme_breakdown_card(const DrawContext& ctx,
                                     std::span<const core::ThemeStats> themes, ImVec2 pos,
                                     ImVec2 size) {
  CardReport report{.test_id = "theme-breakdown-card"};
  report.rows_total = static_cast<int>(themes.size());
  const CardArea area = begin_card(ctx, report, "Theme Breakdown", pos, size);
  if (themes.empty()) {
    if (draw_empty_state(ctx, report, "theme-breakdown-empty", area.content_min, area.content_max,
                         kEmptyLine, "Add New MOC")) {
      report.navigation = QuickAction::AddMoc;
    }
    end_card();
    return report;
  }
  draw_legend(ctx, area);

  const std::vector<core::ThemeStats> ranked = core::ranked_themes(themes);
  const float row_h = ctx.px(kRowCss);
  const float avail = area.content_max.y - area.content_min.y;
  std::size_t shown = ranked.size();
  if (static_cast<float>(shown) * row_h > avail) {
    shown = static_cast<std::size_t>(
        std::max(1.0f, std::floor((avail - ctx.px(kMoreLineCss)) / row_h + 0.01f)));
  }

  std::int64_t max_mocs = 1;
  std::int64_t max_sets = 1;
  float value_w = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    max_mocs = std::max(max_mocs, ranked[i].moc_count);
    max_sets = std::max(max_sets, ranked[i].set_count);
    value_w =
        std::max({value_w, text_width(ctx.fonts.small, core::format_count(ranked[i].moc_count)),
                  text_width(ctx.fonts.small, core::format_count(ranked[i].set_count))});
  }

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  const float left = area.content_min.x;
  const float right = area.content_max.x;
  const float name_w = std::min(ctx.px(140), (right - left) * 0.36f);
  const float bar_x = left + name_w + ctx.px(12);
  const float bar_max = std::max(ctx.px(8), right - bar_x - value_w - ctx.px(8));
  float y = area.content_min.y;
  for (std::size_t i = 0; i < shown; ++i) {
    const core::ThemeStats& t = ranked[i];
    const ImVec2 row_min(area.min.x + ctx.px(8), y);
    const ImVec2 row_max(area.max.x - ctx.px(8), y + row_h);
    const bool hovered = hovering(row_min, row_max);
    if (hovered) draw.AddRectFilled(row_min, row_max, p.page_background, ctx.px(8));

    const float cy = y + row_h / 2;
    const ImVec2 name_end =
        draw_text_centered_y(draw, ctx.fonts.body, left, cy, name_w, p.text, t.theme);
    report.add("theme-row", t.theme, ImVec2(left, name_end.y - ctx.fonts.body->FontSize), name_end);

    const float moc_y = cy - ctx.px(kBarGapCss) / 2 - ctx.px(kBarCss);
    const float set_y = cy + ctx.px(kBarGapCss) / 2;
    const auto bar = [&](float top, std::int64_t value, std::int64_t max, ImU32 color,
                         const char* id) {
      const float len =
          bar_max * static_cast<float>(std::max<std::int64_t>(value, 0)) / static_cast<float>(max);
      const float end = bar_x + std::max(len, value > 0 ? ctx.px(kBarCss) : ctx.px(3));
      draw.AddRectFilled(ImVec2(bar_x, top), ImVec2(end, top + ctx.px(kBarCss)),
                         value > 0 ? color : p.skeleton, ctx.px(3));
      const std::string text = core::format_count(value);
      const ImVec2 text_end =
          draw_text_centered_y(draw, ctx.fonts.small, end + ctx.px(6), top + ctx.px(kBarCss) / 2,
                               value_w + ctx.px(2), p.text_muted, text);
      report.add(id, text, ImVec2(end + ctx.px(6), top), text_end);
    };
    bar(moc_y, t.moc_count, max_mocs, p.accent, "theme-moc-count");
    bar(set_y, t.set_count, max_sets, set_color(p), "theme-set-count");

    if (hovered) show_tooltip(ctx, describe(t));
    ++report.rows_drawn;
    y += row_h;
  }

  if (shown < ranked.size()) {
    const std::string more = "+" +
                             core::format_count(static_cast<std::int64_t>(ranked.size() - shown)) +
                             " more " + (ranked.size() - shown == 1 ? "theme" : "themes");
    const float cy = y + ctx.px(kMoreLineCss) / 2;
    const ImVec2 end =
        draw_text_centered_y(draw, ctx.fonts.small, left, cy, right - left, p.text_muted, more);
    const ImVec2 start(left, end.y - ctx.fonts.small->FontSize);
    report.add("theme-more", more, start, end);
    if (hovering(start, end)) {
      std::string tip;
      for (std::size_t i = shown; i < ranked.size() && i < shown + kMoreTooltipLines; ++i) {
        tip += describe(ranked[i]) + "\n";
      }
      if (ranked.size() - shown > kMoreTooltipLines) {
        tip += "\xE2\x80\xA6";
      } else {
        tip.pop_back();  // the last newline
      }
      show_tooltip(ctx, tip);
    }
  }
  end_card();
  return report;
}

}  // namespace dashboard::ui
