// snapshot_cache: the encoded GET /api/dashboard body per user, plain and
// gzipped, keyed by the version it was built at. A request checks the
// user's current version (one indexed read) and reuses the bytes when
// nothing changed, so the common case costs no slice queries, no encoding
// and no compression. Writers in other processes are seen too: they bump
// the version in the database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "store/store.hpp"

namespace dashboard::server::api {

// One user's snapshot at one version, shared by every response that sends it.
struct EncodedSnapshot {
  std::int64_t version = -1;
  std::shared_ptr<const std::string> json;
  std::shared_ptr<const std::string> gzip;
};

class SnapshotCache {
 public:
  explicit SnapshotCache(std::size_t max_users = 10000) : max_users_(max_users) {}

  // The snapshot for `user` if it was built at exactly `version`.
  std::shared_ptr<const EncodedSnapshot> find(store::UserId user, std::int64_t version) const;

  // Remembers `snapshot` unless a newer version is already cached. When
  // full, an arbitrary other user's entry makes room (memory stays bounded).
  void remember(store::UserId user, std::shared_ptr<const EncodedSnapshot> snapshot);

 private:
  std::size_t max_users_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<store::UserId, std::shared_ptr<const EncodedSnapshot>> entries_;
};

}  // namespace dashboard::server::api
