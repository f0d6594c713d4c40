// PresenceTable on both engines: each instance's viewers of a topic are
// replaced as a set (a viewer who stays keeps its row), readers see only
// other live instances, a sweep removes the rows of instances whose
// heartbeat went stale and names their topics, and a withdrawal removes
// exactly this instance's rows.
#include "store/topic_presence.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using store::PresenceTable;
using TopicPresenceTest = StoreFixture;
using Names = std::vector<std::string>;

constexpr core::UnixMillis kT0 = 1'795'428'000'000;
constexpr core::UnixMillis kStale = 20'000;

TEST_P(TopicPresenceTest, EachInstanceSeesTheOthersViewersOnly) {
  auto db = scratch_->open();
  PresenceTable a(db, "host:1");
  PresenceTable b(db, "host:2");
  a.beat(kT0);
  b.beat(kT0);
  a.publish({{"board:alice", {{1, "alice"}}}}, kT0);
  b.publish({{"board:alice", {{2, "bob"}, {1, "alice"}}}, {"moc:m1", {{2, "bob"}}}}, kT0);
  EXPECT_EQ(a.others("board:alice", kT0 - kStale), (Names{"alice", "bob"}));
  EXPECT_EQ(b.others("board:alice", kT0 - kStale), (Names{"alice"}));
  EXPECT_EQ(a.others("moc:m1", kT0 - kStale), (Names{"bob"}));
  EXPECT_TRUE(a.others("board:bob", kT0 - kStale).empty());
  const auto all = a.all_others(kT0 - kStale);
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all.at("moc:m1"), (Names{"bob"}));

  b.publish({{"board:alice", {{1, "alice"}}}, {"moc:m1", {}}}, kT0 + 1);
  EXPECT_EQ(a.others("board:alice", kT0 - kStale), (Names{"alice"}));
  EXPECT_TRUE(a.others("moc:m1", kT0 - kStale).empty());
}

TEST_P(TopicPresenceTest, AViewerWhoStaysKeepsItsRow) {
  auto db = scratch_->open();
  PresenceTable a(db, "host:1");
  a.publish({{"board:alice", {{1, "alice"}}}}, kT0);
  a.publish({{"board:alice", {{1, "alice"}, {2, "bob"}}}}, kT0 + 5000);
  std::int64_t since = 0;
  db->read_one([&](store::sql::Session& s) {
    since = s.scalar("SELECT since FROM topic_presence WHERE user_id = 1");
  });
  EXPECT_EQ(since, kT0);
}

TEST_P(TopicPresenceTest, AStaleInstanceIsIgnoredThenSweptAndItsTopicsNamed) {
  auto db = scratch_->open();
  PresenceTable a(db, "host:1");
  PresenceTable crashed(db, "host:2");
  a.beat(kT0);
  crashed.beat(kT0);
  crashed.publish({{"board:alice", {{2, "bob"}}}, {"moc:m1", {{2, "bob"}}}}, kT0);
  a.publish({{"board:alice", {{1, "alice"}}}}, kT0);
  const core::UnixMillis later = kT0 + kStale + 1;
  a.beat(later);
  EXPECT_TRUE(a.others("board:alice", later - kStale).empty());  // ignored before any sweep
  EXPECT_EQ(a.sweep(later - kStale), (Names{"board:alice", "moc:m1"}));
  EXPECT_TRUE(a.sweep(later - kStale).empty());  // a second sweeper finds nothing
  PresenceTable b(db, "host:3");
  b.beat(later);
  EXPECT_EQ(b.others("board:alice", later - kStale), (Names{"alice"}));  // the live one stays
}

TEST_P(TopicPresenceTest, WithdrawRemovesOnlyThisInstancesRows) {
  auto db = scratch_->open();
  PresenceTable a(db, "host:1");
  PresenceTable b(db, "host:2");
  a.beat(kT0);
  b.beat(kT0);
  a.publish({{"board:alice", {{1, "alice"}}}, {"moc:m1", {{1, "alice"}}}}, kT0);
  b.publish({{"board:alice", {{2, "bob"}}}}, kT0);
  EXPECT_EQ(a.withdraw(), (Names{"board:alice", "moc:m1"}));
  EXPECT_TRUE(b.others("board:alice", kT0 - kStale).empty());
  EXPECT_EQ(a.others("board:alice", kT0 - kStale), (Names{"bob"}));
}

}  // namespace

INSTANTIATE_STORE_SUITE(TopicPresenceTest);

}  // namespace dashboard::server::testing
