#include "core/client/moc_query.hpp"

#include <array>
#include <cmath>
#include <utility>

#include "core/client/route.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {
namespace {

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool contains_folded(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > text.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && fold(text[i + j]) == fold(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// <0, 0, >0 like strcmp: ASCII case folded first, then bytewise, so the
// order is total.
int compare_titles(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(fold(a[i]));
    const auto y = static_cast<unsigned char>(fold(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

int compare_instants(std::string_view a, std::string_view b) {
  const auto x = parse_rfc3339(a);
  const auto y = parse_rfc3339(b);
  const UnixMillis xm = x ? *x : 0;
  const UnixMillis ym = y ? *y : 0;
  if (xm != ym) return xm < ym ? -1 : 1;
  return 0;
}

int compare_key(MocSortKey key, const Moc& a, const Moc& b) {
  switch (key) {
    case MocSortKey::Title:
      return compare_titles(a.title, b.title);
    case MocSortKey::Created:
      return compare_instants(a.created_at, b.created_at);
    case MocSortKey::Updated:
      return compare_instants(a.updated_at, b.updated_at);
    case MocSortKey::Coverage:
      if (a.coverage_percentage == b.coverage_percentage) return 0;
      return a.coverage_percentage < b.coverage_percentage ? -1 : 1;
  }
  return 0;
}

constexpr std::array<std::pair<MocSortKey, std::string_view>, 4> kSortNames{{
    {MocSortKey::Title, "title"},
    {MocSortKey::Created, "created"},
    {MocSortKey::Updated, "updated"},
    {MocSortKey::Coverage, "coverage"},
}};

void append_param(std::string& out, std::string_view name, std::string_view value) {
  out += out.empty() || out.back() == '?' ? "" : "&";
  out += name;
  out += '=';
  out += encode_query_component(value);
}

}  // namespace

std::string encode_query_component(std::string_view text) {
  return encode_path_segment(text);
}

std::string sort_param(const MocSort& sort) {
  for (const auto& [key, name] : kSortNames) {
    if (key == sort.key) return (sort.descending ? "-" : "") + std::string(name);
  }
  return "-created";
}

std::optional<MocSort> sort_from_param(std::string_view param) {
  MocSort sort{.descending = false};
  if (!param.empty() && param.front() == '-') {
    sort.descending = true;
    param.remove_prefix(1);
  }
  for (const auto& [key, name] : kSortNames) {
    if (name == param) {
      sort.key = key;
      return sort;
    }
  }
  return std::nullopt;
}

bool matches(const MocQuery& query, const Moc& moc) {
  if (!query.theme.empty() && moc.theme != query.theme) return false;
  if (query.build_status && moc.build_status != *query.build_status) return false;
  if (query.coverage_status && moc.parts_coverage_status != *query.coverage_status) return false;
  return contains_folded(moc.title, query.search);
}

bool sorts_before(const MocSort& sort, const Moc& a, const Moc& b) {
  const int key = compare_key(sort.key, a, b);
  if (key != 0) return sort.descending ? key > 0 : key < 0;
  return a.id < b.id;
}

std::string api_target(const MocQuery& query, std::string_view cursor, int limit) {
  std::string params;
  append_param(params, "limit", std::to_string(limit));
  if (!cursor.empty()) append_param(params, "cursor", cursor);
  if (!query.search.empty()) append_param(params, "q", query.search);
  if (!query.theme.empty()) append_param(params, "theme", query.theme);
  if (query.build_status) append_param(params, "buildStatus", to_string(*query.build_status));
  if (query.coverage_status) {
    append_param(params, "coverageStatus", to_string(*query.coverage_status));
  }
  append_param(params, "sort", sort_param(query.sort));
  return "/api/mocs?" + params;
}

std::string page_query(const MocQuery& query) {
  std::string params;
  if (!query.search.empty()) append_param(params, "q", query.search);
  if (!query.theme.empty()) append_param(params, "theme", query.theme);
  if (query.build_status) append_param(params, "buildStatus", to_string(*query.build_status));
  if (query.coverage_status) {
    append_param(params, "coverageStatus", to_string(*query.coverage_status));
  }
  if (query.sort != MocSort{}) append_param(params, "sort", sort_param(query.sort));
  return params;
}

MocQuery query_from_page(std::string_view page_query) {
  std::string_view text = page_query;
  MocQuery query;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string raw(pair.substr(eq + 1));
    for (char& c : raw) {
      if (c == '+') c = ' ';
    }
    const std::optional<std::string> value = decode_percent(raw);
    if (!value) continue;
    const std::string_view name = pair.substr(0, eq);
    if (name == "q") {
      query.search = *value;
    } else if (name == "theme") {
      query.theme = *value;
    } else if (name == "buildStatus") {
      query.build_status = build_status_from(*value);
    } else if (name == "coverageStatus") {
      query.coverage_status = coverage_status_from(*value);
    } else if (name == "sort") {
      query.sort = sort_from_param(*value).value_or(MocSort{});
    }
  }
  return query;
}

}  // namespace dashboard::core::client
