// [SECTION] Helpers
// [SECTION] Rules, one at a time
// (Scripted fault tests: sync_engine_fault_test.cpp.)
#include "core/client/sync_engine.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../fixtures.hpp"
#include "fault_harness.hpp"

namespace dashboard::core::client {
namespace {

using fault_harness::error_event;
using testing::sample_event;
using testing::sample_view;
using Kind = SyncRequest::Kind;

// [SECTION] Helpers

DashboardEvent summary_event(std::int64_t seq, std::int64_t total_mocs) {
  DashboardSummary summary = sample_view().summary;
  summary.total_mocs = total_mocs;
  DashboardEvent e = sample_event(summary);
  e.seq = seq;
  return e;
}

DashboardView view_at(std::int64_t version, std::int64_t total_mocs) {
  DashboardView v = sample_view();
  v.version = version;
  v.summary.total_mocs = total_mocs;
  return v;
}

EventsPage page_of(std::vector<DashboardEvent> events, std::int64_t last_seq) {
  return EventsPage{std::move(events), last_seq};
}

const SyncRequest kSnapshot{Kind::FetchSnapshot, 0};

SyncRequest events_since(std::int64_t since) {
  return {Kind::FetchEvents, since};
}

// An engine that took and answered its first snapshot at `version`.
SyncEngine engine_at(std::int64_t version) {
  SyncEngine engine;
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(version, version));
  engine.take_changed();
  return engine;
}

// [SECTION] Rules, one at a time

TEST(SyncEngine, AsksForTheFirstSnapshotOnce) {
  SyncEngine engine;
  EXPECT_FALSE(engine.has_view());
  EXPECT_EQ(engine.take_request(), kSnapshot);
  EXPECT_EQ(engine.take_request(), std::nullopt);
  engine.on_snapshot(sample_view());
  EXPECT_TRUE(engine.has_view());
  EXPECT_EQ(engine.view(), sample_view());
  EXPECT_EQ(engine.last_seq(), 42);
  EXPECT_EQ(engine.take_changed(), kAllSlices);
  EXPECT_EQ(engine.take_changed(), 0u);
  EXPECT_EQ(engine.take_request(), std::nullopt);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, AppliesTheNextSeqAndReportsChangedSlices) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(11, 99));
  EXPECT_EQ(engine.last_seq(), 11);
  EXPECT_EQ(engine.view().summary.total_mocs, 99);
  EXPECT_EQ(engine.take_changed(), SliceMask{kSummary});
  engine.on_event(summary_event(12, 99));  // same value: nothing flashes
  EXPECT_EQ(engine.last_seq(), 12);
  EXPECT_EQ(engine.take_changed(), 0u);
}

TEST(SyncEngine, BuffersEventsBeforeTheSnapshotAndAppliesNewerOnesInOrder) {
  SyncEngine engine;
  engine.take_request();
  engine.on_event(summary_event(13, 13));
  engine.on_event(summary_event(11, 11));
  engine.on_event(summary_event(12, 12));
  engine.on_event(summary_event(10, 10));  // covered by the snapshot
  EXPECT_EQ(engine.last_seq(), 0);
  engine.on_snapshot(view_at(10, 10));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_EQ(engine.view().summary.total_mocs, 13);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, SnapshotAheadOfEveryBufferedEventDropsThem) {
  SyncEngine engine;
  engine.take_request();
  engine.on_event(summary_event(5, 5));
  engine.on_event(summary_event(6, 6));
  engine.on_snapshot(view_at(8, 8));
  EXPECT_EQ(engine.view(), view_at(8, 8));
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, DropsAppliedAndDuplicateEvents) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(9, 1));
  engine.on_event(summary_event(10, 1));
  EXPECT_EQ(engine.view(), view_at(10, 10));
  engine.on_event(summary_event(11, 11));
  engine.on_event(summary_event(11, 500));  // a duplicate seq never applies twice
  EXPECT_EQ(engine.view().summary.total_mocs, 11);
  EXPECT_EQ(engine.take_request(), std::nullopt);
}

TEST(SyncEngine, GapHoldsTheEventAndAsksForEventsSinceLast) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  EXPECT_EQ(engine.last_seq(), 10);
  EXPECT_FALSE(engine.in_sync());
  EXPECT_EQ(engine.take_request(), events_since(10));
  EXPECT_EQ(engine.take_request(), std::nullopt);
  engine.on_event(summary_event(13, 13));
  engine.on_event(summary_event(15, 15));
  EXPECT_EQ(engine.take_request(), std::nullopt) << "one request in flight";
  engine.on_events_page(page_of({summary_event(11, 11), summary_event(12, 12)}, 15));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_EQ(engine.take_request(), events_since(13));
  engine.on_events_page(page_of({summary_event(14, 14), summary_event(15, 15)}, 15));
  EXPECT_EQ(engine.last_seq(), 15);
  EXPECT_EQ(engine.view().summary.total_mocs, 15);
  EXPECT_EQ(engine.take_request(), std::nullopt);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, LateEventClosesGapBeforeThePageArrives) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_event(summary_event(11, 11));  // reordered, not lost
  EXPECT_EQ(engine.last_seq(), 12);
  engine.on_events_page(page_of({summary_event(11, 11), summary_event(12, 12)}, 12));
  EXPECT_EQ(engine.view().summary.total_mocs, 12);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, KeepsPagingWhileTheServerIsAhead) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(20, 20));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_events_page(page_of({summary_event(11, 11), summary_event(12, 12)}, 20));
  EXPECT_EQ(engine.take_request(), events_since(12));
  std::vector<DashboardEvent> rest;
  for (std::int64_t seq = 13; seq <= 19; ++seq) rest.push_back(summary_event(seq, seq));
  engine.on_events_page(page_of(rest, 21));
  EXPECT_EQ(engine.last_seq(), 20);
  // lastSeq 21 says one more exists, though no frame showed it yet.
  EXPECT_EQ(engine.take_request(), events_since(20));
  engine.on_events_page(page_of({summary_event(21, 21)}, 21));
  EXPECT_EQ(engine.last_seq(), 21);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, EmptyPageWithAPersistentGapAsksForASnapshot) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_events_page(page_of({}, 12));
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(12, 12));
  EXPECT_EQ(engine.view(), view_at(12, 12));
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, PageThatSkipsTheMissingSeqAsksForASnapshot) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(13, 13));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_events_page(page_of({summary_event(12, 12), summary_event(13, 13)}, 13));
  EXPECT_EQ(engine.last_seq(), 10);
  EXPECT_EQ(engine.take_request(), kSnapshot);
}

TEST(SyncEngine, GoneAsksForASnapshotAndTakesItEvenWhenOlder) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_events_gone();
  EXPECT_FALSE(engine.in_sync());
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_event(summary_event(4, 4));  // the new database's stream, or the old one's?
  engine.on_snapshot(view_at(3, 3));     // a server that never issued seq 10
  EXPECT_EQ(engine.view(), view_at(3, 3));
  // Back in time: the held events' origin is unclear, so one more snapshot.
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(4, 4));
  EXPECT_EQ(engine.view(), view_at(4, 4));
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, GoneKeepsHeldEventsTheSnapshotMayPredate) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  engine.on_event(summary_event(13, 13));
  engine.take_request();
  engine.on_events_gone();
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(12, 12));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, ResyncRequiredAsksForASnapshot) {
  SyncEngine engine = engine_at(10);
  engine.on_resync_required();
  EXPECT_FALSE(engine.in_sync());
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_event(summary_event(31, 31));
  engine.on_snapshot(view_at(30, 30));
  EXPECT_EQ(engine.last_seq(), 31);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, SnapshotAskedBeforeAResyncDoesNotEndIt) {
  SyncEngine engine = engine_at(10);
  engine.request_snapshot();
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_resync_required();  // the server read that snapshot before, or after?
  EXPECT_EQ(engine.take_request(), std::nullopt);
  engine.on_snapshot(view_at(20, 20));
  EXPECT_EQ(engine.view(), view_at(10, 10));
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(25, 25));
  EXPECT_EQ(engine.view(), view_at(25, 25));
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, UnaskedSnapshotNeverEndsAResync) {
  SyncEngine engine = engine_at(10);
  engine.on_resync_required();
  engine.on_snapshot(view_at(20, 20));
  EXPECT_EQ(engine.view(), view_at(10, 10));
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(21, 21));
  EXPECT_EQ(engine.view(), view_at(21, 21));
}

TEST(SyncEngine, PollTicksAskForASnapshotOneAtATime) {
  SyncEngine engine = engine_at(10);
  engine.request_snapshot();
  engine.request_snapshot();
  EXPECT_EQ(engine.take_request(), kSnapshot);
  EXPECT_EQ(engine.take_request(), std::nullopt);
  engine.request_snapshot();  // a tick while the last poll is out
  engine.on_snapshot(view_at(15, 15));
  EXPECT_EQ(engine.view(), view_at(15, 15));
  EXPECT_EQ(engine.take_request(), std::nullopt) << "the answer served the tick too";
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, OlderSnapshotNeverTakesTheViewBackInTime) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(11, 11));
  engine.take_changed();
  engine.on_snapshot(view_at(9, 9));
  EXPECT_EQ(engine.last_seq(), 11);
  EXPECT_EQ(engine.view().summary.total_mocs, 11);
  EXPECT_EQ(engine.take_changed(), 0u);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, NewerSnapshotReplacesTheViewAndReportsWhatDiffers) {
  SyncEngine engine = engine_at(10);
  DashboardView newer = view_at(20, 10);
  newer.theme_breakdown.pop_back();
  engine.on_snapshot(newer);
  EXPECT_EQ(engine.view(), newer);
  EXPECT_EQ(engine.take_changed(), SliceMask{kThemeBreakdown});
  engine.on_snapshot(newer);  // a poll at the same version
  EXPECT_EQ(engine.take_changed(), 0u);
}

TEST(SyncEngine, SnapshotClosesAGapAndDrainsWhatFollows) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(14, 14));
  engine.on_event(summary_event(13, 13));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_snapshot(view_at(12, 12));  // a degraded-mode poll
  EXPECT_EQ(engine.last_seq(), 14);
  engine.on_events_page(page_of({summary_event(11, 11)}, 14));  // the late reply
  EXPECT_EQ(engine.view().summary.total_mocs, 14);
  EXPECT_TRUE(engine.in_sync());
}

TEST(SyncEngine, FailedRequestIsOfferedAgain) {
  SyncEngine engine;
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_request_failed();
  EXPECT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(10, 10));
  engine.on_event(summary_event(12, 12));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_request_failed();
  EXPECT_EQ(engine.take_request(), events_since(10));
}

TEST(SyncEngine, ErrorEventsAreToastsAndNeverTouchTheSeq) {
  SyncEngine engine;
  engine.take_request();
  engine.on_event(error_event(0, "EARLY"));
  engine.on_snapshot(view_at(10, 10));
  engine.on_event(error_event(11, "A"));  // a seq, but not a slot in the stream
  engine.on_event(error_event(500, "B"));
  engine.on_event(summary_event(11, 11));
  EXPECT_EQ(engine.last_seq(), 11);
  EXPECT_EQ(engine.view().summary.total_mocs, 11);
  EXPECT_TRUE(engine.in_sync());
  const std::vector<ErrorPayload> errors = engine.take_errors();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "EARLY");
  EXPECT_EQ(errors[2].code, "B");
  EXPECT_TRUE(engine.take_errors().empty());
}

TEST(SyncEngine, ErrorQueueKeepsTheNewest) {
  SyncEngine engine = engine_at(1);
  for (std::size_t i = 0; i < kMaxQueuedErrors + 5; ++i) {
    engine.on_event(error_event(0, std::to_string(i)));
  }
  const std::vector<ErrorPayload> errors = engine.take_errors();
  ASSERT_EQ(errors.size(), kMaxQueuedErrors);
  EXPECT_EQ(errors.front().code, "5");
}

TEST(SyncEngine, ErrorEventsInAPageAreHistoryNotToasts) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(13, 13));
  EXPECT_EQ(engine.take_request(), events_since(10));
  engine.on_events_page(
      page_of({summary_event(11, 11), error_event(12, "OLD"), summary_event(12, 12)}, 13));
  EXPECT_EQ(engine.last_seq(), 13);
  EXPECT_TRUE(engine.take_errors().empty());
}

TEST(SyncEngine, BufferOverflowBeforeTheSnapshotDropsTheBuffer) {
  SyncEngine engine;
  engine.take_request();
  for (std::size_t i = 0; i <= kMaxBufferedEvents; ++i) {
    engine.on_event(summary_event(static_cast<std::int64_t>(i) + 2, 1));
  }
  engine.on_snapshot(view_at(1, 1));
  EXPECT_EQ(engine.view(), view_at(1, 1));
  EXPECT_TRUE(engine.in_sync()) << "the buffer went; the next event's gap repairs";
}

TEST(SyncEngine, BufferOverflowBehindAGapFallsBackToASnapshot) {
  SyncEngine engine = engine_at(1);
  engine.on_event(summary_event(3, 3));
  EXPECT_EQ(engine.take_request(), events_since(1));
  for (std::size_t i = 0; i < kMaxBufferedEvents; ++i) {
    engine.on_event(summary_event(static_cast<std::int64_t>(i) + 4, 1));
  }
  engine.on_request_failed();
  EXPECT_EQ(engine.take_request(), kSnapshot);
}

TEST(SyncEngine, ResetForgetsEverything) {
  SyncEngine engine = engine_at(10);
  engine.on_event(summary_event(12, 12));
  engine.on_event(error_event(0, "E"));
  engine.take_request();
  engine.reset();
  EXPECT_FALSE(engine.has_view());
  EXPECT_EQ(engine.last_seq(), 0);
  EXPECT_EQ(engine.view(), DashboardView{});
  EXPECT_TRUE(engine.take_errors().empty());
  EXPECT_EQ(engine.take_changed(), 0u);
  EXPECT_EQ(engine.take_request(), kSnapshot);
}

TEST(SyncEngine, RequestTargetsMatchTheApi) {
  EXPECT_EQ(request_target(kSnapshot), "/api/dashboard");
  EXPECT_EQ(request_target(events_since(17)), "/api/events?since=17&limit=200");
  EXPECT_EQ(request_target(events_since(0), 3), "/api/events?since=0&limit=3");
}

}  // namespace
}  // namespace dashboard::core::client

namespace dashboard::core::client {
namespace {

// [SECTION] The collection pages' view of the stream

TEST(SyncEngineSteps, AppliedEventsComeOutInOrderEntitiesWhole) {
  SyncEngine engine = engine_at(5);
  EXPECT_EQ(engine.take_adopted_snapshot(), 5);
  DashboardEvent entity = sample_event(MocDeleted{"m1"});
  entity.seq = 7;
  engine.on_event(entity);
  engine.on_event(summary_event(6, 9));
  const std::vector<StreamStep> steps = engine.take_steps();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].seq, 6);
  EXPECT_FALSE(steps[0].entity.has_value());
  EXPECT_EQ(steps[1].seq, 7);
  ASSERT_TRUE(steps[1].entity.has_value());
  EXPECT_EQ(*steps[1].entity, entity);
  EXPECT_EQ(engine.view().version, 7);
  EXPECT_TRUE(engine.take_steps().empty());
  EXPECT_FALSE(engine.take_adopted_snapshot());
}

TEST(SyncEngineSteps, ASnapshotOverAGapIsReportedAsAJump) {
  SyncEngine engine = engine_at(5);
  engine.take_adopted_snapshot();
  engine.on_event(summary_event(9, 1));  // a gap: 6..8 missing
  engine.on_events_gone();
  ASSERT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(12, 3));
  EXPECT_EQ(engine.take_adopted_snapshot(), 12);
  EXPECT_TRUE(engine.take_steps().empty());
}

// [SECTION] The messaging pages' view of the stream

TEST(SyncEngineSteps, MessagingEventsComeOutWholeForTheMessagingPages) {
  SyncEngine engine = engine_at(5);
  engine.take_messaging();  // the first snapshot: nothing read before it
  DashboardEvent message = sample_event(MessageNew{R"({"with":"bob"})"});
  message.seq = 7;
  engine.on_event(message);
  engine.on_event(summary_event(6, 9));
  const MessagingSteps steps = engine.take_messaging();
  ASSERT_EQ(steps.events.size(), 1u);
  EXPECT_EQ(steps.events[0], message);
  EXPECT_FALSE(steps.missed);
  EXPECT_TRUE(engine.take_messaging().events.empty());
}

TEST(SyncEngineSteps, ASnapshotTellsTheMessagingPagesTheyMayHaveMissedSome) {
  SyncEngine engine = engine_at(5);
  engine.take_messaging();
  engine.on_event(summary_event(9, 1));  // a gap: 6..8 missing
  engine.on_events_gone();
  ASSERT_EQ(engine.take_request(), kSnapshot);
  engine.on_snapshot(view_at(12, 3));
  const MessagingSteps steps = engine.take_messaging();
  EXPECT_TRUE(steps.missed);
  EXPECT_TRUE(steps.events.empty());
}

}  // namespace
}  // namespace dashboard::core::client
