// Scripted fault tests: a seeded server history delivered to the engine
// under drops, duplicates, reordering, reconnects, racing snapshots, failed
// fetches and pruning (410 / resyncRequired). After every script the stream
// goes quiet and the engine's view must equal the server's snapshot.
#include <gtest/gtest.h>

#include <random>

#include "core/client/sync_engine.hpp"
#include "fault_harness.hpp"

namespace dashboard::core::client {
namespace {

using fault_harness::Faults;
using fault_harness::Harness;
using fault_harness::ServerModel;
using fault_harness::Stats;
using Kind = SyncRequest::Kind;

// Runs seeds 1..`seeds` for `steps` steps each under `faults`; returns how
// often each path was taken, summed.
Stats expect_converges(const Faults& faults, std::uint32_t seeds, int steps = 120) {
  Stats total;
  for (std::uint32_t seed = 1; seed <= seeds; ++seed) {
    Harness harness(seed, faults);
    EXPECT_TRUE(harness.run(steps)) << "seed " << seed;
    if (::testing::Test::HasFailure()) break;
    total += harness.stats();
  }
  return total;
}

// [SECTION] Seeded scripts, one fault at a time

TEST(SyncEngine, ConvergesOnAFaultlessStream) {
  const Stats stats = expect_converges(Faults{}, 50);
  EXPECT_GT(stats.snapshots, 0);
}

TEST(SyncEngine, ConvergesWhenFramesAreDropped) {
  Faults faults;
  faults.drop = 0.3;
  const Stats stats = expect_converges(faults, 200);
  EXPECT_GT(stats.dropped, 0);
  EXPECT_GT(stats.pages, 0) << "gaps are repaired from the outbox";
}

TEST(SyncEngine, ConvergesWhenFramesAreDuplicated) {
  Faults faults;
  faults.duplicate = 0.4;
  EXPECT_GT(expect_converges(faults, 200).duplicated, 0);
}

TEST(SyncEngine, ConvergesWhenFramesAreReordered) {
  Faults faults;
  faults.reorder = 0.4;
  EXPECT_GT(expect_converges(faults, 200).reordered, 0);
}

TEST(SyncEngine, ConvergesWhenGapsAndFailedFetchesMix) {
  Faults faults;
  faults.drop = 0.2;
  faults.reorder = 0.2;
  faults.fail = 0.3;
  EXPECT_GT(expect_converges(faults, 200).failed, 0);
}

TEST(SyncEngine, ConvergesAcrossReconnectsMidBurst) {
  Faults faults;
  faults.duplicate = 0.1;
  faults.disconnect = 0.08;
  EXPECT_GT(expect_converges(faults, 200).reconnects, 200);
}

TEST(SyncEngine, ConvergesWhenSnapshotsRaceTheStream) {
  Faults faults;
  faults.reorder = 0.1;
  faults.poll = 0.2;
  EXPECT_GT(expect_converges(faults, 200).snapshots, 1000);
}

TEST(SyncEngine, ConvergesThroughGoneAfterPruning) {
  Faults faults;
  faults.drop = 0.3;
  faults.disconnect = 0.05;
  faults.prune = 0.15;
  const Stats stats = expect_converges(faults, 200);
  EXPECT_GT(stats.gone, 0);
  EXPECT_GT(stats.resyncs, 0);
}

TEST(SyncEngine, ConvergesWithErrorFramesInTheStream) {
  Faults faults;
  faults.drop = 0.1;
  faults.duplicate = 0.1;
  faults.error = 0.2;
  expect_converges(faults, 100);
}

// Several hundred seeds, each with its own mix of every fault.
TEST(SyncEngine, ConvergesUnderRandomFaultScripts) {
  for (std::uint32_t seed = 1; seed <= 500; ++seed) {
    std::mt19937 rng(seed * 7919u);
    auto p = [&](double max) { return std::uniform_real_distribution<double>(0, max)(rng); };
    const Faults mix{p(0.4), p(0.3), p(0.3), p(0.4), p(0.1), p(0.2), p(0.15), p(0.1)};
    Harness harness(seed, mix);
    ASSERT_TRUE(harness.run(200)) << "seed " << seed;
  }
}

// [SECTION] Deterministic scripts

std::vector<DashboardEvent> commits(ServerModel& server, int count) {
  std::vector<DashboardEvent> events;
  for (int i = 0; i < count; ++i) {
    for (DashboardEvent& e : server.mutate()) events.push_back(std::move(e));
  }
  return events;
}

// Answers requests from `server` until the engine asks for nothing more.
void answer_requests(SyncEngine& engine, const ServerModel& server, std::size_t page_limit) {
  for (int guard = 0; guard < 1000; ++guard) {
    const std::optional<SyncRequest> request = engine.take_request();
    if (!request) return;
    if (request->kind == Kind::FetchSnapshot) {
      engine.on_snapshot(server.snapshot());
    } else if (auto page = server.events_since(request->since, page_limit)) {
      engine.on_events_page(*page);
    } else {
      engine.on_events_gone();
    }
  }
  ADD_FAILURE() << "the engine kept asking";
}

TEST(SyncEngine, SnapshotOlderThenNewerThanBufferedEvents) {
  ServerModel server(7);
  const std::vector<DashboardEvent> first = commits(server, 3);
  const DashboardView old_snapshot = server.snapshot();
  const std::vector<DashboardEvent> second = commits(server, 3);
  const DashboardView new_snapshot = server.snapshot();

  SyncEngine engine;
  engine.take_request();
  for (const DashboardEvent& e : second) engine.on_event(e);  // the socket connected first
  engine.on_snapshot(old_snapshot);                           // read before those
  EXPECT_EQ(engine.view(), new_snapshot);
  engine.on_snapshot(old_snapshot);  // the same read delivered twice: ignored
  for (const DashboardEvent& e : first) engine.on_event(e);
  EXPECT_EQ(engine.view(), new_snapshot);
  engine.on_snapshot(new_snapshot);
  EXPECT_EQ(engine.view(), new_snapshot);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, ResumesFromLastSeqAfterReconnectMidBurst) {
  ServerModel server(11);
  SyncEngine engine;
  answer_requests(engine, server, 3);
  const std::vector<DashboardEvent> burst = commits(server, 8);
  ASSERT_GT(burst.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) engine.on_event(burst[i]);  // then the socket drops
  const std::int64_t resume = engine.last_seq();
  EXPECT_EQ(resume, burst[4].seq);
  // The new socket authenticates with {token, lastSeq}; the server replays
  // after it (here from two earlier, as an overlap) and goes live.
  commits(server, 2);
  const std::optional<EventsPage> replay = server.events_since(resume - 2, 1000);
  ASSERT_TRUE(replay);
  for (const DashboardEvent& e : replay->events) engine.on_event(e);
  EXPECT_EQ(engine.take_request(), std::nullopt) << "no reload, no repair";
  EXPECT_EQ(engine.view(), server.snapshot());
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, RecoversThroughGoneWhenTheOutboxWasPruned) {
  ServerModel server(13);
  SyncEngine engine;
  answer_requests(engine, server, 3);
  commits(server, 6);  // never delivered
  server.prune(2);
  const std::vector<DashboardEvent> live = commits(server, 1);
  engine.on_event(live.back());
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchEvents, 0}));
  engine.on_events_gone();
  answer_requests(engine, server, 3);
  EXPECT_EQ(engine.view(), server.snapshot());
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, RepairsAGapAcrossSeveralPages) {
  ServerModel server(17);
  SyncEngine engine;
  answer_requests(engine, server, 3);
  const std::vector<DashboardEvent> events = commits(server, 10);
  ASSERT_GT(events.size(), 9u);
  engine.on_event(events.back());  // everything before it was lost
  int pages = 0;
  while (const std::optional<SyncRequest> request = engine.take_request()) {
    ASSERT_EQ(request->kind, Kind::FetchEvents);
    engine.on_events_page(*server.events_since(request->since, 3));
    ++pages;
  }
  EXPECT_EQ(pages, static_cast<int>((events.size() - 1 + 2) / 3));
  EXPECT_EQ(engine.view(), server.snapshot());
}

}  // namespace
}  // namespace dashboard::core::client
