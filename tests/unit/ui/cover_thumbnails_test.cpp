// Recent MOCs thumbnails through the ImageSource seam: a ready cover is
// drawn as a textured, square-cropped quad; no cover, a cover still loading
// and a failed one all show the placeholder; the report is the same either
// way.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imgui_harness.hpp"
#include "ui/cards.hpp"
#include "ui_fixtures.hpp"

namespace dashboard::ui {
namespace {

using testing::ImGuiHarness;

const ImVec2 kAt(16, 16);

// Serves fixed answers and records what the card asked for.
class FakeImages final : public ImageSource {
 public:
  void begin_frame(core::UnixMillis /*now*/) override { ++frames; }
  using ImageSource::texture;
  std::optional<ImageView> texture(std::string_view url, ImageSize /*size*/) override {
    asked.emplace_back(url);
    const auto it = ready.find(std::string(url));
    if (it == ready.end()) return std::nullopt;  // loading or failed
    return it->second;
  }

  std::map<std::string, ImageView> ready;
  std::vector<std::string> asked;
  int frames = 0;
};

ImTextureID texture_id(std::uintptr_t name) {
  return reinterpret_cast<ImTextureID>(name);
}

// The vertices the last frame drew with `texture`.
std::vector<ImDrawVert> vertices_with(ImTextureID texture) {
  std::vector<ImDrawVert> out;
  const ImDrawData& data = *ImGui::GetDrawData();
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.TextureId != texture) continue;
      for (unsigned i = 0; i < cmd.ElemCount; ++i) {
        out.push_back(
            list.VtxBuffer[static_cast<int>(list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i)])]);
      }
    }
  }
  return out;
}

struct Bounds {
  ImVec2 min{1e9f, 1e9f};
  ImVec2 max{-1e9f, -1e9f};
};

// The box around one coordinate of the vertices: `&ImDrawVert::pos` for
// where they are on screen, `&ImDrawVert::uv` for what of the texture shows.
Bounds bounds(const std::vector<ImDrawVert>& vertices, ImVec2 ImDrawVert::*coordinate) {
  Bounds b;
  for (const ImDrawVert& v : vertices) {
    const ImVec2 p = v.*coordinate;
    b.min = ImVec2(std::min(b.min.x, p.x), std::min(b.min.y, p.y));
    b.max = ImVec2(std::max(b.max.x, p.x), std::max(b.max.y, p.y));
  }
  return b;
}

class CoverThumbnails : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ui.fonts_ok()) << "fonts in " << DASHBOARD_FONT_DIR;
    ctx.images = &images;
    mocs[0].cover_image_url = "/covers/wide.png";     // ready, 200 x 100
    mocs[1].cover_image_url = "/covers/missing.png";  // failed (or loading)
    // mocs[2] has no cover at all.
    images.ready["/covers/wide.png"] = ImageView{texture_id(77), ImVec2(200, 100)};
  }

  CardReport draw() {
    const ImVec2 size(420, recent_mocs_card_height(ctx, mocs, 420));
    return ui.frame([&] { return draw_recent_mocs_card(ctx, mocs, kAt, size); });
  }

  ImGuiHarness ui;
  DrawContext ctx = ui.ctx(testing::fixture_now());
  FakeImages images;
  std::vector<core::RecentMoc> mocs = testing::recent_mocs(3);
};

TEST_F(CoverThumbnails, ReadyCoverIsDrawnCroppedToASquare) {
  const CardReport r = draw();
  const std::vector<ImDrawVert> quad = vertices_with(texture_id(77));
  ASSERT_FALSE(quad.empty()) << "the cover's texture is in the draw list";
  // 40 px square, plus the anti-aliasing fringe of the rounded fill.
  const Bounds at = bounds(quad, &ImDrawVert::pos);
  EXPECT_NEAR(at.max.x - at.min.x, 40, 1.5);
  EXPECT_NEAR(at.max.y - at.min.y, 40, 1.5);
  // Inside the first row.
  const Semantic& row = *r.find("recent-moc");
  EXPECT_GE(at.min.y, row.min.y);
  EXPECT_LE(at.max.y, row.max.y);
  // A 2:1 image shows its middle half.
  const Bounds uv = bounds(quad, &ImDrawVert::uv);
  EXPECT_NEAR(uv.min.x, 0.25, 0.01);
  EXPECT_NEAR(uv.max.x, 0.75, 0.01);
  EXPECT_NEAR(uv.min.y, 0, 0.01);
  EXPECT_NEAR(uv.max.y, 1, 0.01);
}

TEST_F(CoverThumbnails, OnlyMocsWithCoversAskForImages) {
  (void)draw();
  EXPECT_EQ(images.asked, (std::vector<std::string>{"/covers/wide.png", "/covers/missing.png"}));
}

TEST_F(CoverThumbnails, FailedOrMissingCoverShowsThePlaceholder) {
  // Without the ready one, no textured quad but the font atlas's is drawn.
  images.ready.clear();
  const CardReport without = draw();
  EXPECT_TRUE(vertices_with(texture_id(77)).empty());
  const int placeholder_vertices = ui.vertex_count();
  EXPECT_GT(placeholder_vertices, 0);

  ctx.images = nullptr;  // no image source at all: the same placeholders
  const CardReport plain = draw();
  EXPECT_EQ(ui.vertex_count(), placeholder_vertices);
  EXPECT_EQ(plain.texts("recent-moc"), without.texts("recent-moc"));
  EXPECT_EQ(plain.items.size(), without.items.size());
}

TEST_F(CoverThumbnails, ReportIsTheSameWithOrWithoutCovers) {
  const CardReport with = draw();
  ctx.images = nullptr;
  const CardReport plain = draw();
  ASSERT_EQ(with.items.size(), plain.items.size());
  for (std::size_t i = 0; i < with.items.size(); ++i) {
    EXPECT_EQ(with.items[i].id, plain.items[i].id);
    EXPECT_EQ(with.items[i].text, plain.items[i].text);
  }
  EXPECT_EQ(with.rows_drawn, 3);
}

}  // namespace
}  // namespace dashboard::ui
