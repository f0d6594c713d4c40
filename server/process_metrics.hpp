// process_metrics: the standard process_* series (the names and meanings of
// the Prometheus client libraries' process collectors), read from
// /proc/self at each scrape. prometheus-cpp has no such collector.
//
//   ProcessMetrics process(*registry);
//   process.refresh();   // before serializing the registry
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <optional>

#include "polled_counter.hpp"

namespace dashboard::server {

// One reading of this process; nullopt where /proc is not mounted.
struct ProcessSample {
  double cpu_seconds = 0;  // user + system
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;             // the soft RLIMIT_NOFILE
  double start_time_seconds = 0;  // since the Unix epoch
};
std::optional<ProcessSample> read_process_sample();

class ProcessMetrics {
 public:
  explicit ProcessMetrics(prometheus::Registry& registry);

  // Any thread; a failed read leaves the last values.
  void refresh();

 private:
  PolledCounter cpu_seconds_;
  prometheus::Gauge& resident_bytes_;
  prometheus::Gauge& virtual_bytes_;
  prometheus::Gauge& open_fds_;
  prometheus::Gauge& max_fds_;
  prometheus::Gauge& start_time_seconds_;
};

}  // namespace dashboard::server
