#include "outbox_pruner.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "log.hpp"

namespace dashboard::server {

OutboxPruner::OutboxPruner(boost::asio::io_context& ioc,
                           std::shared_ptr<store::DashboardStore> store,
                           std::shared_ptr<Clock> clock, std::chrono::seconds retention)
    : timer_(ioc), store_(std::move(store)), clock_(std::move(clock)), retention_(retention) {}

std::chrono::milliseconds OutboxPruner::interval_for(std::chrono::seconds retention) {
  using std::chrono::milliseconds;
  return std::clamp<milliseconds>(std::chrono::duration_cast<milliseconds>(retention) / 4,
                                  milliseconds(1000), milliseconds(10 * 60 * 1000));
}

void OutboxPruner::start() {
  prune_once();
  schedule();
}

void OutboxPruner::stop() {
  boost::asio::post(timer_.get_executor(), [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void OutboxPruner::schedule() {
  timer_.expires_after(interval_for(retention_));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    prune_once();
    schedule();
  });
}

void OutboxPruner::prune_once() {
  const core::UnixMillis cutoff = clock_->now() - retention_.count() * 1000;
  const auto deleted = store_->prune_outbox(cutoff, 0);
  if (!deleted) {
    log::error("outbox pruning failed", {{"error", deleted.error().message}});
  } else if (*deleted > 0) {
    log::info("outbox pruned", {{"events", *deleted}});
  }
}

}  // namespace dashboard::server
