// navigation: the app's sections (Dashboard, MOCs, Gallery, Wishlist). On
// wide screens a sidebar docked left of the cards; below 1280 CSS px it
// collapses behind a menu button in the header that opens a drawer, so the
// card grid keeps its breakpoints. Also the footer under the cards.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ui/card.hpp"

namespace dashboard::ui {

// The docked sidebar's width, and the narrowest viewport that docks it.
inline constexpr float kSidebarCssWidth = 208;
inline constexpr float kSidebarDockMinCssWidth = 1280;

// Counts shown beside the items (0: none shown).
struct NavBadges {
  std::int64_t messages_unread = 0;
  std::int64_t notifications_unread = 0;  // the header's bell
};

// True when the sidebar is docked at this viewport width (CSS px).
bool sidebar_docked(float css_width);

// The sidebar's items in [pos, pos + size], `current` marked. Records
// `nav-<section>` links, `nav-current` (the current one's label) and
// `nav-messages-unread` (the badge's count); returns the section clicked.
std::optional<Section> draw_sidebar(const DrawContext& ctx, ImVec2 pos, ImVec2 size,
                                    std::optional<Section> current, const NavBadges& badges,
                                    std::vector<Semantic>& chrome);

// The header's bell (notifications) with `unread` in a pill; records
// `notifications-bell` ("Notifications, 3 unread"); returns true when clicked.
bool draw_bell_button(const DrawContext& ctx, ImVec2 pos, float size, std::int64_t unread,
                      std::vector<Semantic>& chrome);

// The header's menu button (three bars); returns true when clicked.
bool draw_menu_button(const DrawContext& ctx, ImVec2 pos, float size,
                      std::vector<Semantic>& chrome);

// The drawer under the header while `open`: the same items as the sidebar
// over a dimmed page. A click outside it, or on an item, closes it. With a
// `username` (signed in) it ends with the account: the name and a
// "Change password" link (`nav-change-password`) that sets
// `account_clicked` (narrow headers have no room for the name).
std::optional<Section> draw_nav_drawer(const DrawContext& ctx, float top, bool& open,
                                       std::optional<Section> current, const NavBadges& badges,
                                       std::vector<Semantic>& chrome,
                                       std::string_view username = {},
                                       bool* account_clicked = nullptr);

// The label of `section` as the sidebar shows it ("MOCs").
const char* section_label(Section section);

inline constexpr float kFooterCssHeight = 48;

// A quiet line under the cards: the product and the data version shown.
void draw_footer(const DrawContext& ctx, ImVec2 pos, float width, std::int64_t version,
                 std::vector<Semantic>& chrome);

}  // namespace dashboard::ui
