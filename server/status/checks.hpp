// checks: the built-in checks of the services the dashboard depends on.
// Each is a plain function of what it looks at, so tests call it directly;
// the monitor (status_monitor.hpp) runs them on their intervals.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <utility>

#include "status/database_probe.hpp"
#include "status/service_status.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::status {

// Thresholds of the built-in checks (flags in config.hpp).
struct CheckLimits {
  Thresholds database_ms{250, 2000};           // round trip
  Thresholds disk_used_percent{90, 98};        // of the data folder's file system
  Thresholds memory_mib{1024, 4096};           // resident set of this process
  Thresholds loop_lag_ms{100, 1000};           // a posted task waiting for the hub's thread
  Thresholds slow_per_minute{5, 50};           // slow-consumer disconnects
  Thresholds undelivered_events{1000, 10000};  // committed, not yet fanned out
};

// A round trip now, plus the pool: saturated (every connection lent out and
// requests waiting) is degraded even when the query is quick.
CheckResult check_database(DatabaseProbe& probe, const store::sql::PoolStats& pool,
                           std::int64_t pool_waits_before, const Thresholds& latency_ms);

// Space left on the file system that holds `dir`.
CheckResult check_disk(const std::filesystem::path& dir, const Thresholds& used_percent);

// This process: memory, sockets open, and how long a task posted to the
// hub's thread waited (the delay every fan-out meets before it starts).
CheckResult check_instance(double loop_lag_ms, double sockets_open, const CheckLimits& limits);

// Resident set size of this process in MiB (Linux /proc/self/statm).
double resident_mib();

// Slow-consumer disconnects per minute from a counter sampled at each check.
class RatePerMinute {
 public:
  // `total` is the counter's value at `now`; returns the rate over the last
  // minute of samples (or over what exists of it).
  double sample(double total, std::chrono::steady_clock::time_point now);

 private:
  std::deque<std::pair<std::chrono::steady_clock::time_point, double>> samples_;
};

// What the live-stream check looks at.
struct StreamFigures {
  double slow_per_minute = 0;
  double sockets_open = 0;
  // Events committed for users with a socket open here that the hub has not
  // fanned out yet (it falls behind, or cannot read the outbox).
  std::int64_t undelivered_events = 0;
  // Outbox retention: how long events are kept, how often the pruner runs,
  // and how long since it last succeeded (since it started, if never). A
  // pruner that keeps failing lets the outbox grow without bound.
  std::chrono::seconds retention{0};
  std::chrono::milliseconds prune_interval{0};
  std::chrono::milliseconds since_pruned{0};
  bool pruned_once = false;
};

// Degraded when pruning is overdue by this many of its intervals.
inline constexpr int kPruneOverdueIntervals = 3;

CheckResult check_stream(const StreamFigures& figures, const CheckLimits& limits);

}  // namespace dashboard::server::status
