// gallery_page: /gallery, the MOCs' covers in a grid, newest first. Only
// the tiles on screen are drawn, so only their covers are asked of the
// texture cache (which loads them lazily and keeps its byte budget however
// many MOCs there are); a MOC without a cover shows the brick placeholder.
// A click opens the MOC.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "core/model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct GalleryView {
  std::int64_t total = 0;
  std::size_t rows = 0;  // MOCs known from the first
  bool loaded_once = false;
  std::string error;
  std::function<std::optional<core::Moc>(std::size_t)> moc;
};

inline constexpr float kTileCss = 176;

void draw_gallery_page(PageFrame& frame, const GalleryView& view, PageActions& out);

}  // namespace dashboard::ui
