#include "ui/pages/gallery_page.hpp"

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {

void draw_gallery_page(PageFrame& frame, const GalleryView& view, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  const Column column = page_column(ctx, frame.min, frame.max);
  float y = frame.min.y + ctx.px(24);
  if (draw_page_title(frame, column, y, "Gallery", "##gallery-add", "Add MOC")) {
    out.navigate = QuickAction::AddMoc;
  }
  ImDrawList& outer = *ImGui::GetWindowDrawList();
  const std::string count = !view.loaded_once ? "Loading\xE2\x80\xA6"
                            : view.total == 0 ? "No MOCs yet"
                                              : count_label(view.total, "MOC", "MOCs");
  draw_text(outer, ctx.fonts.small, ImVec2(column.x, y), p.text_muted, count);
  frame.report.add(
      "gallery-count", count, ImVec2(column.x, y),
      ImVec2(column.x + text_width(ctx.fonts.small, count), y + ctx.fonts.small->FontSize));
  if (!view.error.empty()) {
    const float x = column.x + text_width(ctx.fonts.small, count) + ctx.px(16);
    draw_text(outer, ctx.fonts.small, ImVec2(x, y), p.bad, view.error);
    frame.report.add("gallery-error", view.error, ImVec2(x, y),
                     ImVec2(x + ctx.px(200), y + ctx.px(16)));
    out.retry = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  }
  y += ctx.fonts.small->FontSize + ctx.px(14);

  const ImVec2 grid_min(column.x, y);
  const ImVec2 grid_max(column.x + column.width, frame.max.y);
  if (grid_max.y - grid_min.y < ctx.px(60)) return;
  ImGui::SetCursorScreenPos(grid_min);
  ImGui::BeginChild("##gallery-grid", ImVec2(grid_max.x - grid_min.x, grid_max.y - grid_min.y),
                    false, ImGuiWindowFlags_NoBackground);
  const float gap = ctx.px(16);
  const float width = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(2, static_cast<int>((width + gap) / (ctx.px(kTileCss) + gap)));
  const float tile_w =
      std::floor((width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
  const float caption = ctx.fonts.body->FontSize + ctx.px(14);
  const float row_h = tile_w + caption + gap;
  const auto total = !view.loaded_once ? static_cast<std::size_t>(columns) * 2
                                       : static_cast<std::size_t>(std::max<std::int64_t>(
                                             view.total, static_cast<std::int64_t>(view.rows)));
  const std::size_t row_count =
      (total + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float scroll = ImGui::GetScrollY();
  const float visible_h = ImGui::GetWindowHeight();
  const auto first_row = static_cast<std::size_t>(std::max(0.0f, std::floor(scroll / row_h)));
  const std::size_t last_row =
      std::min(row_count, static_cast<std::size_t>(std::ceil((scroll + visible_h) / row_h)));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  int drawn = 0;
  for (std::size_t r = first_row; r < last_row; ++r) {
    for (int c = 0; c < columns; ++c) {
      const std::size_t i = r * static_cast<std::size_t>(columns) + static_cast<std::size_t>(c);
      if (i >= total) break;
      const ImVec2 min(origin.x + static_cast<float>(c) * (tile_w + gap),
                       origin.y + static_cast<float>(r) * row_h);
      const ImVec2 image_max(min.x + tile_w, min.y + tile_w);
      std::optional<core::Moc> moc;
      if (i < view.rows && view.moc) moc = view.moc(i);
      ++drawn;
      if (!moc) {
        draw.AddRectFilled(min, image_max, p.skeleton, ctx.px(12));
        continue;
      }
      ImGui::SetCursorScreenPos(min);
      ImGui::PushID(moc->id.c_str());
      if (ImGui::InvisibleButton("##tile", ImVec2(tile_w, tile_w + caption))) {
        out.navigate = OpenMoc{moc->id};
      }
      ImGui::PopID();
      const bool hovered = ImGui::IsItemHovered();
      if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      draw_cover(ctx, draw, min, image_max, moc->cover_image_url, ImageSize::Tile, ctx.px(12));
      if (hovered) draw.AddRect(min, image_max, p.accent, ctx.px(12), 0, ctx.px(2));
      draw_text(draw, ctx.fonts.body, ImVec2(min.x + ctx.px(2), image_max.y + ctx.px(8)), p.text,
                fit_text(ctx.fonts.body, moc->title, tile_w - ctx.px(4)));
      frame.report.add("gallery-tile", moc->title, min, ImVec2(image_max.x, image_max.y + caption));
    }
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(1, static_cast<float>(row_count) * row_h));
  ImGui::EndChild();
  frame.report.rows_drawn = drawn;
  frame.report.rows_total = static_cast<int>(total);
  const std::size_t visible_tiles = (last_row - first_row + 1) * static_cast<std::size_t>(columns);
  out.rows_wanted =
      std::max<std::size_t>(last_row * static_cast<std::size_t>(columns) + visible_tiles, 24);
}

}  // namespace dashboard::ui
