#include "api/snapshot_cache.hpp"

#include <mutex>

namespace dashboard::server::api {

std::shared_ptr<const EncodedSnapshot> SnapshotCache::find(store::UserId user,
                                                           std::int64_t version) const {
  std::shared_lock lock(mutex_);
  const auto it = entries_.find(user);
  if (it == entries_.end() || it->second->version != version) return nullptr;
  return it->second;
}

void SnapshotCache::remember(store::UserId user, std::shared_ptr<const EncodedSnapshot> snapshot) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(user);
  if (it != entries_.end()) {
    if (it->second->version < snapshot->version) it->second = std::move(snapshot);
    return;
  }
  if (entries_.size() >= max_users_ && !entries_.empty()) entries_.erase(entries_.begin());
  entries_.emplace(user, std::move(snapshot));
}

}  // namespace dashboard::server::api
