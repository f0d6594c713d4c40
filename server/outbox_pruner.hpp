// outbox_pruner: deletes outbox events older than the retention period on a
// timer, so the table stays bounded; clients asking for pruned events get
// 410 and fall back to a snapshot.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "clock.hpp"
#include "store/store.hpp"

namespace dashboard::server {

class OutboxPruner {
 public:
  OutboxPruner(boost::asio::io_context& ioc, std::shared_ptr<store::DashboardStore> store,
               std::shared_ptr<Clock> clock, std::chrono::seconds retention);

  void start();
  void stop();

  // Another expiring table swept on the same schedule (Idempotency-Keys),
  // given the time now. Before start().
  void also_prune(std::function<void(core::UnixMillis now)> step) { also_ = std::move(step); }

  // How often it runs: a quarter of the retention, between 1 s and 10 min.
  static std::chrono::milliseconds interval_for(std::chrono::seconds retention);

  // Any thread; for the status page. How long since the last run that
  // succeeded, or since start() when none has.
  struct Health {
    std::chrono::seconds retention;
    std::chrono::milliseconds interval;
    std::chrono::milliseconds since_success;
    bool succeeded_once = false;
  };
  Health health() const;

 private:
  void schedule();
  void prune_once();

  boost::asio::steady_timer timer_;
  std::shared_ptr<store::DashboardStore> store_;
  std::shared_ptr<Clock> clock_;
  std::chrono::seconds retention_;
  std::function<void(core::UnixMillis)> also_;
  bool stopped_ = false;
  // Steady-clock ticks: of start(), and of the last successful run (0: none).
  std::atomic<std::int64_t> started_at_{0};
  std::atomic<std::int64_t> succeeded_at_{0};
};

}  // namespace dashboard::server
