// Deadline-bounded libpq round trips; see postgres_io.hpp.
#include "store/postgres/postgres_io.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <cerrno>
#include <string_view>

#include "log.hpp"
#include "store/sql/sql.hpp"

namespace dashboard::server::store {
namespace {

// Until `fd` is ready (readable or writable) or `deadline` passes (false).
bool wait_socket(int fd, bool readable, PgDeadline deadline) {
  if (fd < 0) return true;  // no socket: libpq reports why on its next call
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd entry{fd, static_cast<short>(readable ? POLLIN : POLLOUT), 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;  // ready, or an error/hang-up libpq will read
    if (ready == 0) return false;
    if (errno != EINTR) return true;
  }
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// libpq's default prints NOTICE and WARNING lines to stderr as they are,
// which broke the one-JSON-object-per-line log.
void log_notice(void* /*unused*/, const char* message) {
  const std::string text = trimmed(message != nullptr ? message : "");
  const bool warning = std::string_view(text).starts_with("WARNING");
  log::write(warning ? log::Level::kWarn : log::Level::kInfo, "database notice",
             {{"message", text}});
}

[[noreturn]] void connection_failed(PGconn* conn) {
  std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  throw sql::Error(sql::Error::Kind::Unavailable,
                   "cannot connect to PostgreSQL: " + trimmed(std::move(message)));
}

}  // namespace

void PgConnectionDeleter::operator()(::pg_conn* connection) const {
  PQfinish(connection);
}

PgConnectionPtr connect_with_deadline(const std::string& url, std::chrono::milliseconds timeout) {
  const PgDeadline deadline = std::chrono::steady_clock::now() + timeout;
  // Our defaults first: libpq takes the last value of a repeated keyword,
  // and the URL (expanded from "dbname") comes last, so an operator's
  // ?keepalives_idle=... still wins.
  const std::array<const char*, 8> keys{
      "application_name", "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "tcp_user_timeout", "dbname",          nullptr};
  const std::array<const char*, 8> values{"dashboard-server", "1",    "10", "5", "3", "25000",
                                          url.c_str(),        nullptr};
  PgConnectionPtr conn(PQconnectStartParams(keys.data(), values.data(), 1));
  if (!conn || PQstatus(conn.get()) == CONNECTION_BAD) connection_failed(conn.get());
  // As libpq's docs prescribe: wait for writing first, then as each poll says.
  PostgresPollingStatusType step = PGRES_POLLING_WRITING;
  while (step != PGRES_POLLING_OK) {
    if (step == PGRES_POLLING_FAILED) connection_failed(conn.get());
    if (!wait_socket(PQsocket(conn.get()), step == PGRES_POLLING_READING, deadline)) {
      throw DeadlineExceeded("no answer within " + std::to_string(timeout.count()) + " ms");
    }
    step = PQconnectPoll(conn.get());
  }
  PQsetNoticeProcessor(conn.get(), &log_notice, nullptr);
  return conn;
}

::pg_result* await_result(::pg_conn* conn, PgDeadline deadline) {
  PGresult* kept = nullptr;
  for (;;) {
    while (PQisBusy(conn) != 0) {
      if (!wait_socket(PQsocket(conn), true, deadline)) {
        PQclear(kept);
        throw DeadlineExceeded("the database did not answer in time");
      }
      // On failure the connection is bad and PQgetResult says so at once.
      if (PQconsumeInput(conn) == 0) break;
    }
    PGresult* next = PQgetResult(conn);
    if (next == nullptr) return kept;
    // The first error is the one worth reporting; otherwise the last result.
    const bool kept_error = kept != nullptr && PQresultStatus(kept) == PGRES_FATAL_ERROR;
    if (kept_error) {
      PQclear(next);
    } else {
      PQclear(kept);
      kept = next;
    }
  }
}

}  // namespace dashboard::server::store
