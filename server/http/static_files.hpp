// Static file policy for the staged browser client: which file a request
// target names, what it is called on the wire (MIME type), how long it may
// be cached, whether a precompressed .gz sibling is sent, and its validators
// (ETag, Last-Modified).
//
// Pure: no Beast, no sockets; only the filesystem. The request handler asks
//
//   auto segments = decode_path_segments(req.target());
//   auto file = find_static_file(static_root, *segments, accept_encoding);
//
// and turns the answer into a response. Anything that could leave the static
// root (dot segments, encoded slashes or backslashes, NUL, drive letters,
// empty segments, symlinks pointing outside) resolves to "not found".
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dashboard::server::http {

inline constexpr std::string_view kCacheImmutable = "public, max-age=31536000, immutable";
inline constexpr std::string_view kCacheRevalidate = "no-cache";

// Percent-decoded path segments of an origin-form target, query dropped:
// "/a/b%20c?x=1" -> {"a", "b c"}, "/" -> {""}, "/a/" -> {"a", ""}.
// nullopt when the target is not origin-form or a segment decodes to a
// character that would change the path's shape ('/', '\\', NUL).
std::optional<std::vector<std::string>> decode_path_segments(std::string_view target);

// "/" followed by the segments joined with "/"; the inverse of the above for
// safe segments, used to match fixed routes.
std::string join_path(const std::vector<std::string>& segments);

// A segment that may name a file or directory under the static root.
bool is_safe_segment(std::string_view segment);

// The canonical path of the regular file the segments name under root, or
// nullopt when it is missing, not a regular file, unsafe, or (after
// following symlinks) outside the canonical root.
std::optional<std::filesystem::path> resolve_under_root(const std::filesystem::path& root,
                                                        const std::vector<std::string>& segments);

// Content-Type for a file name, by extension (case-insensitive).
std::string_view mime_type_for(std::string_view file_name);

// True for "name.<8 or more hex digits>.ext", the build's content-hashed names.
bool has_content_hash(std::string_view file_name);

// Hashed files under /assets/ never change; everything else revalidates.
std::string_view cache_control_for(const std::vector<std::string>& segments);

// Whether an Accept-Encoding header value allows gzip, honouring q-values
// ("gzip;q=0" refuses it) and "*".
bool accepts_gzip(std::string_view accept_encoding);

// A strong validator from the sent file's size and mtime; the gzip variant
// always differs from the identity one.
std::string make_etag(std::uint64_t size, std::filesystem::file_time_type mtime, bool gzip);

// If-None-Match evaluation (weak comparison, lists, "*").
bool if_none_match(std::string_view header, std::string_view etag);

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::chrono::system_clock::time_point when);

// Seconds since the Unix epoch of an IMF-fixdate (what browsers send in
// If-Modified-Since); nullopt for anything else, which callers then ignore.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// What a Range header asks of a representation of `size` bytes. Only one
// byte range is honoured; a list of several is answered with the whole
// representation (RFC 9110 lets a server ignore Range), as is a header that
// does not parse.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
  bool operator==(const ByteRange&) const = default;
};
struct RangeRequest {
  enum class Kind { kIgnore, kSatisfiable, kUnsatisfiable };
  Kind kind = Kind::kIgnore;
  ByteRange range;  // for kSatisfiable
};
RangeRequest parse_range(std::string_view header, std::uint64_t size);

// If-Range: Range applies only while the validator still matches: an entity
// tag by strong comparison (a weak tag never matches), a date exactly
// equal to Last-Modified.
bool if_range_matches(std::string_view header, std::string_view etag,
                      std::string_view last_modified);

// Whether a path that names no file is one of the browser client's own
// routes, answered with the page shell (history fallback): /mocs/12,
// /board/alice, /settings. Never /api/*, /socket.io/*, /healthz, /metrics,
// an asset folder (/assets/, /covers/, /fonts/) or a name with an
// extension: a missing script or image must stay a 404, never HTML.
bool is_app_route(const std::vector<std::string>& segments);

struct StaticFile {
  std::filesystem::path path;  // the file whose bytes are sent (maybe the .gz)
  std::uint64_t size = 0;
  std::string content_type;  // of the requested file, not of the .gz
  std::string etag;
  std::string last_modified;
  std::string_view cache_control;
  bool gzip = false;                  // send Content-Encoding: gzip
  bool vary_accept_encoding = false;  // a .gz sibling exists
};

std::optional<StaticFile> find_static_file(const std::filesystem::path& root,
                                           const std::vector<std::string>& segments,
                                           std::string_view accept_encoding);

}  // namespace dashboard::server::http
