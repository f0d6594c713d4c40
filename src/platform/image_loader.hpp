// image_loader: MOC covers for the cards. ui::ImageSource on top of
// core::ImageCache, with the loading itself left to the platform: the
// browser fetches and decodes with createImageBitmap (web/image_loader.js),
// the native client fetches through its transport and decodes with
// stb_image. Either way the platform hands over a GL texture, which this
// owns from then on: evicted ones are deleted here.
//
//   ImageLoader images([&](const std::string& key, const std::string& url, int texels) {
//     start_fetch(key, url, texels);
//   });
//   app.set_images(&images);  // the app calls begin_frame, the cards texture()
//   // when the platform's load finishes, on the UI thread:
//   images.loaded(key, gl_texture, width, height);  // or images.failed(key)
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/image_cache.hpp"
#include "ui/card.hpp"

namespace dashboard::platform {

class ImageLoader final : public ui::ImageSource {
 public:
  // Starts loading `url` scaled so its shorter side is at most
  // `max_texels`; the platform answers for `key` (the cache's name for
  // that URL at that size) with loaded() or failed(), on the UI thread, at
  // any later time (or at once).
  using StartLoad =
      std::function<void(const std::string& key, const std::string& url, int max_texels)>;

  explicit ImageLoader(StartLoad start, core::ImageCacheConfig config = {});
  // Deletes the textures it holds: the GL context must still be current.
  ~ImageLoader() override;
  ImageLoader(const ImageLoader&) = delete;
  ImageLoader& operator=(const ImageLoader&) = delete;

  // [SECTION] ui::ImageSource
  void begin_frame(core::UnixMillis now) override;
  using ui::ImageSource::texture;
  std::optional<ui::ImageView> texture(std::string_view url, ui::ImageSize size) override;

  // [SECTION] The platform's answers
  // `texture` (a GL texture name) now belongs to the loader. Mipmapped
  // textures cost a third more: say so with `mipmapped`.
  void loaded(std::string_view key, unsigned texture, int width, int height, bool mipmapped);
  void failed(std::string_view key);

  const core::ImageCache& cache() const { return cache_; }

 private:
  core::ImageCache cache_;
  StartLoad start_;
};

}  // namespace dashboard::platform
