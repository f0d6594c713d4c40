// schema_version: the guard both engines run before migrating. A binary
// older than its database would run against tables it does not know (and
// could write rows a newer binary's invariants forbid), so it stops at start
// with a message naming both versions instead.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dashboard::server::store {

// Throws sql::Error (Kind::Other) when `applied`, the database's schema
// version, is past `known`, the number of steps this binary has.
void refuse_newer_schema(std::int64_t applied, std::size_t known);

}  // namespace dashboard::server::store
