// The site in memory; see static_site.hpp.
#include "http/static_site.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>
#include <utility>

#include "http/common_headers.hpp"
#include "http/static_files.hpp"
#include "log.hpp"

namespace dashboard::server::http {
namespace fs = std::filesystem;

namespace {

// What identifies one version of a file on disk: a rename over it changes
// the inode, an in-place rewrite the size or the mtime (nanoseconds).
struct DiskStamp {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = -1;
  std::int64_t mtime_ns = 0;
  bool operator==(const DiskStamp&) const = default;
};

DiskStamp stamp_of(const struct stat& st) {
  return {st.st_dev, st.st_ino, st.st_size,
          std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::optional<DiskStamp> stat_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return stamp_of(st);
}

struct FileBytes {
  std::string bytes;
  DiskStamp stamp;
};

enum class ReadStatus { kOk, kMissing, kTooBig };

// The stamp comes from the descriptor the bytes were read through, so a file
// replaced while it is read is seen as changed on the next request.
ReadStatus read_file(const fs::path& path, std::uint64_t max_bytes, FileBytes& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadStatus::kMissing;
  struct stat st {};
  ReadStatus status = ReadStatus::kOk;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    status = ReadStatus::kMissing;
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    status = ReadStatus::kTooBig;
  } else {
    out.bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.bytes.size()) {
      const ssize_t n = ::read(fd, out.bytes.data() + done, out.bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // shrank while read: keep what is there; the stamp will differ
      done += static_cast<std::size_t>(n);
    }
    out.bytes.resize(done);
    out.stamp = stamp_of(st);
  }
  ::close(fd);
  return status;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

StaticVariant make_variant(FileBytes file, bool gzip, const StaticEntry& entry, bool vary) {
  StaticVariant v;
  const std::chrono::sys_time<std::chrono::nanoseconds> mtime{
      std::chrono::nanoseconds{file.stamp.mtime_ns}};
  // The same validator find_static_file() gives the file on disk.
  v.etag = make_etag(file.bytes.size(), std::chrono::file_clock::from_sys(mtime), gzip);
  v.last_modified =
      http_date(std::chrono::time_point_cast<std::chrono::system_clock::duration>(mtime));
  v.mtime_seconds = file.stamp.mtime_ns / 1'000'000'000;
  v.bytes = std::move(file.bytes);
  if (v.bytes.size() >= kSendfileFrom) v.memory_file = MemoryFile::of(v.bytes);

  std::string validators;
  append_field(validators, "ETag", v.etag);
  append_field(validators, "Last-Modified", v.last_modified);
  append_field(validators, "Cache-Control", entry.cache_control);
  if (vary) append_field(validators, "Vary", "Accept-Encoding");
  for (const HeaderField& field : kCommonHeaders)
    append_field(v.fields_304, field.name, field.value);
  v.fields_304 += validators;

  v.fields_entity = v.fields_304;
  append_field(v.fields_entity, "Content-Type", entry.content_type);
  if (gzip) append_field(v.fields_entity, "Content-Encoding", "gzip");
  append_field(v.fields_entity, "Accept-Ranges", "bytes");
  v.fields_200 = v.fields_entity;
  append_field(v.fields_200, "Content-Length", std::to_string(v.bytes.size()));
  return v;
}

struct LoadedEntry {
  std::shared_ptr<const StaticEntry> entry;
  DiskStamp stamp;  // of the identity file
  std::uint64_t bytes = 0;
  std::size_t files = 0;
};

// Reads the file the segments name and its .gz sibling, by the same rules
// as find_static_file() (which serves what this declines).
ReadStatus load_entry(const fs::path& root, const std::vector<std::string>& segments,
                      std::uint64_t max_file_bytes, LoadedEntry& out) {
  const auto identity_path = resolve_under_root(root, segments);
  if (!identity_path) return ReadStatus::kMissing;
  FileBytes identity;
  if (const auto status = read_file(*identity_path, max_file_bytes, identity);
      status != ReadStatus::kOk) {
    return status;
  }
  std::optional<FileBytes> gzipped;
  if (!segments.back().ends_with(".gz")) {
    std::vector<std::string> gz_segments = segments;
    gz_segments.back() += ".gz";
    if (const auto gz_path = resolve_under_root(root, gz_segments)) {
      FileBytes gz;
      const auto status = read_file(*gz_path, max_file_bytes, gz);
      if (status == ReadStatus::kTooBig) return status;
      if (status == ReadStatus::kOk) gzipped = std::move(gz);
    }
  }

  auto entry = std::make_shared<StaticEntry>();
  entry->content_type = mime_type_for(segments.back());
  entry->cache_control = cache_control_for(segments);
  out.stamp = identity.stamp;
  out.bytes = identity.bytes.size() + (gzipped ? gzipped->bytes.size() : 0);
  out.files = gzipped ? 2 : 1;
  const bool vary = gzipped.has_value();
  entry->identity = make_variant(std::move(identity), false, *entry, vary);
  if (gzipped) entry->gzip = make_variant(std::move(*gzipped), true, *entry, vary);
  out.entry = std::move(entry);
  return ReadStatus::kOk;
}

std::vector<std::string> segments_of(const fs::path& relative) {
  std::vector<std::string> segments;
  for (const auto& part : relative) segments.push_back(part.string());
  return segments;
}

}  // namespace

std::shared_ptr<const MemoryFile> MemoryFile::of(std::string_view bytes) {
  const int fd = ::memfd_create("static-file", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return nullptr;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return nullptr;
    }
    done += static_cast<std::size_t>(n);
  }
  // Nobody may change what responses are reading.
  ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return std::shared_ptr<const MemoryFile>(new MemoryFile(fd));  // NOLINT: private constructor
}

MemoryFile::~MemoryFile() {
  ::close(fd_);
}

struct StaticSite::Slot {
  bool immutable = false;
  std::string disk_path;  // root/key as configured: a switched symlink is a change too
  std::mutex mutex;       // revalidated slots only
  std::shared_ptr<const StaticEntry> entry;  // fixed when immutable, else guarded by mutex
  DiskStamp stamp;
  std::uint64_t bytes = 0;
  std::size_t files = 0;
};

StaticSite::StaticSite(fs::path root, StaticSiteLimits limits)
    : root_(std::move(root)), limits_(limits) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
  std::size_t left_on_disk = 0;
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    const fs::path relative = it->path().lexically_relative(root_);
    const std::vector<std::string> segments = segments_of(relative);
    // A .gz with its identity beside it is that file's gzip variant; asked
    // for by name it is loaded on first use.
    if (segments.back().ends_with(".gz")) {
      fs::path identity = it->path();
      identity.replace_extension();
      if (fs::exists(identity, ec)) continue;
    }
    LoadedEntry loaded;
    const auto status = load_entry(root_, segments, limits_.max_file_bytes, loaded);
    if (status == ReadStatus::kMissing) continue;  // unsafe, a symlink out, or vanished
    if (status == ReadStatus::kTooBig || !reserve(loaded.bytes)) {
      ++left_on_disk;
      continue;
    }
    auto slot = std::make_unique<Slot>();
    slot->immutable = loaded.entry->cache_control == kCacheImmutable;
    slot->disk_path = (root_ / relative).string();
    slot->entry = std::move(loaded.entry);
    slot->stamp = loaded.stamp;
    slot->bytes = loaded.bytes;
    slot->files = loaded.files;
    {
      std::lock_guard lock(budget_mutex_);
      files_ += loaded.files;
    }
    slots_.emplace(join_path(segments), std::move(slot));
  }
  if (ec && fs::exists(root_)) {
    log::warn("static dir not fully read", {{"path", root_.string()}, {"error", ec.message()}});
  }
  log::info("static files in memory", {{"path", root_.string()},
                                       {"files", file_count()},
                                       {"bytes", byte_count()},
                                       {"left_on_disk", left_on_disk}});
}

StaticSite::~StaticSite() = default;

std::size_t StaticSite::file_count() const {
  std::lock_guard lock(budget_mutex_);
  return files_;
}

std::uint64_t StaticSite::byte_count() const {
  std::lock_guard lock(budget_mutex_);
  return bytes_;
}

bool StaticSite::reserve(std::uint64_t bytes) const {
  std::lock_guard lock(budget_mutex_);
  if (bytes_ + bytes > limits_.max_total_bytes) return false;
  bytes_ += bytes;
  return true;
}

std::shared_ptr<const StaticEntry> StaticSite::find(
    const std::vector<std::string>& segments) const {
  if (segments.empty()) return nullptr;
  const std::string key = join_path(segments);
  Slot* slot = nullptr;
  {
    std::shared_lock lock(slots_mutex_);
    const auto it = slots_.find(key);
    if (it != slots_.end()) slot = it->second.get();
  }
  if (slot == nullptr) return load_late(key, segments);
  return slot->immutable ? slot->entry : revalidate(*slot, segments);
}

std::shared_ptr<const StaticEntry> StaticSite::revalidate(
    Slot& slot, const std::vector<std::string>& segments) const {
  const auto now = stat_path(slot.disk_path);
  std::lock_guard lock(slot.mutex);
  if (now && slot.entry && *now == slot.stamp) return slot.entry;

  const auto release = [&] {
    std::lock_guard budget(budget_mutex_);
    bytes_ -= slot.bytes;
    files_ -= slot.files;
    slot.bytes = 0;
    slot.files = 0;
  };
  LoadedEntry loaded;
  if (!now || load_entry(root_, segments, limits_.max_file_bytes, loaded) != ReadStatus::kOk) {
    release();  // gone (or grown past the budget: the disk path serves it)
    slot.entry.reset();
    slot.stamp = {};
    return nullptr;
  }
  release();
  // Kept even over the total budget: it replaces what it was counted as.
  {
    std::lock_guard budget(budget_mutex_);
    bytes_ += loaded.bytes;
    files_ += loaded.files;
  }
  slot.bytes = loaded.bytes;
  slot.files = loaded.files;
  slot.entry = std::move(loaded.entry);
  slot.stamp = loaded.stamp;
  log::info("static file reloaded", {{"path", slot.disk_path}, {"bytes", slot.bytes}});
  return slot.entry;
}

std::shared_ptr<const StaticEntry> StaticSite::load_late(
    const std::string& key, const std::vector<std::string>& segments) const {
  LoadedEntry loaded;
  if (load_entry(root_, segments, limits_.max_file_bytes, loaded) != ReadStatus::kOk) {
    return nullptr;
  }
  if (!reserve(loaded.bytes)) return loaded.entry;  // served this once, not kept
  auto slot = std::make_unique<Slot>();
  slot->immutable = loaded.entry->cache_control == kCacheImmutable;
  slot->disk_path = (root_ / fs::path(key.substr(1))).string();
  slot->entry = loaded.entry;
  slot->stamp = loaded.stamp;
  slot->bytes = loaded.bytes;
  slot->files = loaded.files;
  std::unique_lock lock(slots_mutex_);
  const auto [it, inserted] = slots_.try_emplace(key, std::move(slot));
  lock.unlock();
  std::lock_guard budget(budget_mutex_);
  if (inserted) {
    files_ += loaded.files;
  } else {
    bytes_ -= loaded.bytes;  // another thread got there first
  }
  return loaded.entry;
}

}  // namespace dashboard::server::http
