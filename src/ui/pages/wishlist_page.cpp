#include "ui/pages/wishlist_page.hpp"

#include <algorithm>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr const char* kForm = "wishlist-form";
constexpr float kRowCss = 56;

}  // namespace

float draw_wishlist_page(PageFrame& frame, const WishlistView& view, WishlistState& state,
                         PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Column column = page_column(ctx, frame.min, frame.max, 880);
  float y = frame.min.y + ctx.px(24);
  draw_page_title(frame, column, y, "Wishlist");

  // The add form: name and set number side by side when they fit.
  const float form_top = y;
  const bool side = column.width >= ctx.px(560);
  const float button_w = button_width(ctx, "Add to wishlist", true);
  const float set_w = side ? ctx.px(150) : column.width;
  const float name_w = side ? column.width - set_w - button_w - ctx.px(24) : column.width;
  const std::string name_error = !state.local_error.empty() ? state.local_error : view.name_error;
  const FieldResult name = draw_text_field(ctx,
                                           {.id = "wish-name",
                                            .label = "Name",
                                            .name = "name",
                                            .placeholder = "10497 Galaxy Explorer",
                                            .form = kForm},
                                           frame.io, ImVec2(column.x, y), name_w, name_error);
  float row_bottom = y + text_field_height(ctx, true, !name_error.empty());
  const float set_x = side ? column.x + name_w + ctx.px(12) : column.x;
  float set_y = side ? y : row_bottom + ctx.px(12);
  const FieldResult set =
      draw_text_field(ctx,
                      {.id = "wish-set-number",
                       .label = "Set number",
                       .name = "setNumber",
                       .placeholder = "10497-1",
                       .form = kForm},
                      frame.io, ImVec2(set_x, set_y), set_w, view.set_number_error);
  set_y += text_field_height(ctx, true, !view.set_number_error.empty());
  const ImVec2 add_at(side ? set_x + set_w + ctx.px(12) : column.x,
                      side ? y + ctx.fonts.small->FontSize + ctx.px(6) : set_y + ctx.px(12));
  bool submit = name.submitted || set.submitted;
  submit |= draw_button(ctx, "##wish-add", "Add to wishlist", add_at, ImVec2(button_w, ctx.px(40)),
                        ButtonStyle::Primary, ButtonIcon::Heart);
  frame.report.add("wish-add", "Add to wishlist", add_at,
                   ImVec2(add_at.x + button_w, add_at.y + ctx.px(40)));
  y = std::max({row_bottom, set_y, add_at.y + ctx.px(40)}) + ctx.px(20);
  report_form(frame.io, kForm, "wish-add", "Add to wishlist", false, ImVec2(column.x, form_top),
              ImVec2(column.x + column.width, y), add_at,
              ImVec2(add_at.x + button_w, add_at.y + ctx.px(40)));
  submit |= frame.io.take_submit(kForm);
  if (name.cancelled || set.cancelled) {
    frame.io.state("wish-name").value.clear();
    frame.io.state("wish-set-number").value.clear();
  }
  if (submit) {
    TextFieldState& n = frame.io.state("wish-name");
    TextFieldState& s = frame.io.state("wish-set-number");
    if (n.value.find_first_not_of(' ') == std::string::npos) {
      state.local_error = "name: is required";
    } else {
      state.local_error.clear();
      out.add_wish = WishlistAdd{n.value, s.value.empty() ? std::nullopt : std::optional(s.value)};
      n.value.clear();
      s.value.clear();
      n.focus_requested = true;
    }
  }

  // The items.
  const std::string count =
      !view.loaded ? "Loading\xE2\x80\xA6"
      : view.items.empty()
          ? "Nothing on the wishlist yet"
          : count_label(static_cast<std::int64_t>(view.items.size()), "item", "items");
  draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), p.text_muted, count);
  frame.report.add(
      "wishlist-count", count, ImVec2(column.x, y),
      ImVec2(column.x + text_width(ctx.fonts.small, count), y + ctx.fonts.small->FontSize));
  y += ctx.fonts.small->FontSize + ctx.px(10);
  if (!view.error.empty()) {
    if (draw_notice(frame, column, y, "wishlist-error", "The wishlist could not be loaded",
                    view.error, "wishlist-retry", "Retry")) {
      out.retry = true;
    }
    return y - frame.min.y;
  }
  if (!view.loaded) {
    draw_page_skeleton(frame, column, y, 5);
    return y + ctx.px(160) - frame.min.y;
  }
  if (view.items.empty()) return y - frame.min.y;
  const float row_h = ctx.px(kRowCss);
  const ImVec2 list_min(column.x, y);
  const ImVec2 list_max(column.x + column.width, y + row_h * static_cast<float>(view.items.size()));
  draw.AddRectFilled(list_min, list_max, p.card_background, ctx.px(12));
  draw.AddRect(list_min, list_max, p.card_border, ctx.px(12), 0, ctx.px(1));
  // Rows outside the visible content are skipped (the page scrolls).
  const float clip_top = ImGui::GetWindowPos().y;
  const float clip_bottom = clip_top + ImGui::GetWindowHeight();
  for (std::size_t i = 0; i < view.items.size(); ++i) {
    const core::WishlistItem& item = view.items[i];
    const ImVec2 min(column.x, y + row_h * static_cast<float>(i));
    const ImVec2 max(column.x + column.width, min.y + row_h);
    if (max.y < clip_top || min.y > clip_bottom) continue;
    if (i + 1 < view.items.size()) {
      draw.AddLine(ImVec2(min.x + ctx.px(16), max.y), ImVec2(max.x - ctx.px(16), max.y),
                   p.card_border, ctx.px(1));
    }
    const bool pending = item.id.rfind("local-", 0) == 0;
    const float cy = (min.y + max.y) / 2;
    const char* remove = "Remove";
    const float remove_w = button_width(ctx, remove, false);
    const ImVec2 remove_at(max.x - ctx.px(12) - remove_w, cy - ctx.px(16));
    ImGui::PushID(item.id.c_str());
    if (draw_button(ctx, "##remove", remove, remove_at, ImVec2(remove_w, ctx.px(32)),
                    ButtonStyle::Secondary, ButtonIcon::None, pending)) {
      out.remove_wish = item.id;
    }
    ImGui::PopID();
    frame.report.add("wishlist-remove", remove, remove_at,
                     ImVec2(remove_at.x + remove_w, remove_at.y + ctx.px(32)));
    const float text_w = remove_at.x - min.x - ctx.px(32);
    const float top = cy - (ctx.fonts.body->FontSize + ctx.px(4) + ctx.fonts.small->FontSize) / 2;
    draw_text(draw, ctx.fonts.body, ImVec2(min.x + ctx.px(16), top), p.text,
              fit_text(ctx.fonts.body, item.name, text_w));
    frame.report.add("wishlist-item", item.name, min, max);
    std::string detail = item.set_number ? "Set " + *item.set_number : std::string("No set number");
    detail += pending ? "  \xC2\xB7  Saving\xE2\x80\xA6"
                      : "  \xC2\xB7  Added " + core::format_relative_date(item.created_at, ctx.now,
                                                                          ctx.utc_offset_minutes);
    draw_text(draw, ctx.fonts.small,
              ImVec2(min.x + ctx.px(16), top + ctx.fonts.body->FontSize + ctx.px(4)), p.text_muted,
              fit_text(ctx.fonts.small, detail, text_w));
    frame.report.add("wishlist-item-detail", detail, ImVec2(min.x + ctx.px(16), cy),
                     ImVec2(min.x + text_w, cy + ctx.fonts.small->FontSize));
  }
  return list_max.y + ctx.px(24) - frame.min.y;
}

}  // namespace dashboard::ui
