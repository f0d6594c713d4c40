// Recent MOCs (recent-mocs-card): the newest MOCs, one row each: a cover
// thumbnail (or its placeholder), title over theme, a status chip over the
// relative date. Hovering the date shows the exact local time; clicking a
// row asks to open that MOC.
#include <algorithm>
#include <optional>
#include <string>

#include "core/format.hpp"
#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr float kRowCss = 56;
constexpr float kThumbCss = 40;
constexpr const char* kEmptyLine = "Your newest MOCs will appear here as you add them.";

// The MOC's cover, cropped to a square from its centre, once ctx.images
// has it; until then, without a cover or when it failed to load, a tinted
// square with the brick mark.
void draw_thumbnail(const DrawContext& ctx, ImDrawList& draw, ImVec2 pos,
                    const std::optional<std::string>& cover_url) {
  const float s = ctx.px(kThumbCss);
  const ImVec2 max(pos.x + s, pos.y + s);
  const float rounding = ctx.px(8);
  std::optional<ImageView> image;
  if (cover_url && ctx.images != nullptr) image = ctx.images->texture(*cover_url);
  if (image && image->size.x > 0 && image->size.y > 0) {
    const float w = image->size.x;
    const float h = image->size.y;
    const ImVec2 crop = w > h ? ImVec2((1 - h / w) / 2, 0) : ImVec2(0, (1 - w / h) / 2);
    draw.AddImageRounded(image->texture, pos, max, crop, ImVec2(1 - crop.x, 1 - crop.y),
                         IM_COL32_WHITE, rounding);
    return;
  }
  draw.AddRectFilled(pos, max, ctx.palette.skeleton, rounding);
  const float mark = s * 0.34f;
  draw_brick_mark(draw, ImVec2(pos.x + (s - mark * 1.5f) / 2, pos.y + (s - mark) / 2), mark,
                  mix(ctx.palette.skeleton, ctx.palette.neutral, 0.55f));
}

}  // namespace

float recent_mocs_card_height(const DrawContext& ctx, std::span<const core::RecentMoc> mocs,
                              float width) {
  if (mocs.empty()) {
    return card_chrome_height(ctx) +
           empty_state_height(ctx, width - 2 * ctx.px(kCardPaddingCss), kEmptyLine);
  }
  const std::size_t rows = std::min(mocs.size(), core::kRecentMocLimit);
  // The last row needs no space below its separator.
  return card_chrome_height(ctx) + static_cast<float>(rows) * ctx.px(kRowCss) - ctx.px(8);
}

CardReport draw_recent_mocs_card(const DrawContext& ctx, std::span<const core::RecentMoc> mocs,
                                 ImVec2 pos, ImVec2 size) {
  CardReport report{.test_id = "recent-mocs-card"};
  report.rows_total = static_cast<int>(mocs.size());
  const CardArea area = begin_card(ctx, report, "Recent MOCs", pos, size);
  if (mocs.empty()) {
    if (draw_empty_state(ctx, report, "recent-mocs-empty", area.content_min, area.content_max,
                         kEmptyLine, "Add New MOC")) {
      report.navigation = QuickAction::AddMoc;
    }
    end_card();
    return report;
  }

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  const ImFont* body = ctx.fonts.body;
  const ImFont* small = ctx.fonts.small;
  const float row_h = ctx.px(kRowCss);
  const float left = area.content_min.x;
  const float right = area.content_max.x;
  // Rows start a little above the content so the hover highlight is centred.
  float y = area.content_min.y - ctx.px(8);

  const std::size_t rows = std::min(mocs.size(), core::kRecentMocLimit);
  for (std::size_t i = 0; i < rows; ++i) {
    const core::RecentMoc& moc = mocs[i];
    if (y >= area.max.y) break;
    const ImVec2 row_min(area.min.x + ctx.px(8), y);
    const ImVec2 row_max(area.max.x - ctx.px(8), y + row_h);
    ImGui::PushID(moc.id.data(), moc.id.data() + moc.id.size());
    ImGui::SetCursorScreenPos(row_min);
    const bool clicked =
        ImGui::InvisibleButton("##row", ImVec2(row_max.x - row_min.x, row_max.y - row_min.y));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (clicked) report.navigation = OpenMoc{moc.id};
    if (hovered) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      draw.AddRectFilled(row_min, row_max, p.page_background, ctx.px(8));
    }
    if (i + 1 < rows) {
      draw.AddLine(ImVec2(left, row_max.y), ImVec2(right, row_max.y), p.card_border, ctx.px(1));
    }

    const float cy = y + row_h / 2;
    const float thumb = ctx.px(kThumbCss);
    draw_thumbnail(ctx, draw, ImVec2(left, cy - thumb / 2), moc.cover_image_url);

    // Right column: the chip over the date, right-aligned.
    const char* status = build_status_label(moc.build_status);
    const std::string date =
        core::format_relative_date(moc.created_at, ctx.now, ctx.utc_offset_minutes);
    const float chip_w = chip_width(ctx, status);
    const float date_w = text_width(small, date);
    const float column_w = std::max(chip_w, date_w);
    const float block_h = small->FontSize * 2 + ctx.px(10);
    const float top = cy - block_h / 2;
    const ImVec2 chip_pos(right - chip_w, top);
    const ImVec2 chip =
        draw_chip(ctx, draw, chip_pos, status, build_status_color(p, moc.build_status));
    const ImVec2 date_pos(right - date_w, top + chip.y + ctx.px(4));
    draw_text(draw, small, date_pos, p.text_muted, date);
    const ImVec2 date_max(right, date_pos.y + small->FontSize);

    // Middle: title over theme, cut to the room left.
    const float text_x = left + thumb + ctx.px(12);
    const float text_w = std::max(ctx.px(24), right - column_w - ctx.px(12) - text_x);
    const float text_top = cy - (body->FontSize + ctx.px(4) + small->FontSize) / 2;
    const std::string title = fit_text(body, moc.title, text_w);
    draw_text(draw, body, ImVec2(text_x, text_top), p.text, title);
    const ImVec2 theme_pos(text_x, text_top + body->FontSize + ctx.px(4));
    draw_text(draw, small, theme_pos, p.text_muted, fit_text(small, moc.theme, text_w));

    report.add("recent-moc", moc.title, row_min, row_max);
    report.add("recent-moc-theme", moc.theme, theme_pos,
               ImVec2(text_x + text_w, theme_pos.y + small->FontSize));
    report.add("recent-moc-status", status, chip_pos,
               ImVec2(chip_pos.x + chip.x, chip_pos.y + chip.y));
    report.add("recent-moc-date", date, date_pos, date_max);

    if (hovered && ImGui::IsMouseHoveringRect(date_pos, date_max)) {
      const std::string exact = core::format_exact_time(moc.created_at, ctx.utc_offset_minutes);
      show_tooltip(ctx, exact);
      report.add("tooltip", exact, date_pos, date_max);
    } else if (hovered && title != moc.title) {
      show_tooltip(ctx, moc.title);
      report.add("tooltip", moc.title, row_min, row_max);
    }
    ++report.rows_drawn;
    y += row_h;
  }
  end_card();
  return report;
}

}  // namespace dashboard::ui
