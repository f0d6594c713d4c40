#include "platform/image_loader.hpp"

#include <cstdint>
#include <utility>
#include <vector>

#include "platform/gl.hpp"
#include "platform/gl_frame.hpp"

namespace dashboard::platform {
namespace {

void delete_textures(const std::vector<core::TextureHandle>& handles) {
  for (const core::TextureHandle handle : handles) {
    const auto name = static_cast<GLuint>(handle);
    glDeleteTextures(1, &name);
  }
}

}  // namespace

ImageLoader::ImageLoader(StartLoad start, core::ImageCacheConfig config)
    : cache_(config), start_(std::move(start)) {}

ImageLoader::~ImageLoader() {
  delete_textures(cache_.clear());
}

void ImageLoader::begin_frame(core::UnixMillis now) {
  cache_.begin_frame(now);
}

std::optional<ui::ImageView> ImageLoader::texture(std::string_view url, ui::ImageSize size) {
  if (url.empty()) return std::nullopt;
  // Thumbnails keep the URL as their key; larger sizes are entries of their own.
  const std::string key = size == ui::ImageSize::Thumbnail
                              ? std::string(url)
                              : std::to_string(ui::max_texels(size)) + "|" + std::string(url);
  const core::ImageLookup image = cache_.lookup(key);
  if (image.start_load) start_(key, std::string(url), ui::max_texels(size));
  if (image.state != core::ImageState::Ready) return std::nullopt;
  return ui::ImageView{reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(image.texture)),
                       ImVec2(static_cast<float>(image.width), static_cast<float>(image.height))};
}

void ImageLoader::loaded(std::string_view key, unsigned texture, int width, int height,
                         bool mipmapped) {
  std::size_t bytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
  if (mipmapped) bytes += bytes / 3;
  delete_textures(cache_.loaded(key, texture, width, height, bytes));
  // A texture name freed by an eviction can come back with other pixels
  // under unchanged vertices; images arrive rarely, so redraw everything.
  invalidate_frame_cache();
}

void ImageLoader::failed(std::string_view key) {
  cache_.failed(key);
}

}  // namespace dashboard::platform
