// Concurrent writers, on both engines, the way several server instances
// write for one user: each "instance" is a store over its own connections
// to the same database. Seqs stay gap-free and strictly increasing, every
// event is there once, and the events replay to the snapshot.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using StoreConcurrency = StoreFixture;

TEST_P(StoreConcurrency, WritersOnTwoInstancesKeepOneGapFreeSeqPerUser) {
  // Each instance is its own pool of connections to the database, with its
  // own clock: what two dashboard-server processes would have.
  std::vector<std::unique_ptr<store::SqlStore>> instances;
  instances.push_back(open_with(std::make_shared<CountingIds>(1'000'000)));
  instances.push_back(open_with(std::make_shared<CountingIds>(2'000'000)));
  const core::DashboardView start = view(alice_);

  constexpr int kThreadsPerInstance = 3;
  constexpr int kWritesPerThread = 12;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (auto& instance : instances) {
    for (int t = 0; t < kThreadsPerInstance; ++t) {
      writers.emplace_back([&, t, s = instance.get()] {
        for (int i = 0; i < kWritesPerThread; ++i) {
          store::NewMoc moc;
          moc.title = "moc " + std::to_string(t) + "-" + std::to_string(i);
          moc.theme = i % 2 == 0 ? "Space" : "Trains";
          moc.parts_coverage_status = core::PartsCoverageStatus::PartialOrdered;
          moc.coverage_percentage = i;
          if (!s->create_moc(alice_, moc)) ++failures;
          if (i % 4 == 3 && !s->add_wishlist_item(alice_, "wish", std::nullopt)) ++failures;
          // Bob writes at the same time; his stream is his own.
          if (i % 3 == 0 && !s->add_wishlist_item(bob_, "bob", std::nullopt)) ++failures;
        }
      });
    }
  }
  for (std::thread& w : writers) w.join();
  ASSERT_EQ(failures.load(), 0);

  for (const UserId user : {alice_, bob_}) {
    const std::vector<core::DashboardEvent> events = events_after(user, 0);
    ASSERT_FALSE(events.empty());
    for (std::size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1)) << "user " << user;
    }
    EXPECT_EQ(events.back().seq, version(user));
  }
  // Every MOC's entity event is there once, and the slices replay to the snapshot.
  core::DashboardView replayed = start;
  int added = 0;
  for (const core::DashboardEvent& e : events_after(alice_, start.version)) {
    if (e.type() == EventType::MocAdded) ++added;
    apply_event(replayed, e);
  }
  EXPECT_EQ(added, 2 * kThreadsPerInstance * kWritesPerThread);
  expect_same_view(replayed, view(alice_));
  EXPECT_EQ(view(alice_).summary.total_mocs, 2 * kThreadsPerInstance * kWritesPerThread);
}

INSTANTIATE_STORE_SUITE(StoreConcurrency);

}  // namespace
}  // namespace dashboard::server::testing
