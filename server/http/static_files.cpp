// Static file policy; see static_files.hpp.
#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <utility>

namespace dashboard::server::http {
namespace fs = std::filesystem;

namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return lower(a) == lower(b);
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// RFC 9110 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]. nullopt if malformed.
std::optional<double> parse_qvalue(std::string_view s) {
  if (s.empty() || s.size() > 5 || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  if (s.size() > 1 && s[1] != '.') return std::nullopt;
  std::string_view frac = s.size() > 2 ? s.substr(2) : std::string_view{};
  double value = s[0] == '1' ? 1.0 : 0.0;
  double scale = 0.1;
  for (char c : frac) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (s[0] == '1' && c != '0') return std::nullopt;
    value += scale * (c - '0');
    scale /= 10;
  }
  return value;
}

// The root must be a strict prefix of path, compared element by element so
// "/srv/site-other" is not mistaken for being inside "/srv/site".
bool is_strictly_inside(const fs::path& root, const fs::path& path) {
  auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end() && path_it != path.end();
}

}  // namespace

std::optional<std::vector<std::string>> decode_path_segments(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::nullopt;
  std::string_view path = parsed->encoded_path();
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);

  std::vector<std::string> segments;
  while (true) {
    const auto slash = path.find('/');
    const std::string_view encoded = path.substr(0, slash);
    auto pct = boost::urls::make_pct_string_view(encoded);
    if (!pct) return std::nullopt;
    std::string decoded = pct->decode();
    if (decoded.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    segments.push_back(std::move(decoded));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

std::string join_path(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& segment : segments) {
    out.push_back('/');
    out += segment;
  }
  return out.empty() ? "/" : out;
}

bool is_safe_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  // ':' covers drive letters ("C:") and alternate data streams should these
  // files ever be served from a Windows filesystem.
  return segment.find_first_of(std::string_view("/\\:\0", 4)) == std::string_view::npos;
}

std::optional<fs::path> resolve_under_root(const fs::path& root,
                                           const std::vector<std::string>& segments) {
  if (segments.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;

  fs::path candidate = canonical_root;
  for (const auto& segment : segments) {
    if (!is_safe_segment(segment)) return std::nullopt;
    candidate /= segment;
  }
  // canonical() follows every symlink, so a link pointing out of the root is
  // caught by the containment check below rather than trusted.
  fs::path resolved = fs::canonical(candidate, ec);
  if (ec || !is_strictly_inside(canonical_root, resolved)) return std::nullopt;
  if (!fs::is_regular_file(resolved, ec) || ec) return std::nullopt;
  return resolved;
}

std::string_view mime_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kTypes{{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"otf", "font/otf"},
      {"ttf", "font/ttf"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"data", "application/octet-stream"},
      {"gz", "application/gzip"},
      {"txt", "text/plain; charset=utf-8"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
  }};
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string ext = lower(file_name.substr(dot + 1));
  for (const auto& [known, type] : kTypes) {
    if (known == ext) return type;
  }
  return "application/octet-stream";
}

bool has_content_hash(std::string_view file_name) {
  // Only inner dot-separated parts count: "<name>.<hash>.<ext>[.<ext>...]".
  const auto first = file_name.find('.');
  const auto last = file_name.rfind('.');
  if (first == std::string_view::npos || first == 0 || first == last) return false;
  std::string_view inner = file_name.substr(first + 1, last - first - 1);
  while (!inner.empty()) {
    const auto dot = inner.find('.');
    const std::string_view part = inner.substr(0, dot);
    if (part.size() >= 8 && std::all_of(part.begin(), part.end(), is_hex)) return true;
    if (dot == std::string_view::npos) break;
    inner.remove_prefix(dot + 1);
  }
  return false;
}

std::string_view cache_control_for(const std::vector<std::string>& segments) {
  if (segments.size() >= 2 && segments.front() == "assets" && has_content_hash(segments.back())) {
    return kCacheImmutable;
  }
  return kCacheRevalidate;
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<double> gzip_q;
  std::optional<double> any_q;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                  : comma + 1);
    const auto semi = element.find(';');
    const std::string coding = lower(trim(element.substr(0, semi)));
    if (coding.empty()) continue;
    std::optional<double> q = 1.0;
    std::string_view params = semi == std::string_view::npos ? "" : element.substr(semi + 1);
    while (!params.empty()) {
      const auto next = params.find(';');
      const std::string_view param = trim(params.substr(0, next));
      params.remove_prefix(next == std::string_view::npos ? params.size() : next + 1);
      if (param.size() >= 2 && iequals(param.substr(0, 2), "q=")) q = parse_qvalue(param.substr(2));
    }
    if (!q) continue;  // a malformed weight disqualifies only its own element
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_q = std::max(gzip_q.value_or(0.0), *q);
    } else if (coding == "*") {
      any_q = *q;
    }
  }
  if (gzip_q) return *gzip_q > 0.0;
  return any_q.value_or(0.0) > 0.0;
}

std::string make_etag(std::uint64_t size, fs::file_time_type mtime, bool gzip) {
  std::array<char, 64> buf{};
  char* end = buf.data() + buf.size();
  char* p = std::to_chars(buf.data(), end, size, 16).ptr;
  *p++ = '-';
  // Unix-epoch nanoseconds: file_clock's own epoch makes typical counts
  // negative, which reads oddly in a header.
  const auto unix_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::file_clock::to_sys(mtime).time_since_epoch());
  p = std::to_chars(p, end, unix_ns.count(), 16).ptr;
  std::string tag = "\"" + std::string(buf.data(), p);
  if (gzip) tag += "-gz";
  tag += '"';
  return tag;
}

bool if_none_match(std::string_view header, std::string_view etag) {
  const auto opaque = [](std::string_view tag) {
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    return tag;
  };
  const std::string_view wanted = opaque(etag);
  std::string_view rest = trim(header);
  if (rest == "*") return true;
  while (true) {
    while (!rest.empty() && (rest.front() == ',' || rest.front() == ' ' || rest.front() == '\t')) {
      rest.remove_prefix(1);
    }
    if (rest.empty()) return false;
    std::size_t start = rest.substr(0, 2) == "W/" ? 2 : 0;
    if (rest.size() <= start || rest[start] != '"') return false;
    const auto close = rest.find('"', start + 1);
    if (close == std::string_view::npos) return false;
    if (rest.substr(start, close - start + 1) == wanted) return true;
    rest.remove_prefix(close + 1);
  }
}

std::string http_date(std::chrono::system_clock::time_point when) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // room for any int the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[static_cast<std::size_t>(tm.tm_wday)], tm.tm_mday,
                kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, so positions are fixed.
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  text = trim(text);
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  if (std::find(kDays.begin(), kDays.end(), text.substr(0, 3)) == kDays.end()) return std::nullopt;
  const auto month = std::find(kMonths.begin(), kMonths.end(), text.substr(8, 3));
  if (month == kMonths.end()) return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    int value = 0;
    const char* begin = text.data() + at;
    const auto [end, ec] = std::from_chars(begin, begin + len, value);
    if (ec != std::errc{} || end != begin + len) return std::nullopt;
    return value;
  };
  const auto day = number(5, 2);
  const auto year = number(12, 4);
  const auto hour = number(17, 2);
  const auto minute = number(20, 2);
  const auto second = number(23, 2);
  if (!day || !year || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{
      std::chrono::year{*year},
      std::chrono::month{static_cast<unsigned>(month - kMonths.begin() + 1)},
      std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  const auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return std::int64_t{days} * 86400 + *hour * 3600 + *minute * 60 + *second;
}

namespace {

// Decimal digits only; saturates instead of overflowing, since a position
// past any real size means the same as a merely large one.
std::optional<std::uint64_t> parse_position(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) {
      value = UINT64_MAX;
    } else {
      value = value * 10 + d;
    }
  }
  return value;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
  using Kind = RangeRequest::Kind;
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size() || !iequals(header.substr(0, kUnit.size()), kUnit)) return {};
  const std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return {};  // several ranges: send it all
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view first_text = trim(spec.substr(0, dash));
  const std::string_view last_text = trim(spec.substr(dash + 1));
  if (first_text.empty()) {  // "-N": the last N bytes
    const auto suffix = parse_position(last_text);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {Kind::kUnsatisfiable, {}};
    return {Kind::kSatisfiable, {size - std::min(*suffix, size), size - 1}};
  }
  const auto first = parse_position(first_text);
  if (!first) return {};
  std::uint64_t last = UINT64_MAX;
  if (!last_text.empty()) {
    const auto parsed = parse_position(last_text);
    if (!parsed || *parsed < *first) return {};  // malformed: ignored, not refused
    last = *parsed;
  }
  if (*first >= size) return {Kind::kUnsatisfiable, {}};
  return {Kind::kSatisfiable, {*first, std::min(last, size - 1)}};
}

bool if_range_matches(std::string_view header, std::string_view etag,
                      std::string_view last_modified) {
  header = trim(header);
  if (header.starts_with("W/")) return false;  // weak tags never validate a range
  if (header.starts_with('"')) return header == etag && !etag.starts_with("W/");
  return !header.empty() && header == last_modified;
}

bool is_app_route(const std::vector<std::string>& segments) {
  static constexpr std::array<std::string_view, 7> kReserved{
      "api", "socket.io", "healthz", "metrics", "assets", "covers", "fonts"};
  if (segments.empty() || segments.front().empty()) return false;
  if (std::find(kReserved.begin(), kReserved.end(), segments.front()) != kReserved.end()) {
    return false;
  }
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool trailing_slash = i + 1 == segments.size() && segments[i].empty();
    if (!trailing_slash && !is_safe_segment(segments[i])) return false;
  }
  // The last named segment: "name.ext" is a file someone expects bytes of.
  const std::string& name =
      segments.back().empty() ? segments[segments.size() - 2] : segments.back();
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) return true;
  const std::string_view ext = std::string_view(name).substr(dot + 1);
  const bool extension_like = ext.size() <= 16 && std::all_of(ext.begin(), ext.end(), [](char c) {
                                return std::isalnum(static_cast<unsigned char>(c)) != 0;
                              });
  return !extension_like;
}

std::optional<StaticFile> find_static_file(const fs::path& root,
                                           const std::vector<std::string>& segments,
                                           std::string_view accept_encoding) {
  const auto identity = resolve_under_root(root, segments);
  if (!identity) return std::nullopt;

  std::optional<fs::path> gzipped;
  if (!segments.back().ends_with(".gz")) {
    std::vector<std::string> gz_segments = segments;
    gz_segments.back() += ".gz";
    gzipped = resolve_under_root(root, gz_segments);
  }

  StaticFile file;
  file.gzip = gzipped.has_value() && accepts_gzip(accept_encoding);
  file.vary_accept_encoding = gzipped.has_value();
  file.path = file.gzip ? *gzipped : *identity;
  file.content_type = mime_type_for(segments.back());
  file.cache_control = cache_control_for(segments);

  std::error_code ec;
  file.size = fs::file_size(file.path, ec);
  if (ec) return std::nullopt;
  const fs::file_time_type mtime = fs::last_write_time(file.path, ec);
  if (ec) return std::nullopt;
  file.etag = make_etag(file.size, mtime, file.gzip);
  file.last_modified = http_date(std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(mtime)));
  return file;
}

}  // namespace dashboard::server::http
