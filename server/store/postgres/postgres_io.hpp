// postgres_io: libpq's round trips, each bounded by a deadline on this side.
//
// PostgreSQL's statement_timeout is enforced by the server, so it does
// nothing when the server cannot run at all (its processes stopped, a stuck
// disk, a network partition that still accepts packets): a blocking PQexec
// would hold its thread for as long as that lasts. Here every connect and
// every statement waits on the socket with poll() until a deadline, and a
// connection whose answer did not come in time is closed (an answer may
// still be on its way, so it can never be reused).
//
//   PgConnectionPtr conn = connect_with_deadline(url, 1500ms);
//   PQsendQueryParams(conn.get(), ...);
//   PGresult* result = await_result(conn.get(), deadline);  // or throws DeadlineExceeded
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

struct pg_conn;
struct pg_result;

namespace dashboard::server::store {

using PgDeadline = std::chrono::steady_clock::time_point;

// The database did not answer before the deadline. The connection it was
// waiting on must be closed.
class DeadlineExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PgConnectionDeleter {
  void operator()(::pg_conn* connection) const;
};
using PgConnectionPtr = std::unique_ptr<::pg_conn, PgConnectionDeleter>;

// Opens a connection with TCP keepalives (a peer that vanished is noticed
// in about 25 s even on an idle LISTEN connection) and libpq's notices
// routed into the JSON log. Throws sql::Error (Unavailable) when the server
// refuses, DeadlineExceeded when it does not finish the handshake within
// `timeout`.
PgConnectionPtr connect_with_deadline(const std::string& url, std::chrono::milliseconds timeout);

// Waits for the whole answer to the query just sent (PQsend*), returning
// its last result (the first error, if any); nullptr only when libpq has
// none. Throws DeadlineExceeded when `deadline` passes first.
::pg_result* await_result(::pg_conn* conn, PgDeadline deadline);

}  // namespace dashboard::server::store
