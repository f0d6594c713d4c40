#include "api/moc_list_query.hpp"

#include <array>
#include <charconv>

#include "core/model.hpp"

namespace dashboard::server::api {
namespace {

constexpr char kSeparator = '\x1f';  // cannot appear in a query parameter we accept

struct SortName {
  store::MocSort sort;
  std::string_view name;
};
constexpr std::array<SortName, 4> kSorts{{{store::MocSort::Title, "title"},
                                          {store::MocSort::Created, "created"},
                                          {store::MocSort::Updated, "updated"},
                                          {store::MocSort::Coverage, "coverage"}}};

std::string_view sort_name(store::MocSort sort) {
  for (const SortName& s : kSorts) {
    if (s.sort == sort) return s.name;
  }
  return "created";
}

// Everything that decides which rows a page holds and in what order.
std::string fingerprint(const store::MocQuery& q) {
  std::string f;
  f += q.descending ? "-" : "+";
  f += sort_name(q.sort);
  for (const std::optional<std::string>* part : {&q.text, &q.theme}) {
    f += kSeparator;
    if (*part) f += **part;
  }
  f += kSeparator;
  if (q.build_status) f += core::to_string(*q.build_status);
  f += kSeparator;
  if (q.coverage_status) f += core::to_string(*q.coverage_status);
  return f;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(kDigits[u >> 4]);
    out.push_back(kDigits[u & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + i + 2) return std::nullopt;
    out.push_back(static_cast<char>(value));
  }
  return out;
}

bool valid_text(std::string_view text) {
  return text.find(kSeparator) == std::string_view::npos && text.size() <= kMaxSearchText;
}

}  // namespace

core::Result<store::MocQuery> parse_moc_query(const Query& query) {
  store::MocQuery q;
  q.limit = kDefaultMocPage;
  if (query.limit) {
    int limit = 0;
    const std::string& text = *query.limit;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxMocPage) {
      return core::Error{"limit", "must be an integer from 1 to " + std::to_string(kMaxMocPage)};
    }
    q.limit = limit;
  }
  if (query.q) {
    if (!valid_text(*query.q)) {
      return core::Error{"q", "must be at most " + std::to_string(kMaxSearchText) + " characters"};
    }
    q.text = *query.q;
  }
  if (query.theme && !query.theme->empty()) {
    if (!valid_text(*query.theme)) return core::Error{"theme", "is not a theme name"};
    q.theme = *query.theme;
  }
  if (query.build_status && !query.build_status->empty()) {
    q.build_status = core::build_status_from(*query.build_status);
    if (!q.build_status) {
      return core::Error{"buildStatus", "must be one of ADDED, IN_PROGRESS, BUILT"};
    }
  }
  if (query.coverage_status && !query.coverage_status->empty()) {
    q.coverage_status = core::coverage_status_from(*query.coverage_status);
    if (!q.coverage_status) {
      return core::Error{"coverageStatus", "must be one of FULL_INVENTORY, PARTIAL_ORDERED, NONE"};
    }
  }
  if (query.sort && !query.sort->empty()) {
    std::string_view name = *query.sort;
    q.descending = name.front() == '-';
    if (q.descending) name.remove_prefix(1);
    bool known = false;
    for (const SortName& s : kSorts) {
      if (s.name == name) {
        q.sort = s.sort;
        known = true;
      }
    }
    if (!known) {
      return core::Error{"sort",
                         "must be one of title, created, updated, coverage (optionally prefixed "
                         "with -)"};
    }
  }
  if (query.cursor && !query.cursor->empty()) {
    const std::optional<std::string> raw = from_hex(*query.cursor);
    if (!raw) return core::Error{"cursor", "is not a cursor this server issued"};
    // fingerprint <sep> key <sep> id. The id (a UUID) has no separator; the
    // key (a title) might, so the split is at the last one.
    const std::string expected = fingerprint(q) + kSeparator;
    if (raw->compare(0, expected.size(), expected) != 0) {
      return core::Error{"cursor",
                         "was made for another filter or sort; start from the first page"};
    }
    const std::string rest = raw->substr(expected.size());
    const std::size_t id_at = rest.rfind(kSeparator);
    if (id_at == std::string::npos) {
      return core::Error{"cursor", "is not a cursor this server issued"};
    }
    q.after = store::MocListPosition{rest.substr(0, id_at), rest.substr(id_at + 1)};
  }
  return q;
}

std::string encode_moc_cursor(const store::MocQuery& query,
                              const store::MocListPosition& position) {
  return to_hex(fingerprint(query) + kSeparator + position.key + kSeparator + position.id);
}

}  // namespace dashboard::server::api
