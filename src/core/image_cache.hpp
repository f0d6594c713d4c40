// image_cache: the bookkeeping behind cover thumbnails. Images are keyed by
// URL; each is Loading, Ready (a GPU texture the platform made, with its
// size and byte cost) or Failed. Ready textures stay under a byte budget by
// evicting the least recently used ones, except those used in the current
// frame. Failures are remembered so a broken URL is not fetched every
// frame, and retried after a while. Pure bookkeeping: the platform fetches,
// decodes, uploads and deletes textures; time comes in through begin_frame.
//
//   ImageCache cache({.byte_budget = 16 << 20});
//   cache.begin_frame(now);                       // once per frame
//   const ImageLookup image = cache.lookup(url);  // while drawing
//   if (image.start_load) platform_fetch(url);
//   if (image.state == ImageState::Ready) draw(image.texture);
//   // later, when the platform's load finishes:
//   for (TextureHandle gone : cache.loaded(url, texture, w, h, bytes)) delete_texture(gone);
//   cache.failed(url);                            // or this, on any failure
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.hpp"

namespace dashboard::core {

// The platform's name for a texture (a GL texture name, widened).
using TextureHandle = std::uint64_t;

enum class ImageState { Loading, Ready, Failed };

struct ImageCacheConfig {
  std::size_t byte_budget = 16u << 20;       // Ready textures beyond this are evicted, LRU first
  UnixMillis retry_failed_after_ms = 60000;  // a Failed URL is fetched again after this
  UnixMillis load_timeout_ms = 30000;        // a load not finished by then counts as Failed
};

// What lookup() found.
struct ImageLookup {
  ImageState state = ImageState::Loading;
  bool start_load = false;    // the caller must start loading the URL now
  TextureHandle texture = 0;  // when Ready
  int width = 0;              // texels, when Ready
  int height = 0;
};

class ImageCache {
 public:
  explicit ImageCache(ImageCacheConfig config = {});

  // Starts a frame at `now`: entries used from here on are this frame's and
  // are never evicted until the next call. Forgets failures older than
  // retry_failed_after_ms and fails loads older than load_timeout_ms.
  void begin_frame(UnixMillis now);

  // The state of `url`, marking it used this frame. An unknown (or
  // forgotten) URL becomes Loading and the result asks the caller to start
  // its load, once; the caller then reports loaded() or failed().
  ImageLookup lookup(std::string_view url);

  // The load of `url` produced `texture` (width x height texels, `bytes` of
  // GPU memory), which the cache now owns. Returns the textures the caller
  // must delete: those evicted to get back under the budget, or `texture`
  // itself when the cache no longer waits for `url` (it timed out, was
  // cleared, or never asked).
  [[nodiscard]] std::vector<TextureHandle> loaded(std::string_view url, TextureHandle texture,
                                                  int width, int height, std::size_t bytes);

  // The load of `url` failed (network, status, decode, upload). Ignored
  // when the cache no longer waits for `url`.
  void failed(std::string_view url);

  // Forgets everything; returns every texture the caller must delete.
  [[nodiscard]] std::vector<TextureHandle> clear();

  // Bytes of the Ready textures; may exceed the budget while everything
  // over it was used this frame.
  std::size_t bytes_used() const { return bytes_used_; }
  // Entries in `state`.
  std::size_t count(ImageState state) const;
  std::uint64_t frame() const { return frame_; }

 private:
  struct Entry {
    ImageState state = ImageState::Loading;
    TextureHandle texture = 0;
    int width = 0;
    int height = 0;
    std::size_t bytes = 0;
    UnixMillis since = 0;          // when it entered its state
    std::uint64_t used_frame = 0;  // the frame it was last looked up in
    std::uint64_t used_order = 0;  // increases with every use: the LRU order
  };

  // Evicts Ready entries not used this frame, least recently used first,
  // until the budget holds; appends their textures to `out`.
  void evict_over_budget(std::vector<TextureHandle>& out);
  void touch(Entry& entry);

  ImageCacheConfig config_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::size_t bytes_used_ = 0;
  std::uint64_t frame_ = 0;
  std::uint64_t uses_ = 0;
  UnixMillis now_ = 0;
};

}  // namespace dashboard::core
