#include "app/semantics_overlay.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace dashboard::app {
namespace {

TEST(SemanticsOverlay, EncodesCardsItemsAndChromeInCssPixels) {
  ui::ShellOutput frame;
  ui::CardReport card;
  card.test_id = "collection-summary-card";
  card.min = ImVec2(20, 40);
  card.max = ImVec2(220, 240);
  card.add("total-mocs-count", "64", ImVec2(40, 80), ImVec2(80, 120));
  card.add("tooltip", "hover text", ImVec2(0, 0), ImVec2(1, 1));
  frame.cards.push_back(card);
  frame.chrome.push_back({"connection-status", "Live", ImVec2(300, 10), ImVec2(360, 40)});

  const std::string json = encode_semantics(frame, 2.0f);
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  ASSERT_FALSE(doc.HasParseError()) << json;
  const auto& c = doc["cards"][0];
  EXPECT_STREQ(c["id"].GetString(), "collection-summary-card");
  EXPECT_STREQ(c["name"].GetString(), "Collection Summary");
  EXPECT_DOUBLE_EQ(c["x"].GetDouble(), 10);
  EXPECT_DOUBLE_EQ(c["w"].GetDouble(), 100);
  ASSERT_EQ(c["items"].Size(), 1u);  // tooltips are hover-only, not mirrored
  EXPECT_STREQ(c["items"][0]["text"].GetString(), "64");
  EXPECT_STREQ(c["items"][0]["role"].GetString(), "text");
  EXPECT_DOUBLE_EQ(c["items"][0]["h"].GetDouble(), 20);
  EXPECT_STREQ(doc["chrome"][0]["role"].GetString(), "status");
}

TEST(SemanticsOverlay, GivesInteractiveAndLiveItemsTheirRoles) {
  EXPECT_EQ(semantic_role("quick-action"), "button");
  EXPECT_EQ(semantic_role("recent-mocs-empty-action"), "button");
  EXPECT_EQ(semantic_role("connection-retry"), "button");
  EXPECT_EQ(semantic_role("degraded-mode-banner"), "alert");
  EXPECT_EQ(semantic_role("toast"), "status");
  EXPECT_EQ(semantic_role("sign-in-password"), "textbox");
  EXPECT_EQ(semantic_role("wishlist-items-count"), "text");
}

}  // namespace
}  // namespace dashboard::app
