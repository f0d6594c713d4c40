// service_status: what one watched service looks like to a reader of
// /status: its verdict (up / degraded / down), the figure it was judged on,
// a sentence of details, and a history of one point a minute.
//
//   Thresholds latency{.degraded_above = 250, .down_above = 2000};
//   ServiceStatus s = latency.classify(412.0);  // Degraded
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.hpp"

namespace dashboard::server::status {

enum class ServiceStatus { Up, Degraded, Down };

std::string_view to_string(ServiceStatus status);  // "up", "degraded", "down"

// The worse of two verdicts (down > degraded > up).
ServiceStatus worst(ServiceStatus a, ServiceStatus b);

// A figure where more is worse (milliseconds, percent used): up at or
// below degraded_above, down above down_above, degraded between.
struct Thresholds {
  double degraded_above = 0;
  double down_above = 0;
  ServiceStatus classify(double value) const;
};

// What one run of a check found.
struct CheckResult {
  ServiceStatus status = ServiceStatus::Down;
  std::optional<double> response_ms;  // the figure a card shows, when the check has one
  std::string details;                // one line for a person: "412 ms, pool 3/8 in use"
  // True when the check could not run at all (a misconfigured URL): the
  // service is down and subscribers get an `error` event saying why.
  bool misconfigured = false;
};

// One minute of history.
struct HistoryPoint {
  core::UnixMillis minute = 0;               // the minute's start
  ServiceStatus status = ServiceStatus::Up;  // the worst verdict in it
  std::optional<double> response_ms;         // the mean of the minute's figures
  int checks = 0;
  int up = 0;  // checks that were not down
};

// A service as readers see it.
struct ServiceState {
  std::string id;    // stable: "database", "disk", "instance", "stream", "http:<name>"
  std::string name;  // for people: "Database", "Cover images"
  bool is_public = false;
  bool checked = false;  // false until the first check finished
  ServiceStatus status = ServiceStatus::Down;
  std::optional<double> response_ms;
  std::string details;
  core::UnixMillis checked_at = 0;
  std::optional<double> uptime_percent;  // over 24 h; none before the first check
  std::vector<HistoryPoint> last_hour;   // oldest first
};

}  // namespace dashboard::server::status
