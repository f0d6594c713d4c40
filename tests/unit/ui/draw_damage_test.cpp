// DrawDamage on real ImGui frames (headless): what changed between two
// frames' draw data bounds the pixels to redraw, and nothing else does.
#include "platform/draw_damage.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "imgui_harness.hpp"

namespace dashboard::platform {
namespace {

using ui::testing::ImGuiHarness;

bool contains(const PixelRect& outer, ImVec2 min, ImVec2 max) {
  return static_cast<float>(outer.x0) <= min.x && static_cast<float>(outer.y0) <= min.y &&
         static_cast<float>(outer.x1) >= max.x && static_cast<float>(outer.y1) >= max.y;
}

// Two cards side by side, each a child window with a label and a button,
// like the dashboard's; `label` is the left card's text.
struct TwoCards {
  const char* label = "Total MOCs: 65";
  ImVec2 button_min{};
  ImVec2 button_max{};

  bool operator()() {
    ImGui::SetCursorScreenPos(ImVec2(20, 20));
    ImGui::BeginChild("left", ImVec2(400, 300));
    ImGui::TextUnformatted(label);
    ImGui::EndChild();
    ImGui::SetCursorScreenPos(ImVec2(500, 20));
    ImGui::BeginChild("right", ImVec2(400, 300));
    ImGui::SetCursorScreenPos(ImVec2(520, 60));
    ImGui::Button("Add New MOC", ImVec2(200, 40));
    button_min = ImGui::GetItemRectMin();
    button_max = ImGui::GetItemRectMax();
    ImGui::EndChild();
    return true;
  }
};

TEST(DrawDamage, FirstFrameIsEverythingAndAnUnchangedFrameIsNothing) {
  ImGuiHarness h;
  TwoCards cards;
  DrawDamage damage;
  h.frame(cards);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  EXPECT_EQ(
      damage.update(*ImGui::GetDrawData(), false),
      (std::vector<PixelRect>{{0, 0, static_cast<int>(display.x), static_cast<int>(display.y)}}));
  h.frame(cards);
  EXPECT_TRUE(damage.update(*ImGui::GetDrawData(), false).empty());
}

TEST(DrawDamage, AHoverDamagesTheButtonAndNotTheOtherCard) {
  ImGuiHarness h;
  TwoCards cards;
  DrawDamage damage;
  h.frame(cards);
  damage.update(*ImGui::GetDrawData(), false);
  h.hover(ImVec2(600, 80), cards);  // two frames: ImGui sees the hover in the second
  const std::vector<PixelRect> rects = damage.update(*ImGui::GetDrawData(), false);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_TRUE(contains(rects[0], cards.button_min, cards.button_max));
  EXPECT_LE(rects[0].area(), 210 * 50) << "the button and its margin, not the card";
  EXPECT_GE(rects[0].x0, 500) << "the left card is untouched";
}

TEST(DrawDamage, NewTextDamagesItsCardOnly) {
  ImGuiHarness h;
  TwoCards cards;
  DrawDamage damage;
  h.frame(cards);
  damage.update(*ImGui::GetDrawData(), false);
  cards.label = "Total MOCs: 66";
  h.frame(cards);
  const std::vector<PixelRect> rects = damage.update(*ImGui::GetDrawData(), false);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_LE(rects[0].x1, 420);
  EXPECT_LE(rects[0].y1, 320);
  EXPECT_GT(rects[0].area(), 0);
}

TEST(DrawDamage, TwoDistantChangesInOneWindowDamageTwoPlaces) {
  ImGuiHarness h;
  DrawDamage damage;
  ImU32 corner_colour = IM_COL32(200, 0, 0, 255);
  const auto three_boxes = [&] {
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    draw.AddRectFilled(ImVec2(10, 10), ImVec2(60, 60), corner_colour);  // a card flashing
    draw.AddRectFilled(ImVec2(400, 300), ImVec2(900, 600), IM_COL32(0, 0, 200, 255));
    draw.AddRectFilled(ImVec2(1300, 800), ImVec2(1350, 850), corner_colour);  // the pill
    return true;
  };
  h.frame(three_boxes);
  damage.update(*ImGui::GetDrawData(), false);
  corner_colour = IM_COL32(180, 0, 0, 255);
  h.frame(three_boxes);
  const std::vector<PixelRect> rects = damage.update(*ImGui::GetDrawData(), false);
  ASSERT_EQ(rects.size(), 2u);
  for (const PixelRect& r : rects) {
    EXPECT_LE(r.area(), 54 * 54) << "the middle box is not redrawn";
  }
}

TEST(DrawDamage, TextOfAnotherLengthDamagesItsGlyphsNotTheSpaceBetween) {
  ImGuiHarness h;
  DrawDamage damage;
  const char* title = "Moonbase Alpha";
  const auto far_apart = [&] {
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    draw.AddText(ImVec2(20, 20), IM_COL32_BLACK, title);   // a row of Recent MOCs
    draw.AddText(ImVec2(20, 800), IM_COL32_BLACK, title);  // the same MOC in Partial Parts
    return true;
  };
  h.frame(far_apart);
  damage.update(*ImGui::GetDrawData(), false);
  title = "Moonbase Alpha, rebuilt";
  h.frame(far_apart);
  const std::vector<PixelRect> rects = damage.update(*ImGui::GetDrawData(), false);
  long long area = 0;
  for (const PixelRect& r : rects) area += r.area();
  EXPECT_GE(rects.size(), 2u);
  EXPECT_LE(area, 2 * 300 * 40) << "two lines of text, not the 780 px between them";
}

TEST(DrawDamage, AWindowAddedOrAskedForRedrawsEverything) {
  ImGuiHarness h;
  TwoCards cards;
  DrawDamage damage;
  h.frame(cards);
  damage.update(*ImGui::GetDrawData(), false);
  const auto with_tooltip = [&] {
    cards();
    ImGui::SetTooltip("Real-time updates active");  // a window of its own
    return true;
  };
  h.frame(with_tooltip);  // an auto-sized window is measured before it shows
  damage.update(*ImGui::GetDrawData(), false);
  h.frame(with_tooltip);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const PixelRect all{0, 0, static_cast<int>(display.x), static_cast<int>(display.y)};
  EXPECT_EQ(damage.update(*ImGui::GetDrawData(), false), std::vector<PixelRect>{all});
  EXPECT_EQ(damage.update(*ImGui::GetDrawData(), true), std::vector<PixelRect>{all})
      << "a texture changed under the same vertices";
  damage.reset();
  EXPECT_EQ(damage.update(*ImGui::GetDrawData(), false), std::vector<PixelRect>{all});
}

TEST(DrawDamage, ADrawCallbackIsRedrawnEveryFrame) {
  ImGuiHarness h;
  DrawDamage damage;
  const auto shimmer = [] {
    ImGui::SetCursorScreenPos(ImVec2(40, 40));
    ImGui::BeginChild("skeleton", ImVec2(100, 50));
    ImGui::GetWindowDrawList()->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr);
    ImGui::GetWindowDrawList()->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    ImGui::EndChild();
    return true;
  };
  h.frame(shimmer);
  damage.update(*ImGui::GetDrawData(), false);
  h.frame(shimmer);
  const std::vector<PixelRect> rects = damage.update(*ImGui::GetDrawData(), false);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_TRUE(contains(rects[0], ImVec2(40, 40), ImVec2(140, 90)));
  EXPECT_LE(rects[0].area(), 104 * 54);
}

TEST(MergeRects, OverlapsJoinDisjointStay) {
  EXPECT_EQ(merge_rects({{0, 0, 10, 10}, {5, 5, 12, 12}, {100, 100, 110, 110}, {}}, 8),
            (std::vector<PixelRect>{{0, 0, 12, 12}, {100, 100, 110, 110}}));
  // A line of glyphs, each touching the next: one box.
  EXPECT_EQ(merge_rects({{0, 0, 10, 20}, {9, 0, 19, 20}, {18, 2, 28, 20}}, 8),
            (std::vector<PixelRect>{{0, 0, 28, 20}}));
}

TEST(MergeRects, AnOutlineStaysItsSidesNotTheBoxInside) {
  // A card's flash: a 2 px ring around 400 x 300 px.
  const std::vector<PixelRect> ring{
      {0, 0, 400, 3}, {0, 297, 400, 300}, {0, 0, 3, 300}, {397, 0, 400, 300}};
  const std::vector<PixelRect> merged = merge_rects(ring, 8);
  long long area = 0;
  for (const PixelRect& r : merged) area += r.area();
  EXPECT_LE(area, 4 * 400 * 3) << "the card's inside is not redrawn";
}

TEST(MergeRects, TooManyJoinTheCheapestPairsFirst) {
  // Two clusters far apart: down to two boxes, one per cluster.
  EXPECT_EQ(
      merge_rects({{0, 0, 5, 5}, {0, 50, 5, 55}, {1000, 0, 1005, 5}, {1000, 50, 1005, 55}}, 2),
      (std::vector<PixelRect>{{0, 0, 5, 55}, {1000, 0, 1005, 55}}));
  EXPECT_EQ(merge_rects({{0, 0, 1, 1}, {10, 10, 11, 11}, {20, 20, 21, 21}}, 1),
            (std::vector<PixelRect>{{0, 0, 21, 21}}));
}

TEST(DisjointRects, OverlapsAreCutAwaySoNoPixelIsDrawnTwice) {
  // The corners of an outline's sides overlap.
  const std::vector<PixelRect> sides{
      {0, 0, 400, 3}, {0, 297, 400, 300}, {0, 0, 3, 300}, {397, 0, 400, 300}};
  const std::vector<PixelRect> cut = disjoint_rects(sides);
  long long area = 0;
  for (std::size_t i = 0; i < cut.size(); ++i) {
    area += cut[i].area();
    for (std::size_t j = i + 1; j < cut.size(); ++j) {
      EXPECT_TRUE(cut[i].x1 <= cut[j].x0 || cut[j].x1 <= cut[i].x0 || cut[i].y1 <= cut[j].y0 ||
                  cut[j].y1 <= cut[i].y0)
          << i << " and " << j << " overlap";
    }
  }
  EXPECT_EQ(area, 2 * 400 * 3 + 2 * 3 * 294) << "the same pixels, each once";
  EXPECT_EQ(disjoint_rects({{0, 0, 10, 10}, {2, 2, 5, 5}}),
            (std::vector<PixelRect>{{0, 0, 10, 10}}));
}

}  // namespace
}  // namespace dashboard::platform
