// [SECTION] Items    — the four sections, shared by the sidebar and the drawer
// [SECTION] Sidebar
// [SECTION] Drawer
// [SECTION] Footer
#include "ui/navigation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// [SECTION] Items

struct Item {
  Section section;
  const char* label;
  const char* test_id;
};

constexpr std::array<Item, 7> kItems{{
    {Section::Dashboard, "Dashboard", "nav-dashboard"},
    {Section::Mocs, "MOCs", "nav-mocs"},
    {Section::Gallery, "Gallery", "nav-gallery"},
    {Section::Wishlist, "Wishlist", "nav-wishlist"},
    {Section::Board, "Board", "nav-board"},
    {Section::Messages, "Messages", "nav-messages"},
    {Section::Status, "Status", "nav-status"},
}};

constexpr float kItemCssHeight = 40;

// The list of links from `top`, `width` wide; returns the one clicked.
std::optional<Section> draw_items(const DrawContext& ctx, ImVec2 top, float width,
                                  std::optional<Section> current_section, const NavBadges& badges,
                                  std::vector<Semantic>& chrome) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  std::optional<Section> clicked;
  const float h = ctx.px(kItemCssHeight);
  for (std::size_t i = 0; i < kItems.size(); ++i) {
    const Item& item = kItems[i];
    const ImVec2 min(top.x, top.y + static_cast<float>(i) * (h + ctx.px(4)));
    const ImVec2 max(min.x + width, min.y + h);
    ImGui::SetCursorScreenPos(min);
    if (ImGui::InvisibleButton(item.test_id, ImVec2(width, h))) clicked = item.section;
    const bool current = current_section == item.section;
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (current || hovered) {
      draw.AddRectFilled(
          min, max,
          current ? mix(p.card_background, p.accent, 0.10f) : mix(p.card_background, p.text, 0.05f),
          ctx.px(8));
    }
    if (current) {
      draw.AddRectFilled(ImVec2(min.x, min.y + ctx.px(10)),
                         ImVec2(min.x + ctx.px(3), max.y - ctx.px(10)), p.accent, ctx.px(2));
    }
    const std::int64_t count = item.section == Section::Messages ? badges.messages_unread : 0;
    float badge_w = 0;
    std::string label = item.label;
    if (count > 0) {
      // A pill with the count at the item's end; the link's name says it in words.
      const std::string text = count > 99 ? "99+" : std::to_string(count);
      badge_w = std::max(text_width(ctx.fonts.small, text.c_str()) + ctx.px(12), ctx.px(22));
      const ImVec2 bmin(max.x - ctx.px(10) - badge_w, (min.y + max.y) / 2 - ctx.px(11));
      const ImVec2 bmax(max.x - ctx.px(10), bmin.y + ctx.px(22));
      draw.AddRectFilled(bmin, bmax, p.accent, ctx.px(11));
      draw_text_centered_y(
          draw, ctx.fonts.small, (bmin.x + bmax.x - text_width(ctx.fonts.small, text.c_str())) / 2,
          (bmin.y + bmax.y) / 2, badge_w, IM_COL32(255, 255, 255, 255), text.c_str());
      chrome.push_back({"nav-messages-unread", std::to_string(count), bmin, bmax});
      label += ", " + std::to_string(count) + " unread";
    }
    draw_text_centered_y(draw, ctx.fonts.body, min.x + ctx.px(16), (min.y + max.y) / 2,
                         width - ctx.px(24) - badge_w, current ? p.accent : p.text, item.label);
    chrome.push_back({item.test_id, label, min, max});
    if (current) chrome.push_back({"nav-current", item.label, min, max});
  }
  return clicked;
}

}  // namespace

bool sidebar_docked(float css_width) {
  return css_width >= kSidebarDockMinCssWidth;
}

// [SECTION] Sidebar

const char* section_label(Section section) {
  for (const Item& item : kItems) {
    if (item.section == section) return item.label;
  }
  return "";
}

std::optional<Section> draw_sidebar(const DrawContext& ctx, ImVec2 pos, ImVec2 size,
                                    std::optional<Section> current, const NavBadges& badges,
                                    std::vector<Semantic>& chrome) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  draw.AddRectFilled(pos, max, ctx.palette.header_background);
  draw.AddLine(ImVec2(max.x - ctx.px(1), pos.y), ImVec2(max.x - ctx.px(1), max.y),
               ctx.palette.card_border, ctx.px(1));
  chrome.push_back({"sidebar", "Sections", pos, max});
  const float pad = ctx.px(12);
  return draw_items(ctx, ImVec2(pos.x + pad, pos.y + ctx.px(16)), size.x - pad * 2, current, badges,
                    chrome);
}

// [SECTION] Drawer

bool draw_menu_button(const DrawContext& ctx, ImVec2 pos, float size,
                      std::vector<Semantic>& chrome) {
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton("##menu", ImVec2(size, size));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw.AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size),
                       mix(ctx.palette.card_background, ctx.palette.text, 0.06f), ctx.px(8));
  }
  const float bar_w = size * 0.5f;
  const float x = pos.x + (size - bar_w) / 2;
  for (int i = -1; i <= 1; ++i) {
    const float y = std::round(pos.y + size / 2 + static_cast<float>(i) * ctx.px(6));
    draw.AddLine(ImVec2(x, y), ImVec2(x + bar_w, y), ctx.palette.text, ctx.px(2));
  }
  chrome.push_back({"nav-menu", "Menu", pos, ImVec2(pos.x + size, pos.y + size)});
  return clicked;
}

bool draw_bell_button(const DrawContext& ctx, ImVec2 pos, float size, std::int64_t unread,
                      std::vector<Semantic>& chrome) {
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton("##notifications-bell", ImVec2(size, size));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  if (ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw.AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size),
                       mix(p.card_background, p.text, 0.06f), ctx.px(8));
  }
  // A bell from primitives (no icon font): dome, rim, clapper.
  const float cx = pos.x + size / 2;
  const float top = pos.y + size * 0.24f;
  const float w = size * 0.42f;
  const float h = size * 0.40f;
  draw.AddRectFilled(ImVec2(cx - w / 2, top), ImVec2(cx + w / 2, top + h), p.text, w / 2,
                     ImDrawFlags_RoundCornersTop);
  draw.AddRectFilled(ImVec2(cx - w * 0.65f, top + h - ctx.px(1)),
                     ImVec2(cx + w * 0.65f, top + h + ctx.px(2)), p.text, ctx.px(1));
  draw.AddCircleFilled(ImVec2(cx, top + h + ctx.px(5)), ctx.px(2.5f), p.text);
  std::string label = "Notifications";
  if (unread > 0) {
    const std::string count = unread > 99 ? "99+" : std::to_string(unread);
    const float bw = std::max(text_width(ctx.fonts.small, count) + ctx.px(8), ctx.px(18));
    const ImVec2 bmin(pos.x + size - bw + ctx.px(2), pos.y + ctx.px(1));
    const ImVec2 bmax(bmin.x + bw, bmin.y + ctx.px(18));
    draw.AddRectFilled(bmin, bmax, p.bad, ctx.px(9));
    draw_text(draw, ctx.fonts.small,
              ImVec2(bmin.x + (bw - text_width(ctx.fonts.small, count)) / 2,
                     bmin.y + (ctx.px(18) - ctx.fonts.small->FontSize) / 2),
              IM_COL32(255, 255, 255, 255), count);
    chrome.push_back({"notifications-unread", std::to_string(unread), bmin, bmax});
    label += ", " + std::to_string(unread) + " unread";
  }
  chrome.push_back({"notifications-bell", label, pos, ImVec2(pos.x + size, pos.y + size)});
  return clicked;
}

std::optional<Section> draw_nav_drawer(const DrawContext& ctx, float top, bool& open,
                                       std::optional<Section> current, const NavBadges& badges,
                                       std::vector<Semantic>& chrome, std::string_view username,
                                       bool* account_clicked) {
  if (!open) return std::nullopt;
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  const float width = std::min(ctx.px(280), viewport.Size.x * 0.8f);
  // A window of its own, above the page, so the cards under it take no clicks.
  ImGui::SetNextWindowPos(ImVec2(viewport.Pos.x, viewport.Pos.y + top));
  ImGui::SetNextWindowSize(ImVec2(viewport.Size.x, viewport.Size.y - top));
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBackground;
  ImGui::Begin("##nav-drawer", nullptr, kFlags);
  ImGui::SetWindowFocus();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetWindowPos();
  draw.AddRectFilled(origin, ImVec2(origin.x + viewport.Size.x, origin.y + viewport.Size.y),
                     IM_COL32(15, 23, 42, 90));
  const ImVec2 panel_max(origin.x + width, origin.y + viewport.Size.y - top);
  draw.AddRectFilled(origin, panel_max, ctx.palette.header_background);
  chrome.push_back({"nav-drawer", "Sections", origin, panel_max});
  const float pad = ctx.px(12);
  std::optional<Section> clicked = draw_items(ctx, ImVec2(origin.x + pad, origin.y + ctx.px(16)),
                                              width - pad * 2, current, badges, chrome);
  bool account = false;
  if (!username.empty()) {
    // The account, under the sections.
    float y = origin.y + ctx.px(16) +
              ctx.px(kItemCssHeight + 4) * static_cast<float>(kItems.size()) + ctx.px(12);
    const float x = origin.x + pad + ctx.px(12);
    draw.AddLine(ImVec2(origin.x + pad, y), ImVec2(panel_max.x - pad, y), ctx.palette.card_border,
                 ctx.px(1));
    y += ctx.px(16);
    draw_text(draw, ctx.fonts.small, ImVec2(x, y), ctx.palette.text_muted,
              fit_text(ctx.fonts.small, username, width - pad * 2 - ctx.px(24)));
    y += ctx.fonts.small->FontSize + ctx.px(10);
    const char* label = "Change password";
    account = draw_link(ctx, "##nav-change-password", label, ImVec2(x, y));
    chrome.push_back(
        {"nav-change-password", label, ImVec2(x, y),
         ImVec2(x + text_width(ctx.fonts.body, label), y + ctx.fonts.body->FontSize + ctx.px(4))});
    if (account_clicked != nullptr) *account_clicked = account;
  }
  const bool outside =
      ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::GetIO().MousePos.x > panel_max.x;
  if (clicked || account || outside || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    open = false;
  }
  ImGui::End();
  return clicked;
}

// [SECTION] Footer

void draw_footer(const DrawContext& ctx, ImVec2 pos, float width, std::int64_t version,
                 std::vector<Semantic>& chrome) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float cy = pos.y + ctx.px(kFooterCssHeight) / 2;
  const std::string left = "MOC Dashboard \xC2\xB7 your LEGO creations at a glance";
  const std::string right = "Data version " + std::to_string(version);
  const float right_w = text_width(ctx.fonts.small, right);
  draw_text_centered_y(draw, ctx.fonts.small, pos.x, cy, width - right_w - ctx.px(16),
                       ctx.palette.text_muted, left);
  draw_text_centered_y(draw, ctx.fonts.small, pos.x + width - right_w, cy, right_w,
                       ctx.palette.text_muted, right);
  chrome.push_back(
      {"footer", left + " " + right, pos, ImVec2(pos.x + width, pos.y + ctx.px(kFooterCssHeight))});
}

}  // namespace dashboard::ui
