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

#include "log.hpp"
#include "store/postgres/postgres_schema.hpp"

namespace dashboard::server::store {

// [SECTION] Errors

namespace {

bool connection_lost(PGconn* conn) {
  return conn == nullptr || PQstatus(conn) != CONNECTION_OK;
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
  try {
    return connect_with_deadline(url, std::chrono::seconds(connect_timeout_seconds));
  } catch (const DeadlineExceeded& e) {
    throw sql::Error(sql::Error::Kind::Unavailable,
                     std::string("cannot connect to PostgreSQL: ") + e.what());
  }
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
      : conn_(connect_with_deadline(options.url, options.connect_timeout)),
        // The server's own timeout normally answers first, with an error
        // that leaves the connection usable; ours is for when it cannot.
        request_budget_(options.statement_timeout + kClientMargin),
        budget_(request_budget_) {
    // Times stay text (RFC 3339, written by the server), so no zone games;
    // a statement that hangs (a lock held by a stuck peer) fails instead.
    run("SET statement_timeout = " + std::to_string(options.statement_timeout.count()));
  }

  // How long this side waits for each statement's answer (migrations take
  // longer than requests).
  void set_budget(std::chrono::milliseconds budget) { budget_ = budget; }
  void restore_budget() { budget_ = request_budget_; }

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
  void run(const std::string& sql) { round_trip(PQsendQuery(conn_.get(), sql.c_str()), sql); }

  bool healthy() const { return !connection_lost(conn_.get()); }
  // A statement went unanswered: the connection is closed, and the pool
  // should stop sending work to this database for a while.
  bool went_unanswered() const { return unanswered_; }

 private:
  static constexpr std::chrono::milliseconds kClientMargin{250};

  // Waits for the answer to what `sent` (a PQsend* result) put on the wire.
  ResultPtr round_trip(int sent, std::string_view what) {
    PGconn* conn = conn_.get();
    if (sent == 0) return checked(conn, nullptr, what);
    try {
      return checked(conn, await_result(conn, std::chrono::steady_clock::now() + budget_), what);
    } catch (const DeadlineExceeded&) {
      conn_.reset();  // its answer may still come: never reuse it
      unanswered_ = true;
      throw sql::Error(sql::Error::Kind::Unavailable, std::string(what.substr(0, 60)) +
                                                          ": the database did not answer within " +
                                                          std::to_string(budget_.count()) + " ms");
    }
  }

  ResultPtr execute(std::string_view sql, sql::ParamList params) {
    PGconn* conn = conn_.get();
    auto it = prepared_.find(std::string(sql));
    if (it == prepared_.end()) {
      const std::string name = "s" + std::to_string(prepared_.size());
      round_trip(PQsendPrepare(conn, name.c_str(), std::string(sql).c_str(),
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
    return round_trip(PQsendQueryPrepared(conn, it->second.c_str(), static_cast<int>(params.size()),
                                          values.data(), lengths.data(), formats.data(), 0),
                      sql);
  }

  PgConnectionPtr conn_;
  std::chrono::milliseconds request_budget_;
  std::chrono::milliseconds budget_;
  bool unanswered_ = false;
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
    if (const auto now = std::chrono::steady_clock::now(); now < unanswered_until_) {
      ++timeouts_;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(unanswered_until_ - now);
      throw sql::Error(sql::Error::Kind::Unavailable,
                       "the database stopped answering; next attempt in " +
                           std::to_string(left.count()) + " ms");
    }
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
      } catch (const DeadlineExceeded& e) {
        // A connect that went unanswered is the same news as a statement.
        std::vector<std::unique_ptr<Connection>> doomed;
        lock.lock();
        --open_;
        trip_breaker(doomed);
        lock.unlock();
        throw sql::Error(sql::Error::Kind::Unavailable,
                         std::string("cannot connect to PostgreSQL: ") + e.what());
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
  std::vector<std::unique_ptr<Connection>> doomed;  // closed after the lock is let go
  std::lock_guard lock(mutex_);
  if (connection && connection->healthy()) {
    idle_.push_back(std::move(connection));
  } else {
    if (connection && connection->went_unanswered()) trip_breaker(doomed);
    --open_;
  }
  freed_.notify_one();
}

void PostgresDatabase::trip_breaker(std::vector<std::unique_ptr<Connection>>& doomed) {
  const auto now = std::chrono::steady_clock::now();
  if (now >= unanswered_until_) {
    log::warn("database not answering; failing fast",
              {{"for_ms", static_cast<std::int64_t>(options_.unanswered_cooldown.count())}});
  }
  ++timeouts_;
  unanswered_until_ = now + options_.unanswered_cooldown;
  open_ -= static_cast<int>(idle_.size());
  doomed = std::move(idle_);
  idle_.clear();
  freed_.notify_all();  // waiters fail fast instead of waiting out their timeout
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
  // A step may rewrite a large table: well past a request's budget.
  constexpr std::chrono::minutes kMigrationBudget{10};
  connection->set_budget(kMigrationBudget + std::chrono::seconds(5));
  try {
    for (std::size_t step = 0; step < steps.size(); ++step) {
      // Instances starting together take turns: the advisory lock is held
      // until each step's transaction ends.
      connection->run("BEGIN");
      connection->run("SET LOCAL statement_timeout = " +
                      std::to_string(std::chrono::milliseconds(kMigrationBudget).count()));
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
    connection->restore_budget();
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
