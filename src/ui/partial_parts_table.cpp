// Partial Parts (partial-parts-table): every MOC still waiting on parts, as
// an ImGui table spanning the grid. Headers sort (core::partial_parts_order,
// recomputed only when the sort or the rows change); the list clipper
// submits only the rows on screen, so 10,000 rows cost what 10 do. Columns
// drop out on narrow screens: Theme under 560 CSS px, Status and Last
// updated under 420, leaving the title and its coverage.
#include <algorithm>
#include <array>
#include <string>

#include "core/format.hpp"
#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr int kColumns = 5;  // title, theme, status, coverage, last updated
constexpr float kRowCss = 44;
constexpr float kCellPadXCss = 12;
constexpr float kCellPadYCss = 8;
constexpr float kPercentCss = 48;
constexpr const char* kEmptyLine = "No MOCs are waiting on parts right now.";

using Column = core::PartialPartsColumn;

float header_height(const DrawContext& ctx) {
  return ctx.fonts.small->FontSize + 2 * ctx.px(kCellPadYCss);
}

ImU32 coverage_color(const Palette& p, double percent) {
  if (percent >= 100) return p.good;
  return percent >= 50 ? p.warning : p.bad;
}

// Reads the table's sort specs into `state`; re-sorts when they or the rows changed.
void update_order(std::span<const core::PartialPartsMoc> rows, PartialPartsTableState& state) {
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty && specs->SpecsCount > 0) {
      const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
      const core::PartialPartsSort sort{static_cast<Column>(spec.ColumnUserID),
                                        spec.SortDirection == ImGuiSortDirection_Descending
                                            ? core::SortDirection::Descending
                                            : core::SortDirection::Ascending};
      if (sort != state.sort) state.stale = true;
      state.sort = sort;
    }
    if (specs->SpecsDirty) specs->SpecsDirty = false;
  }
  if (state.stale || state.source != rows.data() || state.source_size != rows.size()) {
    state.order = core::partial_parts_order(rows, state.sort);
    state.source = rows.data();
    state.source_size = rows.size();
    state.stale = false;
  }
}

// The current cell's content rect: x, width; the row's vertical centre is passed in.
struct Cell {
  float x;
  float w;
};
Cell cell() {
  return Cell{ImGui::GetCursorScreenPos().x, ImGui::GetContentRegionAvail().x};
}

void draw_row(const DrawContext& ctx, CardReport& report, const core::PartialPartsMoc& moc,
              float row_h, float table_left, float table_right) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  const ImFont* small = ctx.fonts.small;
  ImGui::TableNextRow(0, row_h);

  ImGui::TableSetColumnIndex(0);
  const float top = ImGui::GetCursorScreenPos().y - ctx.px(kCellPadYCss);
  const float cy = top + row_h / 2;
  const Cell title = cell();
  ImGui::PushID(moc.id.data(), moc.id.data() + moc.id.size());
  constexpr ImGuiSelectableFlags kRowFlags =
      ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap;
  if (ImGui::Selectable("##row", false, kRowFlags, ImVec2(0, row_h - 2 * ctx.px(kCellPadYCss)))) {
    report.navigation = OpenMoc{moc.id};
  }
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImGui::PopID();
  const std::string fitted = fit_text(ctx.fonts.body, moc.title, title.w);
  draw_text(draw, ctx.fonts.body, ImVec2(title.x, cy - ctx.fonts.body->FontSize / 2), p.text,
            fitted);
  report.add("partial-parts-row", moc.title, ImVec2(table_left, top),
             ImVec2(table_right, top + row_h));

  if (ImGui::TableSetColumnIndex(1)) {
    const Cell c = cell();
    draw_text_centered_y(draw, small, c.x, cy, c.w, p.text_muted, moc.theme);
  }
  if (ImGui::TableSetColumnIndex(2)) {
    const Cell c = cell();
    const char* label = build_status_label(moc.build_status);
    draw_chip(ctx, draw, ImVec2(c.x, cy - (small->FontSize + ctx.px(6)) / 2), label,
              build_status_color(p, moc.build_status));
  }
  if (ImGui::TableSetColumnIndex(3)) {
    const Cell c = cell();
    const std::string percent = core::format_percent(moc.coverage_percentage);
    const float bar_right = c.x + std::max(ctx.px(16), c.w - ctx.px(kPercentCss + 8));
    draw_bar(draw, ImVec2(c.x, cy - ctx.px(4)), ImVec2(bar_right, cy + ctx.px(4)),
             static_cast<float>(moc.coverage_percentage / 100),
             coverage_color(p, moc.coverage_percentage), p.skeleton);
    draw_text_centered_y(draw, small, bar_right + ctx.px(8), cy, ctx.px(kPercentCss), p.text,
                         percent);
    report.add("partial-parts-coverage", percent, ImVec2(c.x, top), ImVec2(c.x + c.w, top + row_h));
  }
  if (ImGui::TableSetColumnIndex(4)) {
    const Cell c = cell();
    const std::string date =
        core::format_relative_date(moc.last_updated_at, ctx.now, ctx.utc_offset_minutes);
    const ImVec2 end = draw_text_centered_y(draw, small, c.x, cy, c.w, p.text_muted, date);
    if (hovered && ImGui::IsMouseHoveringRect(ImVec2(c.x, top), ImVec2(end.x, top + row_h))) {
      show_tooltip(ctx, core::format_exact_time(moc.last_updated_at, ctx.utc_offset_minutes));
    }
  }
  if (hovered && fitted != moc.title &&
      ImGui::IsMouseHoveringRect(ImVec2(title.x, top), ImVec2(title.x + title.w, top + row_h))) {
    show_tooltip(ctx, moc.title);
  }
  ++report.rows_drawn;
}

}  // namespace

float partial_parts_table_height(const DrawContext& ctx, std::size_t rows, float width) {
  if (rows == 0) {
    return card_chrome_height(ctx) +
           empty_state_height(ctx, width - 2 * ctx.px(kCardPaddingCss), kEmptyLine);
  }
  const std::size_t visible = std::min<std::size_t>(rows, kPartialPartsVisibleRows);
  return card_chrome_height(ctx) + header_height(ctx) +
         static_cast<float>(visible) * ctx.px(kRowCss) + ctx.px(2);
}

CardReport draw_partial_parts_table(const DrawContext& ctx,
                                    std::span<const core::PartialPartsMoc> rows,
                                    PartialPartsTableState& state, ImVec2 pos, ImVec2 size) {
  CardReport report{.test_id = "partial-parts-table"};
  report.rows_total = static_cast<int>(rows.size());
  const CardArea area = begin_card(ctx, report, "Partial Parts", pos, size);
  if (rows.empty()) {
    if (draw_empty_state(ctx, report, "partial-parts-empty", area.content_min, area.content_max,
                         kEmptyLine, "View Wishlist")) {
      report.navigation = QuickAction::ViewWishlist;
    }
    end_card();
    return report;
  }

  const Palette& p = ctx.palette;
  const std::string count = core::format_count(static_cast<std::int64_t>(rows.size())) +
                            (rows.size() == 1 ? " MOC waiting on parts" : " MOCs waiting on parts");
  const float count_x = area.content_max.x - text_width(ctx.fonts.small, count);
  draw_text(
      *ImGui::GetWindowDrawList(), ctx.fonts.small,
      ImVec2(count_x, area.title_y + (ctx.fonts.heading->FontSize - ctx.fonts.small->FontSize) / 2),
      p.text_muted, count);

  const float width = area.content_max.x - area.content_min.x;
  const bool narrow = width < ctx.px(560);
  const bool very_narrow = width < ctx.px(420);
  const ImU32 row_hover = mix(p.accent, p.card_background, 0.93f);
  const std::array<std::pair<ImGuiCol, ImU32>, 8> colors{{
      {ImGuiCol_TableHeaderBg, p.page_background},
      {ImGuiCol_TableRowBg, p.card_background},
      {ImGuiCol_TableRowBgAlt, mix(p.page_background, p.card_background, 0.5f)},
      {ImGuiCol_TableBorderLight, p.card_border},
      {ImGuiCol_TableBorderStrong, p.card_border},
      {ImGuiCol_HeaderHovered, row_hover},
      {ImGuiCol_HeaderActive, mix(p.accent, p.card_background, 0.86f)},
      {ImGuiCol_Header, row_hover},
  }};
  for (const auto& [col, value] : colors) ImGui::PushStyleColor(col, value);
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding,
                      ImVec2(ctx.px(kCellPadXCss), ctx.px(kCellPadYCss)));

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_NoSavedSettings |
                                     ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
  // The table bleeds one cell padding into the card's padding on each side,
  // so cell text lines up with the card title and row stripes reach wider.
  const float bleed = ctx.px(kCellPadXCss);
  ImGui::SetCursorScreenPos(ImVec2(area.content_min.x - bleed, area.content_min.y));
  const ImVec2 outer(width + 2 * bleed, area.content_max.y - area.content_min.y);
  if (ImGui::BeginTable("##partial-parts", kColumns + 1, kFlags, outer)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    constexpr ImGuiTableColumnFlags kStretch = ImGuiTableColumnFlags_WidthStretch;
    const ImGuiTableColumnFlags hide_narrow = narrow ? ImGuiTableColumnFlags_Disabled : 0;
    const ImGuiTableColumnFlags hide_very_narrow = very_narrow ? ImGuiTableColumnFlags_Disabled : 0;
    ImGui::TableSetupColumn("Title", kStretch | ImGuiTableColumnFlags_NoHide, 2.4f,
                            static_cast<ImGuiID>(Column::Title));
    ImGui::TableSetupColumn("Theme", kStretch | hide_narrow, 1.2f,
                            static_cast<ImGuiID>(Column::Theme));
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed | hide_very_narrow,
                            ctx.px(104), static_cast<ImGuiID>(Column::Status));
    ImGui::TableSetupColumn("Coverage", kStretch, 1.8f, static_cast<ImGuiID>(Column::Coverage));
    ImGui::TableSetupColumn("Last updated",
                            kStretch | ImGuiTableColumnFlags_DefaultSort |
                                ImGuiTableColumnFlags_PreferSortDescending | hide_very_narrow,
                            0.9f, static_cast<ImGuiID>(Column::LastUpdated));
    // ImGui 1.86 extends the last column's cell under the vertical
    // scrollbar, hiding its sort arrow; an empty gutter column takes that place.
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort,
                            ctx.px(1));

    ImGui::PushFont(ctx.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int column = 0; column < kColumns; ++column) {
      if (!ImGui::TableSetColumnIndex(column)) continue;
      const char* name = ImGui::TableGetColumnName(column);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      report.add("partial-parts-header", name, ImVec2(at.x, at.y),
                 ImVec2(at.x + w, at.y + ctx.fonts.small->FontSize));
      ImGui::PushID(column);
      ImGui::TableHeader(name);
      if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::PopID();
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();

    update_order(rows, state);
    const float row_h = ctx.px(kRowCss);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.order.size()));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        draw_row(ctx, report, rows[state.order[static_cast<std::size_t>(r)]], row_h,
                 area.content_min.x - bleed, area.content_max.x + bleed);
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(static_cast<int>(colors.size()));
  end_card();
  return report;
}

}  // namespace dashboard::ui
