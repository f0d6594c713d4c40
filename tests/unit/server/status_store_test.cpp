// StatusStore on both engines: a minute saved twice is one row with the
// latest figures, pruning drops what is older than the cut, heartbeats are
// one row per instance, and a board restored from the store has its uptime.
#include "status/status_store.hpp"

#include <gtest/gtest.h>

#include "status/status_board.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using status::HistoryPoint;
using status::ServiceStatus;
using StatusStoreTest = StoreFixture;

constexpr core::UnixMillis kT0 = 1'795'428'000'000;
constexpr core::UnixMillis kMinute = 60'000;

HistoryPoint point(core::UnixMillis minute, ServiceStatus status, int checks, int up,
                   std::optional<double> ms) {
  HistoryPoint p;
  p.minute = minute;
  p.status = status;
  p.checks = checks;
  p.up = up;
  p.response_ms = ms;
  return p;
}

TEST_P(StatusStoreTest, AMinuteSavedAgainIsReplacedAndLoadsInOrder) {
  status::StatusStore store(scratch_->open());
  store.save_minute("web", point(kT0 + kMinute, ServiceStatus::Up, 2, 2, 12.5));
  store.save_minute("web", point(kT0, ServiceStatus::Up, 6, 6, 10.0));
  store.save_minute("web", point(kT0 + kMinute, ServiceStatus::Down, 6, 3, std::nullopt));
  store.save_minute("disk", point(kT0, ServiceStatus::Degraded, 6, 6, std::nullopt));
  const auto loaded = store.load(kT0);
  ASSERT_EQ(loaded.size(), 2U);
  const auto& web = loaded.at("web");
  ASSERT_EQ(web.size(), 2U);
  EXPECT_EQ(web[0].minute, kT0);
  EXPECT_DOUBLE_EQ(*web[0].response_ms, 10.0);
  EXPECT_EQ(web[1].status, ServiceStatus::Down);
  EXPECT_EQ(web[1].checks, 6);
  EXPECT_EQ(web[1].up, 3);
  EXPECT_FALSE(web[1].response_ms);
  EXPECT_EQ(loaded.at("disk")[0].status, ServiceStatus::Degraded);
  EXPECT_EQ(store.load(kT0 + kMinute).at("web").size(), 1U);
}

TEST_P(StatusStoreTest, PruneDropsPointsOlderThanTheCut) {
  status::StatusStore store(scratch_->open());
  for (int i = 0; i < 5; ++i) {
    store.save_minute("db", point(kT0 + i * kMinute, ServiceStatus::Up, 1, 1, 1.0));
  }
  EXPECT_EQ(store.prune(kT0 + 3 * kMinute), 3);
  EXPECT_EQ(store.load(0).at("db").size(), 2U);
}

TEST_P(StatusStoreTest, HeartbeatsAreOneRowPerInstance) {
  status::StatusStore store(scratch_->open());
  store.beat("a:1", kT0);
  store.beat("b:2", kT0);
  store.beat("a:1", kT0 + 30'000);
  const auto alive = store.instances(kT0 + 10'000);
  ASSERT_EQ(alive.size(), 1U);
  EXPECT_EQ(alive[0].first, "a:1");
  EXPECT_EQ(alive[0].second, kT0 + 30'000);
  EXPECT_EQ(store.instances(kT0).size(), 2U);
}

TEST_P(StatusStoreTest, ABoardRestoredFromTheStoreKeepsItsUptime) {
  status::StatusStore store(scratch_->open());
  store.save_minute("database", point(kT0, ServiceStatus::Down, 4, 1, 3.0));
  status::StatusBoard board("/dashboard");
  board.add_service("database", "Database", true);
  board.restore("database", store.load(0).at("database"));
  board.record("database", status::CheckResult{ServiceStatus::Up, 1.0, "ok", false}, kT0 + kMinute,
               std::chrono::steady_clock::now());
  const auto state = board.state("database");
  ASSERT_TRUE(state->uptime_percent);
  EXPECT_DOUBLE_EQ(*state->uptime_percent, 40.0);  // 2 of 5 checks not down
  EXPECT_EQ(state->last_hour.size(), 2U);
}

INSTANTIATE_STORE_SUITE(StatusStoreTest);

}  // namespace
}  // namespace dashboard::server::testing
