// Collection Summary (collection-summary-card): the two headline figures,
// then how the MOCs split by build status and by parts coverage.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "core/format.hpp"
#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr float kFigureLabelGapCss = 4;
constexpr float kSectionGapCss = 20;
constexpr float kSectionTitleGapCss = 8;
constexpr float kBarRowCss = 24;
constexpr float kBarHeightCss = 8;
constexpr const char* kEmptyLine = "No MOCs yet. Add your first build to see it counted here.";

// "IN_PROGRESS" -> "in-progress", for semantic ids.
std::string slug(std::string_view wire) {
  std::string out(wire);
  for (char& c : out) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

float figures_height(const DrawContext& ctx) {
  return ctx.fonts.display->FontSize + ctx.px(kFigureLabelGapCss) + ctx.fonts.small->FontSize;
}

float section_height(const DrawContext& ctx) {
  return ctx.fonts.small->FontSize + ctx.px(kSectionTitleGapCss) + 3 * ctx.px(kBarRowCss);
}

void draw_figure(const DrawContext& ctx, CardReport& report, ImVec2 pos, const char* id,
                 std::int64_t value, const char* label) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const std::string text = core::format_count(value);
  draw_text(draw, ctx.fonts.display, pos, ctx.palette.text, text);
  report.add(
      id, text, pos,
      ImVec2(pos.x + text_width(ctx.fonts.display, text), pos.y + ctx.fonts.display->FontSize));
  draw_text(draw, ctx.fonts.small,
            ImVec2(pos.x, pos.y + ctx.fonts.display->FontSize + ctx.px(kFigureLabelGapCss)),
            ctx.palette.text_muted, label);
}

struct BarRow {
  std::string id;
  const char* label;
  std::int64_t count;
  ImU32 color;
};

// One small chart: a caption, then a row per status with a coloured dot,
// the label, a bar of its share and the count.
float draw_breakdown(const DrawContext& ctx, CardReport& report, ImVec2 pos, float width,
                     float row_h, const char* caption, const std::array<BarRow, 3>& rows) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  draw_text(draw, ctx.fonts.small, pos, p.text_muted, caption);
  float y = pos.y + ctx.fonts.small->FontSize + ctx.px(kSectionTitleGapCss);

  std::int64_t total = 0;
  std::array<std::string, 3> values;
  float value_w = ctx.px(24);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    total += std::max<std::int64_t>(rows[i].count, 0);
    values[i] = core::format_count(rows[i].count);
    value_w = std::max(value_w, text_width(ctx.fonts.small, values[i]));
  }
  const float label_w = std::min(ctx.px(112), width * 0.42f);
  const float dot = ctx.px(8);
  const float bar_x = pos.x + dot + ctx.px(8) + label_w;
  const float bar_right = pos.x + width - value_w - ctx.px(10);

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BarRow& row = rows[i];
    const float cy = y + row_h / 2;
    draw.AddCircleFilled(ImVec2(pos.x + dot / 2, cy), dot / 2, row.color, 12);
    draw_text_centered_y(draw, ctx.fonts.small, pos.x + dot + ctx.px(8), cy, label_w - ctx.px(6),
                         p.text, row.label);
    const float fraction = total > 0 ? static_cast<float>(std::max<std::int64_t>(row.count, 0)) /
                                           static_cast<float>(total)
                                     : 0;
    const float half_bar = ctx.px(kBarHeightCss) / 2;
    draw_bar(draw, ImVec2(bar_x, cy - half_bar), ImVec2(std::max(bar_x, bar_right), cy + half_bar),
             fraction, row.color, p.skeleton);
    const float value_x = pos.x + width - text_width(ctx.fonts.small, values[i]);
    const ImVec2 end =
        draw_text_centered_y(draw, ctx.fonts.small, value_x, cy, value_w, p.text, values[i]);
    report.add(row.id, values[i], ImVec2(value_x, end.y - ctx.fonts.small->FontSize), end);
    if (hovering(ImVec2(pos.x, y), ImVec2(pos.x + width, y + row_h))) {
      const std::string tip =
          std::string(row.label) + ": " + values[i] + " of " + core::format_count(total) + " MOCs";
      show_tooltip(ctx, tip);
      report.add("tooltip", tip, ImVec2(pos.x, y), ImVec2(pos.x + width, y + row_h));
    }
    y += row_h;
  }
  return y - pos.y;
}

}  // namespace

float collection_summary_card_height(const DrawContext& ctx, const core::DashboardSummary& summary,
                                     float width) {
  const float content_w = width - 2 * ctx.px(kCardPaddingCss);
  const float below = summary.total_mocs > 0 ? 2 * section_height(ctx) + ctx.px(kSectionGapCss)
                                             : empty_state_height(ctx, content_w, kEmptyLine);
  return card_chrome_height(ctx) + figures_height(ctx) + ctx.px(kSectionGapCss) + below;
}

CardReport draw_collection_summary_card(const DrawContext& ctx,
                                        const core::DashboardSummary& summary, ImVec2 pos,
                                        ImVec2 size) {
  CardReport report{.test_id = "collection-summary-card"};
  const CardArea area = begin_card(ctx, report, "Collection Summary", pos, size);
  const float width = area.content_max.x - area.content_min.x;
  ImVec2 at = area.content_min;
  // Stretched to its grid row, the card spends the spare height on air
  // between the blocks (up to a limit) rather than leaving it all below.
  const float spare = std::max(0.0f, size.y - collection_summary_card_height(ctx, summary, size.x));
  const float gap = ctx.px(kSectionGapCss) + std::min(spare / 4, ctx.px(16));
  const float row_h = ctx.px(kBarRowCss) + std::min(spare / 12, ctx.px(6));

  draw_figure(ctx, report, at, "total-mocs-count", summary.total_mocs, "MOCs");
  draw_figure(ctx, report, ImVec2(std::floor(at.x + width / 2), at.y), "wishlist-items-count",
              summary.total_wishlist_items, "Wishlist items");
  at.y += figures_height(ctx) + gap;

  if (summary.total_mocs <= 0) {
    if (draw_empty_state(ctx, report, "collection-summary-empty", at, area.content_max, kEmptyLine,
                         "Add New MOC")) {
      report.navigation = QuickAction::AddMoc;
    }
    end_card();
    return report;
  }

  std::array<BarRow, 3> build{};
  std::array<BarRow, 3> coverage{};
  for (std::size_t i = 0; i < 3; ++i) {
    const core::BuildStatus b = core::kBuildStatuses[i];
    build[i] = {"build-status-" + slug(core::to_string(b)), build_status_label(b),
                summary.mocs_by_build_status[i], build_status_color(ctx.palette, b)};
    const core::PartsCoverageStatus c = core::kCoverageStatuses[i];
    coverage[i] = {"coverage-status-" + slug(core::to_string(c)), coverage_status_label(c),
                   summary.mocs_by_coverage_status[i], coverage_status_color(ctx.palette, c)};
  }
  at.y += draw_breakdown(ctx, report, at, width, row_h, "By build status", build);
  at.y += gap;
  draw_breakdown(ctx, report, at, width, row_h, "By parts coverage", coverage);
  end_card();
  return report;
}

}  // namespace dashboard::ui
