#include "api/snapshot_cache.hpp"

#include <mutex>

namespace dashboard::server::api {

std::shared_ptr<const std::string> SnapshotCache::find(store::UserId user,
                                                       std::int64_t version) const {
  std::shared_lock lock(mutex_);
  const auto it = entries_.find(user);
  if (it == entries_.end() || it->second.version != version) return nullptr;
  return it->second.body;
}

void SnapshotCache::remember(store::UserId user, std::int64_t version,
                             std::shared_ptr<const std::string> body) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(user);
  if (it != entries_.end()) {
    if (it->second.version < version) it->second = Entry{version, std::move(body)};
    return;
  }
  if (entries_.size() >= max_users_ && !entries_.empty()) entries_.erase(entries_.begin());
  entries_.emplace(user, Entry{version, std::move(body)});
}

}  // namespace dashboard::server::api
