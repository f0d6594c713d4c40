// The store's outbox, on both engines: the recent list's order, events_since paging and
// its Gone cases, pruning, the commit listener, and the consistency
// contract: replaying the events since an earlier snapshot onto it gives
// the latest snapshot.
// [SECTION] Recent MOCs order
// [SECTION] events_since
// [SECTION] Pruning
// [SECTION] Commit listener
// [SECTION] Consistency contract
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/timestamp.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using core::PartsCoverageStatus;
using store::StoreError;
using StoreOutbox = StoreFixture;

std::vector<std::string> titles(const core::DashboardView& view) {
  std::vector<std::string> out;
  for (const core::RecentMoc& m : view.recent_mocs) out.push_back(m.title);
  return out;
}

std::vector<std::int64_t> seqs(const store::EventsPage& page) {
  std::vector<std::int64_t> out;
  for (const store::StoredEvent& e : page.events) out.push_back(e.seq);
  return out;
}

// [SECTION] Recent MOCs order

TEST_P(StoreOutbox, RecentListKeepsTheTenNewestNewestFirst) {
  for (int i = 0; i < 12; ++i) {
    create(alice_, "moc " + std::to_string(i));
    clock_->advance_ms(1000);
  }
  const core::DashboardView v = view(alice_);
  EXPECT_EQ(titles(v), (std::vector<std::string>{"moc 11", "moc 10", "moc 9", "moc 8", "moc 7",
                                                 "moc 6", "moc 5", "moc 4", "moc 3", "moc 2"}));
  EXPECT_EQ(v.summary.total_mocs, 12);
  expect_payloads_match_dashboard(alice_, version(alice_) - 3);
}

TEST_P(StoreOutbox, MocsCreatedInTheSameMillisecondKeepCreationOrder) {
  // Ids that count down, so ordering by id alone would reverse the list.
  store_ = open_with(std::make_shared<CountingIds>(900, -1));
  for (int i = 0; i < 12; ++i) create(alice_, "moc " + std::to_string(i));
  const core::DashboardView v = view(alice_);
  EXPECT_EQ(titles(v), (std::vector<std::string>{"moc 11", "moc 10", "moc 9", "moc 8", "moc 7",
                                                 "moc 6", "moc 5", "moc 4", "moc 3", "moc 2"}));
  for (std::size_t i = 1; i < v.recent_mocs.size(); ++i) {
    EXPECT_GT(v.recent_mocs[i - 1].created_at, v.recent_mocs[i].created_at) << i;
  }
}

// [SECTION] events_since

TEST_P(StoreOutbox, EventsSincePagesWithLimit) {
  for (int i = 0; i < 3; ++i) create(alice_, "moc " + std::to_string(i));  // 12 events
  const auto first = store_->events_since(alice_, 0, 5);
  ASSERT_TRUE(first);
  EXPECT_EQ(seqs(*first), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(first->last_seq, 12);
  const auto second = store_->events_since(alice_, 5, 5);
  ASSERT_TRUE(second);
  EXPECT_EQ(seqs(*second), (std::vector<std::int64_t>{6, 7, 8, 9, 10}));
  const auto third = store_->events_since(alice_, 10, 5);
  ASSERT_TRUE(third);
  EXPECT_EQ(seqs(*third), (std::vector<std::int64_t>{11, 12}));
  const auto caught_up = store_->events_since(alice_, 12, 5);
  ASSERT_TRUE(caught_up);
  EXPECT_TRUE(caught_up->events.empty());
  EXPECT_EQ(caught_up->last_seq, 12);
}

TEST_P(StoreOutbox, EventsCarryIdsTypesAndTimes) {
  clock_->set(kStartMillis + 7);
  create(alice_, "moc");
  const auto page = store_->events_since(alice_, 0, 10);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->events.size(), 4u);
  // Id 1 went to the MOC row; the events took the next four.
  EXPECT_EQ(page->events[0].event_id, "00000000-0000-4000-8000-000000000002");
  EXPECT_EQ(page->events[3].event_id, "00000000-0000-4000-8000-000000000005");
  EXPECT_EQ(page->events[0].type, EventType::MocAdded);
  EXPECT_EQ(page->events[2].type, EventType::SummaryUpdated);
  for (const store::StoredEvent& e : page->events) {
    EXPECT_EQ(e.created_at, "2026-11-23T10:00:00.007Z");
  }
}

TEST_P(StoreOutbox, EventsSayWhereTheirCommitEnds) {
  create(alice_, "first");   // seqs 1-4: the MOC, recent, summary, themes
  create(alice_, "second");  // 5-8
  std::vector<std::int64_t> ends;
  for (const core::DashboardEvent& e : events_after(alice_, 0)) ends.push_back(e.commit_last_seq);
  // The last of each commit says nothing: it is where its commit ends.
  EXPECT_EQ(ends, (std::vector<std::int64_t>{4, 4, 4, 0, 8, 8, 8, 0}));
}

TEST_P(StoreOutbox, EventsSinceBeyondTheLastSeqIsGone) {
  create(alice_, "moc");
  const auto ahead = store_->events_since(alice_, 5, 10);
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().kind, StoreError::Kind::Gone);
  const auto negative = store_->events_since(alice_, -1, 10);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().kind, StoreError::Kind::Gone);
  // A user with no events yet can ask from 0, but not from 1.
  EXPECT_TRUE(store_->events_since(bob_, 0, 10));
  EXPECT_FALSE(store_->events_since(bob_, 1, 10));
}

TEST_P(StoreOutbox, EventsSinceForAnUnknownUserIsNotFound) {
  const auto page = store_->events_since(UserId{9999}, 0, 10);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, StoreError::Kind::NotFound);
}

// [SECTION] Pruning

TEST_P(StoreOutbox, PruneDeletesOldRowsAndMovesTheHorizon) {
  create(alice_, "old");  // seqs 1-4 at the start
  create(bob_, "bob's old");
  clock_->advance_ms(3'600'000);
  create(alice_, "new");  // seqs 5-8 an hour later
  const auto deleted = store_->prune_outbox(kStartMillis + 1'800'000, 0);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 8);  // alice's four and bob's four

  for (std::int64_t since : {0, 3}) {
    const auto gone = store_->events_since(alice_, since, 10);
    ASSERT_FALSE(gone) << since;
    EXPECT_EQ(gone.error().kind, StoreError::Kind::Gone) << since;
  }
  const auto rest = store_->events_since(alice_, 4, 10);
  ASSERT_TRUE(rest);
  EXPECT_EQ(seqs(*rest), (std::vector<std::int64_t>{5, 6, 7, 8}));
  // Bob has nothing left, but is caught up at his last seq.
  const auto bob = store_->events_since(bob_, 4, 10);
  ASSERT_TRUE(bob);
  EXPECT_TRUE(bob->events.empty());
  // Snapshots are untouched, and pruning again finds nothing.
  EXPECT_EQ(version(alice_), 8);
  EXPECT_EQ(store_->prune_outbox(kStartMillis + 1'800'000, 0).value(), 0);
}

TEST_P(StoreOutbox, PruneKeepsEachUsersNewestKeepMinEvents) {
  create(alice_, "a");
  create(alice_, "b");  // seqs 1-8
  clock_->advance_ms(10'000);
  const core::UnixMillis everything = clock_->now();
  EXPECT_EQ(store_->prune_outbox(everything, 10).value(), 0);
  EXPECT_TRUE(store_->events_since(alice_, 0, 10));

  EXPECT_EQ(store_->prune_outbox(everything, 2).value(), 6);
  const auto kept = store_->events_since(alice_, 6, 10);
  ASSERT_TRUE(kept);
  EXPECT_EQ(seqs(*kept), (std::vector<std::int64_t>{7, 8}));
  const auto gone = store_->events_since(alice_, 5, 10);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, StoreError::Kind::Gone);
}

TEST_P(StoreOutbox, NewEventsAfterPruneContinueTheSeq) {
  create(alice_, "a");
  clock_->advance_ms(10'000);
  ASSERT_EQ(store_->prune_outbox(clock_->now(), 0).value(), 4);
  create(alice_, "b");
  const auto page = store_->events_since(alice_, 4, 10);
  ASSERT_TRUE(page);
  EXPECT_EQ(seqs(*page), (std::vector<std::int64_t>{5, 6, 7, 8}));
}

// Writes `count` events for `user` straight into the outbox (seqs after
// `first - 1`), one millisecond apart from `at`; the pruner must page
// through more than one batch.
void insert_events(store::sql::Database& db, UserId user, std::int64_t first, int count,
                   core::UnixMillis at) {
  db.write([&](store::sql::Session& s) {
    for (std::int64_t seq = first; seq < first + count; ++seq) {
      const std::string id = "evt-" + std::to_string(user) + "-" + std::to_string(seq);
      const std::string created = core::format_rfc3339_utc(at + seq);
      s.exec(
          "INSERT INTO outbox (user_id, seq, event_id, type, payload, created_at) "
          "VALUES ($1, $2, $3, 'summaryUpdated', '{}', $4)",
          {user, seq, id, created});
    }
    s.exec("UPDATE users SET last_seq = $2 WHERE id = $1", {user, first + count - 1});
  });
}

void insert_topic_events(store::sql::Database& db, const std::string& topic, std::int64_t first,
                         int count, core::UnixMillis at) {
  db.write([&](store::sql::Session& s) {
    for (std::int64_t seq = first; seq < first + count; ++seq) {
      const std::string id = "topic-" + std::to_string(seq);
      const std::string created = core::format_rfc3339_utc(at + seq);
      s.exec(
          "INSERT INTO topic_events (topic, seq, event_id, kind, payload, created_at) "
          "VALUES ($1, $2, $3, 'UPDATED', '{}', $4)",
          {topic, seq, id, created});
    }
    s.exec(
        "INSERT INTO topic_streams (topic, last_seq) VALUES ($1, $2) "
        "ON CONFLICT (topic) DO UPDATE SET last_seq = $2",
        {topic, first + count - 1});
  });
}

TEST_P(StoreOutbox, PruneInBatchesRemovesExactlyTheExpiredRowsAndNoUsersRow) {
  const core::UnixMillis old = kStartMillis - 86'400'000;
  const core::UnixMillis horizon = kStartMillis - 3'600'000;
  const auto db = scratch_->open();
  // Expired rows of two users, 2,500 in all (three batches), then fresh ones.
  insert_events(*db, alice_, 1, 2200, old);
  insert_events(*db, bob_, 1, 300, old);
  insert_events(*db, alice_, 2201, 50, horizon);
  insert_events(*db, bob_, 301, 10, horizon);
  insert_topic_events(*db, "board:alice", 1, 1200, old);
  insert_topic_events(*db, "board:alice", 1201, 5, horizon);

  const auto deleted = store_->prune_outbox(horizon, 0);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 2500);

  std::int64_t outbox_rows = 0;
  std::int64_t topic_rows = 0;
  std::int64_t users_marked = 0;
  db->read([&](store::sql::Session& s) {
    outbox_rows = s.scalar("SELECT COUNT(*) FROM outbox");
    topic_rows = s.scalar("SELECT COUNT(*) FROM topic_events");
    users_marked = s.scalar("SELECT COUNT(*) FROM users WHERE pruned_through <> 0");
  });
  EXPECT_EQ(outbox_rows, 60);
  EXPECT_EQ(topic_rows, 5);
  EXPECT_EQ(users_marked, 0);  // the pruner writes no users row

  const auto alice = store_->events_since(alice_, 2200, 100);
  ASSERT_TRUE(alice) << alice.error().message;
  ASSERT_EQ(alice->events.size(), 50U);
  EXPECT_EQ(alice->events.front().seq, 2201);
  EXPECT_EQ(store_->events_since(alice_, 2199, 10).error().kind, StoreError::Kind::Gone);
  EXPECT_EQ(store_->events_since(bob_, 300, 100).value().events.size(), 10U);
  EXPECT_EQ(store_->events_since(bob_, 0, 10).error().kind, StoreError::Kind::Gone);
  EXPECT_EQ(store_->topic_events_since("board:alice", 1200, 10).value().events.size(), 5U);
  EXPECT_EQ(store_->topic_events_since("board:alice", 1199, 10).error().kind,
            StoreError::Kind::Gone);
  EXPECT_EQ(store_->prune_outbox(horizon, 0).value(), 0);
}

// [SECTION] Commit listener

TEST_P(StoreOutbox, CommitListenerRunsOncePerMutationWithTheNewLastSeq) {
  std::vector<std::pair<UserId, std::int64_t>> calls;
  store_->set_commit_listener(
      [&](UserId user, std::int64_t seq) { calls.emplace_back(user, seq); });

  const store::Moc moc = create(alice_, "moc");
  ASSERT_TRUE(store_->add_wishlist_item(alice_, "Falcon", std::nullopt));
  create(bob_, "bob's");
  // Failed mutations commit nothing and call nothing.
  EXPECT_FALSE(store_->delete_moc(bob_, moc.id, std::nullopt));
  EXPECT_FALSE(store_->delete_moc(alice_, "00000000-0000-4000-8000-999999999999", std::nullopt));
  store::MocPatch bad;
  bad.coverage_percentage = 150;  // the schema's CHECK refuses it
  const auto refused = store_->update_moc(alice_, moc.id, bad, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, StoreError::Kind::Internal);
  ASSERT_TRUE(store_->delete_moc(alice_, moc.id, std::nullopt));

  // MOC: 4 events; wishlist item: 2; delete: 4.
  EXPECT_EQ(calls, (std::vector<std::pair<UserId, std::int64_t>>{
                       {alice_, 4}, {alice_, 6}, {bob_, 4}, {alice_, 10}}));
  EXPECT_EQ(version(alice_), 10);
}

// [SECTION] Consistency contract

TEST_P(StoreOutbox, ReplayingEventsOntoAnEarlierSnapshotGivesTheLatest) {
  const store::Moc partial =
      create(alice_, "Rover", "Space", PartsCoverageStatus::PartialOrdered, 20);
  create(alice_, "Tower", "Castle");
  const auto item = store_->add_wishlist_item(alice_, "Falcon", "75192-1");
  ASSERT_TRUE(item);
  const core::DashboardView earlier = view(alice_);

  // A mix of every mutation, enough MOCs to push entries off the recent list.
  core::DashboardView stepwise = earlier;
  const auto step = [&] {
    // After each mutation: its events carry the slices dashboard() now reads,
    // and applying them keeps a client's view equal to the snapshot.
    expect_payloads_match_dashboard(alice_, stepwise.version);
    for (const core::DashboardEvent& e : events_after(alice_, stepwise.version)) {
      apply_event(stepwise, e);
    }
    expect_same_view(stepwise, view(alice_));
  };
  std::vector<store::Moc> created;
  for (int i = 0; i < 12; ++i) {
    clock_->advance_ms(i % 3 == 0 ? 0 : 1500);
    created.push_back(
        create(alice_, "moc " + std::to_string(i), i % 2 == 0 ? "Space" : "Trains",
               i % 4 == 0 ? PartsCoverageStatus::PartialOrdered : PartsCoverageStatus::None,
               i % 4 == 0 ? 12.5 * i : 0));
    step();
  }
  store::MocPatch coverage;
  coverage.coverage_percentage = 99;
  ASSERT_TRUE(store_->update_moc(alice_, partial.id, coverage, std::nullopt));
  step();
  store::MocPatch rename;
  rename.title = "moc 11 renamed";
  rename.cover_image_url = std::optional<std::string>("/covers/11.png");
  ASSERT_TRUE(store_->update_moc(alice_, created.back().id, rename, std::nullopt));
  step();
  store::MocPatch finish;
  finish.parts_coverage_status = PartsCoverageStatus::FullInventory;
  finish.build_status = core::BuildStatus::Built;
  ASSERT_TRUE(store_->update_moc(alice_, created.front().id, finish, std::nullopt));
  step();
  ASSERT_TRUE(store_->delete_moc(alice_, created[10].id, std::nullopt));  // in the recent list
  step();
  ASSERT_TRUE(store_->delete_moc(alice_, partial.id, std::nullopt));  // long off the recent list
  step();
  ASSERT_TRUE(store_->remove_wishlist_item(alice_, item->id));
  step();
  const auto set = store_->add_set(alice_, "10497-1", "Galaxy Explorer", "Castle");
  ASSERT_TRUE(set);
  step();
  ASSERT_TRUE(store_->remove_set(alice_, set->id));
  step();

  // All at once: every seq since the earlier snapshot, contiguous, replayed onto it.
  core::DashboardView replayed = earlier;
  std::int64_t expected_seq = earlier.version;
  for (const core::DashboardEvent& e : events_after(alice_, earlier.version)) {
    EXPECT_EQ(e.seq, ++expected_seq);
    apply_event(replayed, e);
  }
  const core::DashboardView latest = view(alice_);
  EXPECT_EQ(expected_seq, latest.version);
  EXPECT_EQ(store_->last_seq(alice_).value(), latest.version);
  expect_same_view(replayed, latest);
}

INSTANTIATE_STORE_SUITE(StoreOutbox);

}  // namespace
}  // namespace dashboard::server::testing
