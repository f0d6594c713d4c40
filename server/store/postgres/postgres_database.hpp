// postgres_database: PostgreSQL 15 through libpq, for several server
// instances sharing one database.
//
// A bounded pool of connections: a request that finds none free waits up to
// acquire_timeout and then fails as Unavailable (503), never hangs. Every
// connection runs with a statement timeout, enforced on this side too
// (postgres_io.hpp): a database that stops answering without refusing
// (frozen, partitioned) costs a statement at most statement_timeout plus a
// margin, after which the pool fails fast for `unanswered_cooldown` (a
// breaker: 503 at once instead of every request waiting out its own
// deadline) and then lets requests try again. A connection the server dropped
// (restart, failover, pg_terminate_backend) is noticed on use, discarded and
// replaced; a transaction that had not started yet is retried once on the
// new connection, so the first request after a restart does not fail.
//
// Statements are prepared once per connection (keyed by their SQL text) and
// parameters travel as text, typed by the server from context.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/postgres_io.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::store {

struct PostgresOptions {
  std::string url;  // postgres://user@host:port/db?... (libpq's connection URI)
  int pool_size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{1500};
  std::chrono::milliseconds connect_timeout{1500};
  // After a statement or connect went unanswered: how long every request
  // fails fast before one may try the database again.
  std::chrono::milliseconds unanswered_cooldown{1000};
};

class PostgresDatabase final : public sql::Database {
 public:
  // Connects and migrates. Throws sql::Error (Unavailable when the server
  // cannot be reached) so a misconfigured instance stops at start.
  explicit PostgresDatabase(PostgresOptions options);
  ~PostgresDatabase() override;

  sql::Dialect dialect() const override { return sql::Dialect::Postgres; }
  void write(const std::function<void(sql::Session&)>& work) override;
  void read(const std::function<void(sql::Session&)>& work) override;
  void read_one(const std::function<void(sql::Session&)>& work) override;
  sql::PoolStats pool_stats() const override;

  const PostgresOptions& options() const { return options_; }

  class Connection;

 private:
  void migrate();
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> connection);
  // The database left a statement or a connect unanswered: fail fast for a
  // while and drop the idle connections (they would hang the same way).
  // Called with mutex_ held.
  void trip_breaker(std::vector<std::unique_ptr<Connection>>& doomed);
  void transaction(const char* begin, const std::function<void(sql::Session&)>& work);

  PostgresOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  int open_ = 0;                                   // guarded by mutex_
  std::int64_t waits_ = 0;                         // guarded by mutex_
  std::int64_t timeouts_ = 0;                      // guarded by mutex_
  // Until then acquire() fails at once; guarded by mutex_.
  std::chrono::steady_clock::time_point unanswered_until_{};
};

// Opens one connection outside any pool (the LISTEN connection, the CLI).
// Throws sql::Error (Unavailable) when it cannot.
PgConnectionPtr connect_postgres(const std::string& url, int connect_timeout_seconds);

}  // namespace dashboard::server::store
