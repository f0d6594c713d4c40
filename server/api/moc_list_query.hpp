// moc_list_query: GET /api/mocs's query string into a store::MocQuery, and
// the opaque cursor that continues a page.
//
// A cursor carries the sort, the filter it was made for and the last row's
// position; it is hex so it survives any URL, and it is refused (400 naming
// `cursor`) when the filter or sort of the request is not the one it was
// made for, so a client cannot page through one list with another's cursor.
#pragma once

#include <optional>
#include <string>

#include "api/handlers.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace dashboard::server::api {

inline constexpr int kDefaultMocPage = 50;
inline constexpr int kMaxMocPage = 500;
inline constexpr std::size_t kMaxSearchText = 200;

// Validates every parameter; errors name it (`sort: must be one of ...`).
core::Result<store::MocQuery> parse_moc_query(const Query& query);

// The cursor for the page after `position` under `query`'s filter and sort.
std::string encode_moc_cursor(const store::MocQuery& query, const store::MocListPosition& position);

}  // namespace dashboard::server::api
