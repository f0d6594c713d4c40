// moc_query: what the MOCs page asks GET /api/mocs for (search, filters,
// sort), judged the way the server judges it, so the client can keep a
// loaded list in order when a MOC changes live: matches() says whether a
// MOC belongs, sorts_before() where. Also the query's two spellings: the
// API's parameters and the page's own address (/mocs?q=..&sort=..).
//
//   MocQuery q{.search = "tower", .sort = {MocSortKey::Title, false}};
//   api_target(q, "", 50);      // "/api/mocs?limit=50&q=tower&sort=title"
//   matches(q, moc);            // case-insensitive substring of the title
//   sorts_before(q.sort, a, b); // by title, then id
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace dashboard::core::client {

enum class MocSortKey { Title, Created, Updated, Coverage };

struct MocSort {
  MocSortKey key = MocSortKey::Created;
  bool descending = true;
  bool operator==(const MocSort&) const = default;
};

struct MocQuery {
  std::string search{};  // substring of the title, ASCII case folded; empty: any
  std::string theme{};   // exact theme; empty: any
  std::optional<BuildStatus> build_status{};
  std::optional<PartsCoverageStatus> coverage_status{};
  MocSort sort{};
  bool operator==(const MocQuery&) const = default;
};

// "title", "-created", ...: the API's sort parameter.
std::string sort_param(const MocSort& sort);
std::optional<MocSort> sort_from_param(std::string_view param);

// True when `moc` belongs to the query's results.
bool matches(const MocQuery& query, const Moc& moc);

// The server's order: the key in the sort's direction, ties by id
// ascending. Titles compare ASCII case-insensitively, then bytewise;
// timestamps as instants; coverage numerically.
bool sorts_before(const MocSort& sort, const Moc& a, const Moc& b);

// GET /api/mocs?limit=..&cursor=..&q=..&theme=..&buildStatus=..&coverageStatus=..&sort=..
std::string api_target(const MocQuery& query, std::string_view cursor, int limit);

// The MOCs page's address query ("q=tower&theme=City&sort=title"; the
// default sort and empty filters are left out), and back. Unknown or bad
// parameters are ignored: an address is a hint, not a request.
std::string page_query(const MocQuery& query);
MocQuery query_from_page(std::string_view page_query);

// application/x-www-form-urlencoded component encoding (space as %20).
std::string encode_query_component(std::string_view text);

}  // namespace dashboard::core::client
