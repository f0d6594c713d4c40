// sqlite_database: the embedded default engine, one SQLite file in WAL mode.
//
// One writer connection behind a mutex (SQLite allows one writer at a time
// anyway; IMMEDIATE transactions take the file's write lock up front) and a
// small pool of reader connections, so snapshot reads never wait behind a
// write. Each connection caches its prepared statements by SQL text.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/database.hpp"

namespace dashboard::server::store {

class SqliteDatabase final : public sql::Database {
 public:
  // Opens (creating if needed) `file` and migrates it. Throws sql::Error
  // when the file cannot be opened or migrated.
  explicit SqliteDatabase(std::filesystem::path file, int reader_connections = 4);
  ~SqliteDatabase() override;

  sql::Dialect dialect() const override { return sql::Dialect::Sqlite; }
  void write(const std::function<void(sql::Session&)>& work) override;
  void read(const std::function<void(sql::Session&)>& work) override;
  sql::PoolStats pool_stats() const override;

  const std::filesystem::path& file() const { return file_; }

  class Connection;

 private:
  void migrate();
  std::unique_ptr<Connection> take_reader();
  void give_back(std::unique_ptr<Connection> reader);

  std::filesystem::path file_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  mutable std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int readers_open_ = 0;  // guarded by readers_mutex_
};

}  // namespace dashboard::server::store
