#include "status/checks.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace dashboard::server::status {
namespace {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string bytes_text(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return fixed(bytes, unit == 0 ? 0 : 1) + " " + units[unit];
}

std::string duration_text(std::chrono::milliseconds duration) {
  const double seconds = static_cast<double>(duration.count()) / 1000.0;
  if (seconds < 120) return fixed(seconds, 0) + " s";
  if (seconds < 7200) return fixed(seconds / 60, 0) + " min";
  if (seconds < 2 * 86400) return fixed(seconds / 3600, 0) + " h";
  return fixed(seconds / 86400, 0) + " days";
}

}  // namespace

CheckResult check_database(DatabaseProbe& probe, const store::sql::PoolStats& pool,
                           std::int64_t pool_waits_before, const Thresholds& latency_ms) {
  const DatabaseHealth health = probe.probe_now();
  CheckResult result;
  result.response_ms = health.latency_ms;
  const std::string pool_text =
      "pool " + std::to_string(pool.in_use) + "/" + std::to_string(pool.capacity) + " in use";
  if (!health.reachable) {
    result.status = ServiceStatus::Down;
    result.details = "unreachable: " + health.error;
    return result;
  }
  result.status = latency_ms.classify(health.latency_ms);
  result.details = fixed(health.latency_ms, 1) + " ms round trip, " + pool_text;
  const bool saturated =
      pool.capacity > 0 && pool.in_use >= pool.capacity && pool.waits > pool_waits_before;
  if (saturated) {
    result.status = worst(result.status, ServiceStatus::Degraded);
    result.details += ", requests waiting for a connection";
  }
  return result;
}

CheckResult check_disk(const std::filesystem::path& dir, const Thresholds& used_percent) {
  CheckResult result;
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) {
    result.status = ServiceStatus::Down;
    result.details = "cannot read the file system of " + dir.string();
    return result;
  }
  const double total = static_cast<double>(fs.f_blocks) * static_cast<double>(fs.f_frsize);
  const double free = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
  const double used = total > 0 ? 100.0 * (total - free) / total : 100.0;
  result.status = used_percent.classify(used);
  result.details = bytes_text(free) + " free of " + bytes_text(total) + " (" + fixed(used, 1) +
                   " % used) in " + dir.string();
  return result;
}

double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0;
  long pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

CheckResult check_instance(double loop_lag_ms, double sockets_open, const CheckLimits& limits) {
  CheckResult result;
  const double memory = resident_mib();
  result.response_ms = loop_lag_ms;
  result.status =
      worst(limits.loop_lag_ms.classify(loop_lag_ms), limits.memory_mib.classify(memory));
  result.details = fixed(sockets_open, 0) + " sockets open, event lag " + fixed(loop_lag_ms, 1) +
                   " ms, memory " + fixed(memory, 0) + " MiB";
  return result;
}

double RatePerMinute::sample(double total, std::chrono::steady_clock::time_point now) {
  samples_.emplace_back(now, total);
  while (samples_.size() > 1 && now - samples_.front().first > std::chrono::minutes(1)) {
    samples_.pop_front();
  }
  return samples_.back().second - samples_.front().second;
}

CheckResult check_stream(const StreamFigures& figures, const CheckLimits& limits) {
  CheckResult result;
  result.status =
      worst(limits.slow_per_minute.classify(figures.slow_per_minute),
            limits.undelivered_events.classify(static_cast<double>(figures.undelivered_events)));
  result.details =
      std::to_string(figures.undelivered_events) + " events not yet delivered, " +
      fixed(figures.slow_per_minute, 0) + " slow-consumer disconnects in the last minute, " +
      fixed(figures.sockets_open, 0) + " sockets; outbox keeps " + duration_text(figures.retention);
  // The wording stays the same from one run to the next unless something
  // changed: every new text is a delta to every page watching.
  const auto overdue_after = figures.prune_interval * kPruneOverdueIntervals;
  if (figures.since_pruned > overdue_after) {
    result.status = worst(result.status, ServiceStatus::Degraded);
    result.details += figures.pruned_once ? ", not pruned in over " + duration_text(overdue_after)
                                          : ", never pruned since the server started";
  } else {
    result.details += ", pruned every " + duration_text(figures.prune_interval);
  }
  return result;
}

}  // namespace dashboard::server::status
