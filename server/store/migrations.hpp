// migrations: the SQLite schema, versioned with PRAGMA user_version and
// brought up to date at start. Append new steps; never edit a shipped one.
#pragma once

#include <SQLiteCpp/Database.h>

namespace dashboard::server::store {

// The schema version this build expects.
int schema_version();

// Applies every step above the database's user_version, each in its own
// transaction. Throws SQLite::Exception on failure (the caller reports it).
void migrate(SQLite::Database& db);

}  // namespace dashboard::server::store
