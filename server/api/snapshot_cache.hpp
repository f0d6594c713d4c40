// snapshot_cache: the encoded GET /api/dashboard body per user, keyed by
// the version it was built at. A request checks the user's current version
// (one indexed read) and reuses the bytes when nothing changed, so the
// common case costs no slice queries and no encoding. Writers in other
// processes are seen too: they bump the version in the database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "store/store.hpp"

namespace dashboard::server::api {

class SnapshotCache {
 public:
  explicit SnapshotCache(std::size_t max_users = 10000) : max_users_(max_users) {}

  // The body for `user` if it was built at exactly `version`.
  std::shared_ptr<const std::string> find(store::UserId user, std::int64_t version) const;

  // Remembers `body` unless a newer version is already cached. When full,
  // an arbitrary other user's entry makes room (memory stays bounded).
  void remember(store::UserId user, std::int64_t version, std::shared_ptr<const std::string> body);

 private:
  struct Entry {
    std::int64_t version = -1;
    std::shared_ptr<const std::string> body;
  };
  std::size_t max_users_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<store::UserId, Entry> entries_;
};

}  // namespace dashboard::server::api
