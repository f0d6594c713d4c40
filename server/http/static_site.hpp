// static_site: the staged browser client held in memory, so a request for
// index.html or a hashed asset costs a hash lookup and one writev instead of
// path resolution, open, read and close.
//
// At construction every regular file under the root that
// resolve_under_root() would serve (no dot segments, nothing reached through
// a symlink leaving the root) is read together with its .gz sibling, within
// a byte budget. Each variant (identity, gzip) gets its validators (ETag,
// Last-Modified) and its response header block built once.
//
// Hashed files under /assets/ never change (the name is the content), so
// they are not looked at on disk again. Every other file (index.html above
// all) costs one stat() per request and is re-read when its inode, size or
// mtime moved, so a deploy that rewrites index.html is served at once; its
// .gz sibling is re-read with it. A file that appears after start (the next
// deploy's assets) is read on its first request and kept.
//
//   StaticSite site(root);
//   if (auto file = site.find({"assets", "app.0123abcd.wasm"})) {
//     const StaticVariant& v = file->variant(accepts_gzip(accept_encoding));
//     // write a status line, v.fields_200, CRLF, v.bytes
//   }
//
// Thread-safe: find() may run on every I/O thread at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dashboard::server::http {

// A copy of a large file's bytes in an anonymous memory file (memfd), sealed
// read-only, so the socket can be fed with sendfile(): the kernel passes
// the pages on instead of copying them out of a user buffer (a 250 KB .wasm
// cost twice nginx's CPU per request with write()).
class MemoryFile {
 public:
  // nullptr when the kernel has no memfd or it could not be filled.
  static std::shared_ptr<const MemoryFile> of(std::string_view bytes);
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  ~MemoryFile();
  int fd() const { return fd_; }

 private:
  explicit MemoryFile(int fd) : fd_(fd) {}
  int fd_;
};

// Bodies from this size on are sent from a MemoryFile with sendfile(); a
// smaller one goes out with its headers in one writev.
inline constexpr std::size_t kSendfileFrom = 64 * 1024;

// One encoding of a file, ready to send.
struct StaticVariant {
  std::string bytes;
  std::shared_ptr<const MemoryFile> memory_file;  // the same bytes, when >= kSendfileFrom
  std::string etag;
  std::string last_modified;       // IMF-fixdate of the file's mtime
  std::int64_t mtime_seconds = 0;  // the same, for If-Modified-Since
  std::string fields_entity;       // common + validators + type/encoding, no length
  std::string fields_200;          // fields_entity + Content-Length of the whole
  std::string fields_304;          // common + validators (no entity headers)
};

struct StaticEntry {
  std::string content_type;  // of the requested name, not of the .gz
  std::string_view cache_control;
  StaticVariant identity;
  std::optional<StaticVariant> gzip;  // the .gz sibling, when there is one

  const StaticVariant& variant(bool gzip_accepted) const {
    return gzip_accepted && gzip ? *gzip : identity;
  }
};

struct StaticSiteLimits {
  std::uint64_t max_file_bytes = std::uint64_t{64} << 20;  // larger files stay on disk
  std::uint64_t max_total_bytes = std::uint64_t{1} << 30;
};

class StaticSite {
 public:
  explicit StaticSite(std::filesystem::path root, StaticSiteLimits limits = {});
  StaticSite(const StaticSite&) = delete;
  StaticSite& operator=(const StaticSite&) = delete;
  ~StaticSite();

  // The file the segments name, as it is on disk now (see above); nullptr
  // when there is none, or when it is over the budget (the caller may then
  // still serve it from disk).
  std::shared_ptr<const StaticEntry> find(const std::vector<std::string>& segments) const;

  // What is held in memory (files, including .gz siblings, and their bytes).
  std::size_t file_count() const;
  std::uint64_t byte_count() const;

 private:
  struct Slot;

  std::shared_ptr<const StaticEntry> revalidate(Slot& slot,
                                                const std::vector<std::string>& segments) const;
  std::shared_ptr<const StaticEntry> load_late(const std::string& key,
                                               const std::vector<std::string>& segments) const;
  // Counts bytes against the budget; false when they do not fit.
  bool reserve(std::uint64_t bytes) const;

  std::filesystem::path root_;
  StaticSiteLimits limits_;
  mutable std::shared_mutex slots_mutex_;  // guards the map, not the slots' contents
  mutable std::unordered_map<std::string, std::unique_ptr<Slot>> slots_;  // key: "/a/b.js"
  mutable std::mutex budget_mutex_;
  mutable std::uint64_t bytes_ = 0;  // guarded by budget_mutex_
  mutable std::size_t files_ = 0;    // guarded by budget_mutex_
};

}  // namespace dashboard::server::http
