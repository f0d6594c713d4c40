// postgres_schema: the PostgreSQL schema as versioned steps, the same
// tables as SQLite's (sqlite/sqlite_schema.cpp) in PostgreSQL's types.
// PostgresDatabase records applied steps in schema_migrations and runs the
// missing ones at start, each in its own transaction under an advisory lock.
//
// Text columns that are compared or sorted are COLLATE "C": byte order, as
// in SQLite, whatever locale the cluster was created with, so both engines
// order lists (and page through them) the same way.
#pragma once

#include <cstdint>
#include <span>

namespace dashboard::server::store {

std::span<const char* const> postgres_schema_steps();

// Throws sql::Error naming both versions when `applied` (the highest
// version in schema_migrations) is past the steps this binary has.
void refuse_newer_postgres_schema(std::int64_t applied);

}  // namespace dashboard::server::store
