#include "ui/pages/page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {

std::optional<Section> section_of(core::client::Page page) {
  using core::client::Page;
  switch (page) {
    case Page::Dashboard:
      return Section::Dashboard;
    case Page::Mocs:
    case Page::AddMoc:
    case Page::Moc:
      return Section::Mocs;
    case Page::Wishlist:
      return Section::Wishlist;
    case Page::Gallery:
      return Section::Gallery;
    case Page::Board:
    case Page::Sharing:
      return Section::Board;
    case Page::Messages:
      return Section::Messages;
    case Page::Notifications:
      return Section::Notifications;
    case Page::Status:
      return Section::Status;
    case Page::SignUp:
    case Page::Password:
    case Page::NotFound:
      break;
  }
  return std::nullopt;
}

std::string page_test_id(core::client::Page page) {
  using core::client::Page;
  switch (page) {
    case Page::Dashboard:
      return "dashboard-page";
    case Page::Mocs:
      return "mocs-page";
    case Page::AddMoc:
      return "add-moc-page";
    case Page::Moc:
      return "moc-page";
    case Page::Wishlist:
      return "wishlist-page";
    case Page::Gallery:
      return "gallery-page";
    case Page::Board:
      return "board-page";
    case Page::Sharing:
      return "sharing-page";
    case Page::Messages:
      return "messages-page";
    case Page::Notifications:
      return "notifications-page";
    case Page::Status:
      return "status-page";
    case Page::SignUp:
      return "sign-up-page";
    case Page::Password:
      return "password-page";
    case Page::NotFound:
      return "not-found-page";
  }
  return "page";
}

Column page_column(const DrawContext& ctx, ImVec2 min, ImVec2 max, float max_css) {
  const float available = max.x - min.x;
  const float pad = available < ctx.px(600) ? ctx.px(16) : ctx.px(32);
  const float width = std::min(ctx.px(max_css), available - 2 * pad);
  return {std::floor(min.x + (available - width) / 2), std::floor(width)};
}

bool draw_page_title(PageFrame& frame, const Column& column, float& y, const char* title,
                     const char* button_id, const char* button_label) {
  const DrawContext& ctx = frame.ctx;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImFont* font = ctx.fonts.display;
  const float row_h = std::max(font->FontSize, ctx.px(40));
  bool clicked = false;
  float title_w = column.width;
  if (button_id != nullptr) {
    const float w = button_width(ctx, button_label, true);
    const ImVec2 at(column.x + column.width - w, y + (row_h - ctx.px(40)) / 2);
    clicked = draw_button(ctx, button_id, button_label, at, ImVec2(w, ctx.px(40)),
                          ButtonStyle::Primary, ButtonIcon::Plus);
    frame.report.add(button_id + 2, button_label, at, ImVec2(at.x + w, at.y + ctx.px(40)));
    title_w -= w + ctx.px(16);
  }
  const ImVec2 at(column.x, std::round(y + (row_h - font->FontSize) / 2));
  const std::string shown = fit_text(font, title, title_w);
  draw_text(draw, font, at, ctx.palette.text, shown);
  frame.report.add("page-title", title, at,
                   ImVec2(at.x + text_width(font, shown), at.y + font->FontSize));
  y += row_h + ctx.px(20);
  return clicked;
}

bool draw_notice(PageFrame& frame, const Column& column, float& y, const char* id,
                 const std::string& heading, const std::string& line, const char* action_id,
                 const char* action_label) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float pad = ctx.px(24);
  const float w = std::min(column.width, ctx.px(560));
  const float h = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(10) + ctx.fonts.body->FontSize +
                  ctx.px(20) + ctx.px(40);
  const ImVec2 min(column.x, y);
  const ImVec2 max(min.x + w, min.y + h);
  draw.AddRectFilled(min, max, p.card_background, ctx.px(12));
  draw.AddRect(min, max, p.card_border, ctx.px(12), 0, ctx.px(1));
  float ty = min.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(min.x + pad, ty), p.text,
            fit_text(ctx.fonts.heading, heading, w - 2 * pad));
  frame.report.add(id, heading, min, max);
  ty += ctx.fonts.heading->FontSize + ctx.px(10);
  draw_text(draw, ctx.fonts.body, ImVec2(min.x + pad, ty), p.text_muted,
            fit_text(ctx.fonts.body, line, w - 2 * pad));
  frame.report.add(std::string(id) + "-detail", line, ImVec2(min.x + pad, ty),
                   ImVec2(max.x - pad, ty + ctx.fonts.body->FontSize));
  ty += ctx.fonts.body->FontSize + ctx.px(20);
  const ImVec2 size(button_width(ctx, action_label, false), ctx.px(40));
  const ImVec2 at(min.x + pad, ty);
  const std::string imgui_id = std::string("##") + action_id;
  const bool clicked =
      draw_button(ctx, imgui_id.c_str(), action_label, at, size, ButtonStyle::Primary);
  frame.report.add(action_id, action_label, at, ImVec2(at.x + size.x, at.y + size.y));
  y = max.y + ctx.px(16);
  return clicked;
}

void draw_page_skeleton(PageFrame& frame, const Column& column, float y, int lines) {
  const DrawContext& ctx = frame.ctx;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  for (int i = 0; i < lines; ++i) {
    const float w = column.width * (i % 3 == 0 ? 0.6f : i % 3 == 1 ? 0.9f : 0.75f);
    draw.AddRectFilled(ImVec2(column.x, y), ImVec2(column.x + w, y + ctx.px(14)),
                       ctx.palette.skeleton, ctx.px(7));
    y += ctx.px(28);
  }
}

std::string count_label(std::int64_t count, const char* one, const char* many) {
  return core::format_count(count) + " " + (count == 1 ? one : many);
}

void draw_cover(const DrawContext& ctx, ImDrawList& draw, ImVec2 min, ImVec2 max,
                const std::optional<std::string>& url, ImageSize size, float rounding) {
  std::optional<ImageView> image;
  if (url && !url->empty() && ctx.images != nullptr) image = ctx.images->texture(*url, size);
  const float w = max.x - min.x;
  const float h = max.y - min.y;
  if (image && image->size.x > 0 && image->size.y > 0 && w > 0 && h > 0) {
    // Cropped from the centre to the box's aspect.
    const float image_aspect = image->size.x / image->size.y;
    const float box_aspect = w / h;
    ImVec2 uv0(0, 0);
    ImVec2 uv1(1, 1);
    if (image_aspect > box_aspect) {
      const float keep = box_aspect / image_aspect;
      uv0.x = (1 - keep) / 2;
      uv1.x = 1 - uv0.x;
    } else {
      const float keep = image_aspect / box_aspect;
      uv0.y = (1 - keep) / 2;
      uv1.y = 1 - uv0.y;
    }
    draw.AddImageRounded(image->texture, min, max, uv0, uv1, IM_COL32_WHITE, rounding);
    return;
  }
  draw.AddRectFilled(min, max, ctx.palette.skeleton, rounding);
  const float mark = std::min(w, h) * 0.3f;
  draw_brick_mark(draw, ImVec2(min.x + (w - mark * 1.5f) / 2, min.y + (h - mark) / 2), mark,
                  mix(ctx.palette.skeleton, ctx.palette.neutral, 0.55f));
}

std::optional<double> parse_number(std::string_view text) {
  std::string s(text);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  s = s.substr(start);
  if (!s.empty() && s.back() == '%') s.pop_back();
  for (char& c : s) {
    if (c == ',') c = '.';
  }
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string number_text(double value) {
  std::string text = core::format_percent(value);
  if (!text.empty() && text.back() == '%') text.pop_back();
  // format_percent rounds for display; an exact value keeps its digits.
  if (parse_number(text) != value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    text = buffer;
  }
  return text;
}

}  // namespace dashboard::ui
