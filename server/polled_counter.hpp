// polled_counter: a Prometheus counter fed from a running total kept
// elsewhere (the database pool's waits, the LISTEN connection's wake-ups),
// read when /metrics is rendered. Prometheus needs counters typed as such
// for rate() and increase() to handle restarts; a gauge Set() to the total
// looked the same in the text but was typed gauge.
//
//   PolledCounter waits{counter};
//   waits.advance_to(pool.waits);   // the counter grows by what the total grew
#pragma once

#include <prometheus/counter.h>

#include <mutex>

namespace dashboard::server {

class PolledCounter {
 public:
  explicit PolledCounter(prometheus::Counter& counter) : counter_(counter) {}

  // Any thread. A total lower than the last one means its source started
  // over (a new listener after a restart of it): the counter grows by the
  // whole new total, never shrinks.
  void advance_to(double total) {
    std::lock_guard lock(mutex_);
    const double grown = total >= last_ ? total - last_ : total;
    last_ = total;
    if (grown > 0) counter_.Increment(grown);
  }

  double Value() const { return counter_.Value(); }

 private:
  prometheus::Counter& counter_;
  std::mutex mutex_;
  double last_ = 0;
};

}  // namespace dashboard::server
