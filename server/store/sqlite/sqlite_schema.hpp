// sqlite_schema: the SQLite schema as versioned steps. Step N (1-based)
// takes a database from PRAGMA user_version N-1 to N; SqliteDatabase runs
// the missing ones at open, each in its own transaction.
#pragma once

#include <span>

namespace dashboard::server::store {

std::span<const char* const> sqlite_schema_steps();

}  // namespace dashboard::server::store
