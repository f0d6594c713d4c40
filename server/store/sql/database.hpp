// database: where the store's Sessions come from, and the transaction rules
// it relies on. SqliteDatabase (one file, WAL) and PostgresDatabase (a
// bounded pool of libpq connections) implement it.
//
//   db.write([&](sql::Session& s) { ...change rows, append events... });  // commits
//   db.read([&](sql::Session& s) { ...one consistent snapshot... });
//
// A callback that throws rolls its transaction back; the exception goes on
// to the caller. Connection trouble is sql::Error with Kind::Unavailable.
#pragma once

#include <cstdint>
#include <functional>

#include "store/sql/sql.hpp"

namespace dashboard::server::store::sql {

// How full the connection pool is, for /metrics and the status page.
struct PoolStats {
  int in_use = 0;             // connections lent out right now
  int open = 0;               // connections open (idle + in use)
  int capacity = 0;           // the bound
  std::int64_t waits = 0;     // acquisitions that had to wait for a free connection
  std::int64_t timeouts = 0;  // acquisitions that gave up (answered 503)
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // A write transaction. Writers that lock the same user row (the store
  // does, first thing) run one after another, across processes.
  virtual void write(const std::function<void(Session&)>& work) = 0;

  // A read-only transaction over one consistent snapshot of the database.
  virtual void read(const std::function<void(Session&)>& work) = 0;

  virtual PoolStats pool_stats() const = 0;
};

}  // namespace dashboard::server::store::sql
