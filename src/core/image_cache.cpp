#include "core/image_cache.hpp"

#include <algorithm>

namespace dashboard::core {

ImageCache::ImageCache(ImageCacheConfig config) : config_(config) {}

void ImageCache::begin_frame(UnixMillis now) {
  ++frame_;
  now_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = it->second;
    if (entry.state == ImageState::Failed && now - entry.since >= config_.retry_failed_after_ms) {
      it = entries_.erase(it);
      continue;
    }
    if (entry.state == ImageState::Loading && now - entry.since >= config_.load_timeout_ms) {
      entry.state = ImageState::Failed;
      entry.since = now;
    }
    ++it;
  }
}

void ImageCache::touch(Entry& entry) {
  entry.used_frame = frame_;
  entry.used_order = ++uses_;
}

ImageLookup ImageCache::lookup(std::string_view url) {
  auto it = entries_.find(url);
  if (it == entries_.end()) {
    Entry entry;
    entry.since = now_;
    touch(entry);
    entries_.emplace(std::string(url), entry);
    return ImageLookup{ImageState::Loading, true, 0, 0, 0};
  }
  Entry& entry = it->second;
  touch(entry);
  return ImageLookup{entry.state, false, entry.texture, entry.width, entry.height};
}

std::vector<TextureHandle> ImageCache::loaded(std::string_view url, TextureHandle texture,
                                              int width, int height, std::size_t bytes) {
  std::vector<TextureHandle> to_delete;
  auto it = entries_.find(url);
  if (it == entries_.end() || it->second.state != ImageState::Loading) {
    to_delete.push_back(texture);
    return to_delete;
  }
  Entry& entry = it->second;
  entry.state = ImageState::Ready;
  entry.texture = texture;
  entry.width = width;
  entry.height = height;
  entry.bytes = bytes;
  entry.since = now_;
  // It was asked for and has just arrived: the newest use, so the next
  // frame can show it before anything older is kept instead.
  touch(entry);
  bytes_used_ += bytes;
  evict_over_budget(to_delete);
  return to_delete;
}

void ImageCache::failed(std::string_view url) {
  auto it = entries_.find(url);
  if (it == entries_.end() || it->second.state != ImageState::Loading) return;
  it->second.state = ImageState::Failed;
  it->second.since = now_;
}

std::vector<TextureHandle> ImageCache::clear() {
  std::vector<TextureHandle> to_delete;
  for (const auto& [url, entry] : entries_) {
    if (entry.state == ImageState::Ready) to_delete.push_back(entry.texture);
  }
  entries_.clear();
  bytes_used_ = 0;
  return to_delete;
}

std::size_t ImageCache::count(ImageState state) const {
  return static_cast<std::size_t>(
      std::count_if(entries_.begin(), entries_.end(),
                    [state](const auto& e) { return e.second.state == state; }));
}

void ImageCache::evict_over_budget(std::vector<TextureHandle>& out) {
  if (bytes_used_ <= config_.byte_budget) return;
  std::vector<std::map<std::string, Entry, std::less<>>::iterator> candidates;
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.state == ImageState::Ready && it->second.used_frame != frame_) {
      candidates.push_back(it);
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a->second.used_order < b->second.used_order;
  });
  for (const auto& it : candidates) {
    if (bytes_used_ <= config_.byte_budget) break;
    bytes_used_ -= it->second.bytes;
    out.push_back(it->second.texture);
    entries_.erase(it);
  }
}

}  // namespace dashboard::core
