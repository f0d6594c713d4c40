// [SECTION] Errors       — libpq results and SQLSTATEs as sql::Error kinds
// [SECTION] Connection   — a Session over one PGconn, statements prepared once
// [SECTION] Pool         — acquire with a bound and a timeout, release, replace
// [SECTION] Transactions — write / read, the one retry on a stale connection
// [SECTION] Migrations
#include "store/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "store/postgres/postgres_schema.hpp"

namespace dashboard::server::store {

// [SECTION] Errors

void PgConnectionDeleter::operator()(::pg_conn* connection) const {
  PQfinish(connection);
}

namespace {

bool connection_lost(PGconn* conn) {
  return PQstatus(conn) != CONNECTION_OK;
}

// Class 08 is "connection exception"; 57P0x is the server shutting down or
// not yet accepting connections; 53xxx is resources (too many connections).
sql::Error::Kind kind_of(PGconn* conn, const char* sqlstate) {
  if (connection_lost(conn)) return sql::Error::Kind::Unavailable;
  const std::string state = sqlstate != nullptr ? sqlstate : "";
  if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state.rfind("53", 0) == 0) {
    return sql::Error::Kind::Unavailable;
  }
  if (state.rfind("23", 0) == 0) return sql::Error::Kind::Constraint;
  return sql::Error::Kind::Other;
}

// Takes ownership of `result`; throws unless it is a success.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

ResultPtr checked(PGconn* conn, PGresult* raw, std::string_view what) {
  ResultPtr result(raw);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return result;
  const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw sql::Error(kind_of(conn, sqlstate), std::string(what) + ": " + message);
}

}  // namespace

PgConnectionPtr connect_postgres(const std::string& url, int connect_timeout_seconds) {
  const std::string timeout = std::to_string(connect_timeout_seconds);
  // expand_dbname: "dbname" may be a whole URI; the other keywords add to it.
  const std::array<const char*, 4> keys{"dbname", "connect_timeout", "application_name", nullptr};
  const std::array<const char*, 4> values{url.c_str(), timeout.c_str(), "dashboard-server",
                                          nullptr};
  PgConnectionPtr conn(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    std::string message = conn ? PQerrorMessage(conn.get()) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw sql::Error(sql::Error::Kind::Unavailable, "cannot connect to PostgreSQL: " + message);
  }
  return conn;
}

// [SECTION] Connection

class PgRows final : public sql::Rows {
 public:
  explicit PgRows(ResultPtr result)
      : result_(std::move(result)), count_(PQntuples(result_.get())) {}

  bool next() override { return ++row_ < count_; }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t int64(int column) const override {
    return std::strtoll(PQgetvalue(result_.get(), row_, column), nullptr, 10);
  }
  double real(int column) const override {
    return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
  }
  std::string text(int column) const override {
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
  }

 private:
  ResultPtr result_;
  int count_;
  int row_ = -1;
};

class PostgresDatabase::Connection final : public sql::Session {
 public:
  Connection(const PostgresOptions& options)  // NOLINT(google-explicit-constructor)
      : conn_(connect_postgres(options.url, options.connect_timeout_seconds)) {
    // Times stay text (RFC 3339, written by the server), so no zone games;
    // a statement that hangs (a lock held by a stuck peer) fails instead.
    run("SET statement_timeout = " + std::to_string(options.statement_timeout.count()));
  }

  sql::Dialect dialect() const override { return sql::Dialect::Postgres; }

  using Session::exec;
  using Session::query;

  std::unique_ptr<sql::Rows> query(std::string_view sql, sql::ParamList params) override {
    return std::make_unique<PgRows>(execute(sql, params));
  }

  std::int64_t exec(std::string_view sql, sql::ParamList params) override {
    const ResultPtr result = execute(sql, params);
    const char* tuples = PQcmdTuples(result.get());
    return tuples[0] == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
  }

  // A statement without parameters, sent as is (BEGIN, COMMIT, DDL).
  void run(const std::string& sql) { checked(conn_.get(), PQexec(conn_.get(), sql.c_str()), sql); }

  bool healthy() const { return !connection_lost(conn_.get()); }

 private:
  ResultPtr execute(std::string_view sql, sql::ParamList params) {
    PGconn* conn = conn_.get();
    auto it = prepared_.find(std::string(sql));
    if (it == prepared_.end()) {
      const std::string name = "s" + std::to_string(prepared_.size());
      checked(conn,
              PQprepare(conn, name.c_str(), std::string(sql).c_str(),
                        static_cast<int>(params.size()), nullptr),
              sql);
      it = prepared_.emplace(std::string(sql), name).first;
    }
    // Numbers go as text; strings as binary (their raw UTF-8 with a length),
    // so text needs no terminating NUL and no copy.
    std::vector<std::string> numbers(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const sql::Param& p = params[i];
      switch (p.kind()) {
        case sql::Param::Kind::Null:
          break;
        case sql::Param::Kind::Integer:
          numbers[i] = std::to_string(p.integer());
          values[i] = numbers[i].c_str();
          break;
        case sql::Param::Kind::Real: {
          char buffer[32];
          std::snprintf(buffer, sizeof buffer, "%.17g", p.real());
          numbers[i] = buffer;
          values[i] = numbers[i].c_str();
          break;
        }
        case sql::Param::Kind::Text:
          values[i] = p.text().data();
          lengths[i] = static_cast<int>(p.text().size());
          formats[i] = 1;
          break;
      }
    }
    return checked(conn,
                   PQexecPrepared(conn, it->second.c_str(), static_cast<int>(params.size()),
                                  values.data(), lengths.data(), formats.data(), 0),
                   sql);
  }

  PgConnectionPtr conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// [SECTION] Pool

PostgresDatabase::PostgresDatabase(PostgresOptions options) : options_(std::move(options)) {
  migrate();
}

PostgresDatabase::~PostgresDatabase() = default;

std::unique_ptr<PostgresDatabase::Connection> PostgresDatabase::acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  bool waited = false;
  while (true) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->healthy()) return connection;
      --open_;  // dropped by the server while idle: replace it below
    }
    if (open_ < options_.pool_size) {
      ++open_;
      lock.unlock();
      try {
        return std::make_unique<Connection>(options_);
      } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
      }
    }
    if (!waited) ++waits_;
    waited = true;
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.pool_size) {
      ++timeouts_;
      throw sql::Error(sql::Error::Kind::Unavailable,
                       "no database connection free within " +
                           std::to_string(options_.acquire_timeout.count()) + " ms");
    }
  }
}

void PostgresDatabase::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection && connection->healthy()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  freed_.notify_one();
}

sql::PoolStats PostgresDatabase::pool_stats() const {
  std::lock_guard lock(mutex_);
  return sql::PoolStats{.in_use = open_ - static_cast<int>(idle_.size()),
                        .open = open_,
                        .capacity = options_.pool_size,
                        .waits = waits_,
                        .timeouts = timeouts_};
}

// [SECTION] Transactions

void PostgresDatabase::transaction(const char* begin,
                                   const std::function<void(sql::Session&)>& work) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> connection = acquire();
    try {
      connection->run(begin);
    } catch (const sql::Error& e) {
      // Nothing ran yet: a connection that died while idle (the database
      // restarted) gets one fresh replacement before the caller hears of it.
      const bool stale = !connection->healthy();
      release(std::move(connection));
      if (stale && attempt == 0) continue;
      throw;
    }
    try {
      work(*connection);
      connection->run("COMMIT");
    } catch (...) {
      if (connection->healthy()) {
        try {
          connection->run("ROLLBACK");
        } catch (const sql::Error&) {
          // The connection is going away; release() drops it.
        }
      }
      release(std::move(connection));
      throw;
    }
    release(std::move(connection));
    return;
  }
}

void PostgresDatabase::write(const std::function<void(sql::Session&)>& work) {
  // READ COMMITTED: the store locks the user's row first (SELECT ... FOR
  // UPDATE), after which every statement sees the latest commits.
  transaction("BEGIN", work);
}

void PostgresDatabase::read(const std::function<void(sql::Session&)>& work) {
  // One snapshot for every statement of the read, like SQLite's DEFERRED.
  transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
}

void PostgresDatabase::read_one(const std::function<void(sql::Session&)>& work) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> connection = acquire();
    try {
      work(*connection);
    } catch (const sql::Error&) {
      // A read changes nothing: on a connection that died while idle it is
      // simply asked again, once, on a fresh one.
      const bool stale = !connection->healthy();
      release(std::move(connection));
      if (stale && attempt == 0) continue;
      throw;
    } catch (...) {
      release(std::move(connection));
      throw;
    }
    release(std::move(connection));
    return;
  }
}

// [SECTION] Migrations

void PostgresDatabase::migrate() {
  const std::span<const char* const> steps = postgres_schema_steps();
  std::unique_ptr<Connection> connection = acquire();
  try {
    for (std::size_t step = 0; step < steps.size(); ++step) {
      // Instances starting together take turns: the advisory lock is held
      // until each step's transaction ends.
      connection->run("BEGIN");
      connection->run("SELECT pg_advisory_xact_lock(74420001)");
      connection->run(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      const std::int64_t applied =
          connection->scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      refuse_newer_postgres_schema(applied);  // before any step: an old binary never migrates
      if (static_cast<std::size_t>(applied) <= step) {
        connection->run(steps[step]);
        connection->exec("INSERT INTO schema_migrations (version) VALUES ($1)",
                         {static_cast<std::int64_t>(step + 1)});
      }
      connection->run("COMMIT");
    }
  } catch (...) {
    if (connection->healthy()) {
      try {
        connection->run("ROLLBACK");
      } catch (const sql::Error&) {
        // Already gone.
      }
    }
    release(std::move(connection));
    throw;
  }
  release(std::move(connection));
}

}  // namespace dashboard::server::store
