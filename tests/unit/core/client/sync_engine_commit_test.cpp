// SyncEngine takes a commit whole: the events one server commit wrote (a
// MOC added: its entity event, then the recent list, the summary, the
// themes) say where the commit ends (commit_last_seq), and the view never
// shows a frame with some of them applied and the rest not. A commit still
// coming is not a gap; a gap behind it still is.
#include <gtest/gtest.h>

#include <string>

#include "../fixtures.hpp"
#include "core/client/sync_engine.hpp"

namespace dashboard::core::client {
namespace {

using testing::sample_event;
using testing::sample_view;
using Kind = SyncRequest::Kind;

// A summary event of the commit that ends at `commit_last`.
DashboardEvent part(std::int64_t seq, std::int64_t commit_last, std::int64_t total_mocs) {
  DashboardSummary summary = sample_view().summary;
  summary.total_mocs = total_mocs;
  DashboardEvent e = sample_event(summary);
  e.seq = seq;
  e.commit_last_seq = seq < commit_last ? commit_last : 0;  // as the server encodes it
  return e;
}

SyncEngine engine_at(std::int64_t version) {
  SyncEngine engine;
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchSnapshot, 0}));
  DashboardView view = sample_view();
  view.version = version;
  view.summary.total_mocs = version;
  engine.on_snapshot(view);
  engine.take_changed();
  engine.take_steps();
  return engine;
}

TEST(SyncEngineCommits, ACommitAppliesWhenItsLastEventIsIn) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(11, 13, 100));
  engine.on_event(part(12, 13, 101));
  EXPECT_EQ(engine.last_seq(), 10) << "half a commit is not shown";
  EXPECT_EQ(engine.view().summary.total_mocs, 10);
  EXPECT_EQ(engine.take_changed(), 0);
  EXPECT_TRUE(engine.take_steps().empty());
  EXPECT_EQ(engine.take_request(), std::nullopt) << "the rest is on its way: no repair";
  EXPECT_FALSE(engine.in_sync());

  engine.on_event(part(13, 13, 102));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_EQ(engine.view().summary.total_mocs, 102);
  EXPECT_EQ(engine.take_steps().size(), 3u) << "the whole commit, in one take";
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngineCommits, CommitsOfOneEventAndOldEventsApplyAtOnce) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(11, 11, 11));
  EXPECT_EQ(engine.last_seq(), 11);
  DashboardEvent unmarked = part(12, 12, 12);  // from a server that does not say
  engine.on_event(unmarked);
  EXPECT_EQ(engine.last_seq(), 12);
}

TEST(SyncEngineCommits, OutOfOrderPartsWaitForTheFirst) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(13, 13, 102));
  engine.on_event(part(12, 13, 101));
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchEvents, 10})) << "11 is missing";
  engine.on_event(part(11, 13, 100));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_EQ(engine.view().summary.total_mocs, 102);
}

TEST(SyncEngineCommits, AGapBehindAnOpenCommitIsRepaired) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(11, 12, 100));
  engine.on_event(part(14, 14, 103));  // 12 and 13 went missing
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchEvents, 10}));
  engine.on_events_page(EventsPage{{part(11, 12, 100), part(12, 12, 101), part(13, 13, 102)}, 14});
  EXPECT_EQ(engine.last_seq(), 14);
  EXPECT_EQ(engine.view().summary.total_mocs, 103);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngineCommits, APageThatEndsInsideACommitPagesOn) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(16, 16, 105));
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchEvents, 10}));
  // The page's limit cut the commit 12-14 after its first two events.
  engine.on_events_page(EventsPage{{part(11, 11, 100), part(12, 14, 101), part(13, 14, 102)}, 16});
  EXPECT_EQ(engine.last_seq(), 11);
  EXPECT_EQ(engine.view().summary.total_mocs, 100);
  EXPECT_EQ(engine.take_request(), (SyncRequest{Kind::FetchEvents, 11}));
  engine.on_events_page(
      EventsPage{{part(12, 14, 101), part(13, 14, 102), part(14, 14, 103), part(15, 15, 104)}, 16});
  EXPECT_EQ(engine.last_seq(), 16);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngineCommits, AReconnectReplaysTheCommitFromItsStart) {
  SyncEngine engine = engine_at(10);
  engine.on_event(part(11, 13, 100));
  // The socket dropped here; the resume point is the last whole commit.
  EXPECT_EQ(engine.last_seq(), 10);
  for (std::int64_t seq = 11; seq <= 13; ++seq) engine.on_event(part(seq, 13, 99 + seq - 10));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_EQ(engine.view().summary.total_mocs, 102);
}

}  // namespace
}  // namespace dashboard::core::client
