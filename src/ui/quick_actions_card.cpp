// Quick Actions (quick-actions-card): the three shortcuts. "Add New MOC" is
// the primary (accent) button. They sit side by side when each gets at
// least kMinButtonCss, and stack otherwise. A click reports the action;
// the app decides where it leads (targets are configurable there).
#include <array>

#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr float kButtonCss = 44;
constexpr float kGapCss = 12;
constexpr float kMinButtonCss = 168;

struct ActionButton {
  QuickAction action;
  const char* label;
  const char* id;
  ButtonStyle style;
  ButtonIcon icon;
};

constexpr std::array<ActionButton, 3> kActions{{
    {QuickAction::AddMoc, "Add New MOC", "##add-moc", ButtonStyle::Primary, ButtonIcon::Plus},
    {QuickAction::BrowseGallery, "Browse Gallery", "##browse-gallery", ButtonStyle::Secondary,
     ButtonIcon::Grid},
    {QuickAction::ViewWishlist, "View Wishlist", "##view-wishlist", ButtonStyle::Secondary,
     ButtonIcon::Heart},
}};

bool side_by_side(const DrawContext& ctx, float content_width) {
  return content_width >= 3 * ctx.px(kMinButtonCss) + 2 * ctx.px(kGapCss);
}

}  // namespace

float quick_actions_card_height(const DrawContext& ctx, float width) {
  const float content_w = width - 2 * ctx.px(kCardPaddingCss);
  const float buttons = side_by_side(ctx, content_w) ? ctx.px(kButtonCss)
                                                     : 3 * ctx.px(kButtonCss) + 2 * ctx.px(kGapCss);
  return card_chrome_height(ctx) + buttons;
}

CardReport draw_quick_actions_card(const DrawContext& ctx, ImVec2 pos, ImVec2 size) {
  CardReport report{.test_id = "quick-actions-card"};
  const CardArea area = begin_card(ctx, report, "Quick Actions", pos, size);
  const float width = area.content_max.x - area.content_min.x;
  const bool row = side_by_side(ctx, width);
  const float gap = ctx.px(kGapCss);
  const ImVec2 button(row ? (width - 2 * gap) / 3 : width, ctx.px(kButtonCss));

  ImVec2 at = area.content_min;
  for (const ActionButton& b : kActions) {
    if (draw_button(ctx, b.id, b.label, at, button, b.style, b.icon)) report.navigation = b.action;
    report.add("quick-action", b.label, at, ImVec2(at.x + button.x, at.y + button.y));
    if (row) {
      at.x += button.x + gap;
    } else {
      at.y += button.y + gap;
    }
  }
  end_card();
  return report;
}

}  // namespace dashboard::ui
