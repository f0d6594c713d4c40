// test_database: a fresh, empty database of either engine for one test, so
// every store test runs against SQLite and PostgreSQL alike (the store
// conformance suite).
//
// PostgreSQL comes from the cluster CTest's `postgres` fixture starts
// (tests/support/postgres_cluster.sh; its URL file is named by
// DASHBOARD_TEST_POSTGRES_URL_FILE). Run by hand without it, the first
// PostgreSQL test starts a cluster of its own, stopped at exit. Each test
// gets a database of its own (CREATE DATABASE; dropped afterwards), so
// tests running in parallel never see each other's rows or NOTIFYs.
//
//   ScratchDatabase db(Engine::Postgres, temp_dir);
//   auto instance_a = db.open();   // a pool, like one server instance
//   auto instance_b = db.open();   // another one on the same database
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "store/sql/database.hpp"

namespace dashboard::server::testing {

enum class Engine { Sqlite, Postgres };

// "Sqlite" / "Postgres", for parameterized test names.
std::string engine_name(Engine engine);
// GoogleTest prints the engine by name.
inline void PrintTo(Engine engine, std::ostream* os) {
  *os << engine_name(engine);
}

class ScratchDatabase {
 public:
  ScratchDatabase(Engine engine, const std::filesystem::path& dir);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // Opens (and on first use migrates) the database: a new SqliteDatabase on
  // the file, or a new PostgresDatabase pool of `pool_size` connections.
  std::shared_ptr<store::sql::Database> open(int pool_size = 4) const;

  Engine engine() const { return engine_; }
  // PostgreSQL: the database's URL; SQLite: the file's path.
  const std::string& location() const { return location_; }

 private:
  Engine engine_;
  std::string location_;
  std::string postgres_name_;  // the database to drop at the end
};

// The URL of the test cluster's `postgres` database (see above).
std::string test_postgres_admin_url();

// Runs one statement outside any transaction (CREATE/DROP DATABASE,
// pg_terminate_backend) on `url`; throws sql::Error on failure.
void postgres_admin(const std::string& url, const std::string& statement);

}  // namespace dashboard::server::testing
