// [SECTION] Errors      — SQLite's result codes as sql::Error kinds
// [SECTION] Connection  — a Session over one SQLite connection
// [SECTION] Database    — the writer, the reader pool, transactions
#include "store/sqlite/sqlite_database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cstdlib>
#include <string>
#include <unordered_map>

#include "store/sql/schema_version.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace dashboard::server::store {

// [SECTION] Errors

namespace {

// A database the server cannot use right now (read-only file, disk full,
// I/O error, locked past the busy timeout) is Unavailable: the API answers
// 503 and the status page shows the database down, rather than a 500.
sql::Error translate(const SQLite::Exception& e) {
  switch (e.getErrorCode()) {
    case SQLITE_CONSTRAINT:
      return sql::Error(sql::Error::Kind::Constraint, e.what());
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return sql::Error(sql::Error::Kind::Unavailable, e.what());
    default:
      return sql::Error(sql::Error::Kind::Other, e.what());
  }
}

// "$3" -> "?3" outside string literals: the store writes PostgreSQL's
// placeholders, which SQLite reads as named parameters in order of first
// appearance; "?NNN" binds by number like PostgreSQL does.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out(sql);
  bool quoted = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\'') quoted = !quoted;
    if (!quoted && out[i] == '$' && i + 1 < out.size() && out[i + 1] >= '0' && out[i + 1] <= '9') {
      out[i] = '?';
    }
  }
  return out;
}

}  // namespace

// [SECTION] Connection

class SqliteRows final : public sql::Rows {
 public:
  explicit SqliteRows(SQLite::Statement& statement) : statement_(statement) {}
  ~SqliteRows() override { statement_.tryReset(); }
  SqliteRows(const SqliteRows&) = delete;
  SqliteRows& operator=(const SqliteRows&) = delete;

  bool next() override {
    try {
      return statement_.executeStep();
    } catch (const SQLite::Exception& e) {
      throw translate(e);
    }
  }
  bool is_null(int column) const override { return statement_.getColumn(column).isNull(); }
  std::int64_t int64(int column) const override { return statement_.getColumn(column).getInt64(); }
  double real(int column) const override { return statement_.getColumn(column).getDouble(); }
  std::string text(int column) const override { return statement_.getColumn(column).getString(); }

 private:
  SQLite::Statement& statement_;
};

class SqliteDatabase::Connection final : public sql::Session {
 public:
  Connection(const std::filesystem::path& file, int flags) : db_(file.string(), flags) {
    db_.setBusyTimeout(5000);
  }

  sql::Dialect dialect() const override { return sql::Dialect::Sqlite; }

  using Session::exec;
  using Session::query;

  std::unique_ptr<sql::Rows> query(std::string_view sql, sql::ParamList params) override {
    return std::make_unique<SqliteRows>(prepare(sql, params));
  }

  std::int64_t exec(std::string_view sql, sql::ParamList params) override {
    SQLite::Statement& statement = prepare(sql, params);
    try {
      statement.executeStep();
      const int changed = db_.getChanges();
      statement.reset();
      return changed;
    } catch (const SQLite::Exception& e) {
      statement.tryReset();
      throw translate(e);
    }
  }

  // Several statements, no parameters (schema migrations, pragmas).
  void exec_script(const std::string& script) {
    try {
      db_.exec(script);
    } catch (const SQLite::Exception& e) {
      throw translate(e);
    }
  }

 private:
  SQLite::Statement& prepare(std::string_view sql, sql::ParamList params) {
    try {
      auto it = statements_.find(std::string(sql));
      if (it == statements_.end()) {
        it = statements_
                 .emplace(std::string(sql),
                          std::make_unique<SQLite::Statement>(db_, to_sqlite_placeholders(sql)))
                 .first;
      }
      SQLite::Statement& statement = *it->second;
      statement.tryReset();
      statement.clearBindings();
      int index = 1;
      for (const sql::Param& p : params) {
        switch (p.kind()) {
          case sql::Param::Kind::Null:
            statement.bind(index);
            break;
          case sql::Param::Kind::Integer:
            statement.bind(index, p.integer());
            break;
          case sql::Param::Kind::Real:
            statement.bind(index, p.real());
            break;
          case sql::Param::Kind::Text:
            statement.bind(index, std::string(p.text()));
            break;
        }
        ++index;
      }
      return statement;
    } catch (const SQLite::Exception& e) {
      throw translate(e);
    }
  }

  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

// [SECTION] Database

namespace {

// Runs `work` between BEGIN and COMMIT on `connection`; rolls back when it
// throws.
void in_transaction(SqliteDatabase::Connection& connection, const char* begin,
                    const std::function<void(sql::Session&)>& work) {
  connection.exec_script(begin);
  try {
    work(connection);
    connection.exec_script("COMMIT");
  } catch (...) {
    try {
      connection.exec_script("ROLLBACK");
    } catch (const sql::Error&) {
      // Already rolled back by SQLite (e.g. after SQLITE_FULL); nothing to undo.
    }
    throw;
  }
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::filesystem::path file, int reader_connections)
    : file_(std::move(file)) {
  try {
    writer_ = std::make_unique<Connection>(file_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  } catch (const SQLite::Exception& e) {
    throw translate(e);
  }
  // WAL: readers never block the writer. synchronous=NORMAL is durable
  // against a process crash (the OS holds the pages); an OS crash may lose
  // the last transactions but never corrupts the file.
  writer_->exec_script(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  migrate();
  std::lock_guard lock(readers_mutex_);
  for (int i = 0; i < reader_connections; ++i) {
    idle_readers_.push_back(std::make_unique<Connection>(file_, SQLite::OPEN_READONLY));
    ++readers_open_;
  }
}

SqliteDatabase::~SqliteDatabase() = default;

void SqliteDatabase::migrate() {
  const std::span<const char* const> steps = sqlite_schema_steps();
  const std::int64_t applied = writer_->scalar("PRAGMA user_version");
  refuse_newer_schema(applied, steps.size());
  auto version = static_cast<std::size_t>(applied);
  for (; version < steps.size(); ++version) {
    in_transaction(*writer_, "BEGIN IMMEDIATE", [&](sql::Session&) {
      writer_->exec_script(steps[version]);
      writer_->exec_script("PRAGMA user_version = " + std::to_string(version + 1));
    });
  }
}

void SqliteDatabase::write(const std::function<void(sql::Session&)>& work) {
  std::lock_guard lock(writer_mutex_);
  // IMMEDIATE takes the write lock now, so no reader-turned-writer deadlock.
  in_transaction(*writer_, "BEGIN IMMEDIATE", work);
}

std::unique_ptr<SqliteDatabase::Connection> SqliteDatabase::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
    ++readers_open_;
  }
  // All busy: open another; it joins the pool when given back.
  try {
    return std::make_unique<Connection>(file_, SQLite::OPEN_READONLY);
  } catch (const SQLite::Exception& e) {
    std::lock_guard lock(readers_mutex_);
    --readers_open_;
    throw translate(e);
  }
}

void SqliteDatabase::give_back(std::unique_ptr<Connection> reader) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
}

void SqliteDatabase::read(const std::function<void(sql::Session&)>& work) {
  std::unique_ptr<Connection> reader = take_reader();
  try {
    // One read transaction: every statement sees the same commit.
    in_transaction(*reader, "BEGIN DEFERRED", work);
  } catch (...) {
    give_back(std::move(reader));
    throw;
  }
  give_back(std::move(reader));
}

void SqliteDatabase::read_one(const std::function<void(sql::Session&)>& work) {
  std::unique_ptr<Connection> reader = take_reader();
  try {
    work(*reader);  // one statement: its own implicit transaction
  } catch (...) {
    give_back(std::move(reader));
    throw;
  }
  give_back(std::move(reader));
}

sql::PoolStats SqliteDatabase::pool_stats() const {
  std::lock_guard lock(readers_mutex_);
  const int idle = static_cast<int>(idle_readers_.size());
  return sql::PoolStats{
      .in_use = readers_open_ - idle, .open = readers_open_ + 1, .capacity = readers_open_ + 1};
}

}  // namespace dashboard::server::store
