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

OutboxPruner::Health OutboxPruner::health() const {
  const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  const std::int64_t succeeded = succeeded_at_.load();
  const std::int64_t since = succeeded != 0 ? succeeded : started_at_.load();
  return {retention_, interval_for(retention_),
          std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::duration(since != 0 ? now - since : 0)),
          succeeded != 0};
}

void OutboxPruner::start() {
  started_at_ = std::chrono::steady_clock::now().time_since_epoch().count();
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
  if (also_) also_(clock_->now());
  const core::UnixMillis cutoff = clock_->now() - retention_.count() * 1000;
  const auto deleted = store_->prune_outbox(cutoff, 0);
  if (!deleted) {
    log::error("outbox pruning failed", {{"error", deleted.error().message}});
    return;
  }
  succeeded_at_ = std::chrono::steady_clock::now().time_since_epoch().count();
  if (*deleted > 0) log::info("outbox pruned", {{"events", *deleted}});
}

}  // namespace dashboard::server
