// database_probe: is the database reachable, and how fast does it answer?
// A round-trip query every interval on a thread of its own (a database that
// hangs must not hold an I/O thread), read by /healthz and /metrics without
// touching the database themselves, so a health check stays as cheap as
// the load balancer needs it to be.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/timestamp.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::status {

struct DatabaseHealth {
  bool checked = false;    // false until the first probe finished
  bool reachable = false;  // the last probe's query succeeded
  double latency_ms = 0;   // the last probe's round trip
  std::string error;       // why it failed, when it did
  core::UnixMillis checked_at = 0;
};

class DatabaseProbe {
 public:
  DatabaseProbe(std::shared_ptr<store::sql::Database> db, std::chrono::milliseconds interval);
  ~DatabaseProbe();
  DatabaseProbe(const DatabaseProbe&) = delete;
  DatabaseProbe& operator=(const DatabaseProbe&) = delete;

  void start();
  void stop();
  // Probes now, on the caller's thread (tests, a refresh request).
  DatabaseHealth probe_now();
  DatabaseHealth last() const;

 private:
  void run();

  std::shared_ptr<store::sql::Database> db_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  DatabaseHealth last_;    // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace dashboard::server::status
