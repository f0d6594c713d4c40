// postgres_database: PostgreSQL 15 through libpq, for several server
// instances sharing one database.
//
// A bounded pool of connections: a request that finds none free waits up to
// acquire_timeout and then fails as Unavailable (503), never hangs. Every
// connection runs with a statement timeout. A connection the server dropped
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

#include "store/sql/database.hpp"

struct pg_conn;  // libpq's PGconn, kept out of this header

namespace dashboard::server::store {

struct PostgresOptions {
  std::string url;  // postgres://user@host:port/db?... (libpq's connection URI)
  int pool_size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{5000};
  int connect_timeout_seconds = 3;
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
  sql::PoolStats pool_stats() const override;

  const PostgresOptions& options() const { return options_; }

  class Connection;

 private:
  void migrate();
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> connection);
  void transaction(const char* begin, const std::function<void(sql::Session&)>& work);

  PostgresOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  int open_ = 0;                                   // guarded by mutex_
  std::int64_t waits_ = 0;                         // guarded by mutex_
  std::int64_t timeouts_ = 0;                      // guarded by mutex_
};

// Opens one connection outside any pool (the LISTEN connection, the CLI).
// Throws sql::Error (Unavailable) when it cannot.
struct PgConnectionDeleter {
  void operator()(::pg_conn* connection) const;
};
using PgConnectionPtr = std::unique_ptr<::pg_conn, PgConnectionDeleter>;
PgConnectionPtr connect_postgres(const std::string& url, int connect_timeout_seconds);

}  // namespace dashboard::server::store
