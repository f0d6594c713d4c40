// backend: what every command opens from a Config: the database (SQLite in
// data_dir, or PostgreSQL with --database), migrated, the store over it, and
// the token service (secret from the flag, the environment or
// data_dir/jwt-secret), plus first-start demo seeding.
#pragma once

#include <memory>

#include "auth/token_service.hpp"
#include "clock.hpp"
#include "config.hpp"
#include "store/messaging.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server {

inline constexpr const char* kDatabaseFileName = "dashboard.db";

struct Backend {
  std::shared_ptr<Clock> clock;
  std::shared_ptr<store::sql::Database> database;
  std::shared_ptr<store::DashboardStore> store;
  std::shared_ptr<store::MessagingStore> messaging;  // the same SqlStore
  std::shared_ptr<const auth::TokenService> tokens;
};

// Throws std::runtime_error (or SQLite::Exception) with a message fit for
// the log when the data dir, database or key cannot be used.
Backend open_backend(const Config& config);

// The `seed --demo` command, also run on the first start with an empty
// database. Returns the process exit code.
int seed_command(const Config& config);

// The `token --user NAME` command.
int token_command(const Config& config);

// The `announce "text"` command: a notification to every user.
int announce_command(const Config& config);

// The `migrate --from DATA_DIR --to postgres://...` command.
int migrate_command(const Config& config);

}  // namespace dashboard::server
