// The outbox pruner's health, as the status page reads it: the time since
// its last successful run, or since it started while every run fails.
#include "outbox_pruner.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "delegating_store.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

// Pruning fails as the database being down would make it fail.
class PruneFailingStore final : public DelegatingStore {
 public:
  explicit PruneFailingStore(store::DashboardStore& real) : DelegatingStore(&real) {}
  bool failing = false;
  store::StoreResult<std::int64_t> prune_outbox(core::UnixMillis keep_after,
                                                std::int64_t keep_min) override {
    if (failing) return store::StoreError{store::StoreError::Kind::Unavailable, "refused", {}};
    return inner_->prune_outbox(keep_after, keep_min);
  }
};

class OutboxPrunerTest : public StoreFixtureBase {};

TEST_F(OutboxPrunerTest, HealthCountsFromTheLastSuccessOrFromStart) {
  boost::asio::io_context ioc;
  auto store = std::make_shared<PruneFailingStore>(*store_);
  store->failing = true;
  OutboxPruner pruner(ioc, store, clock_, std::chrono::seconds(3600));
  pruner.start();  // the first run fails
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  OutboxPruner::Health health = pruner.health();
  EXPECT_FALSE(health.succeeded_once);
  EXPECT_GE(health.since_success, std::chrono::milliseconds(20));
  EXPECT_EQ(health.retention, std::chrono::seconds(3600));
  EXPECT_EQ(health.interval, std::chrono::minutes(10));  // a quarter, capped at 10 min
  pruner.stop();
  ioc.run();

  store->failing = false;
  OutboxPruner working(ioc, store, clock_, std::chrono::seconds(3600));
  working.start();
  health = working.health();
  EXPECT_TRUE(health.succeeded_once);
  EXPECT_LT(health.since_success, std::chrono::seconds(5));
  working.stop();
  ioc.restart();
  ioc.run();
}

}  // namespace
}  // namespace dashboard::server::testing
