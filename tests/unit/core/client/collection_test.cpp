// The collection cache follows the consistency contract per entity: reads,
// responses and events each count only when newer than what is known.
#include "core/client/collection.hpp"

#include <gtest/gtest.h>

#include "collection_fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::envelope;
using testing::moc;
using testing::moc_added;
using testing::moc_deleted;
using testing::moc_updated;
using testing::next;
using testing::wish;

const auto retitle = [](const char* title) { return [title](Moc& m) { m.title = title; }; };

TEST(Collection, AnEventAfterTheReadApplies) {
  Collection c;
  const Moc v1 = moc("a");
  c.merge_read(v1, 10);
  const Moc v2 = next(v1, retitle("Crane II"));
  c.on_event(moc_updated(11, v2));
  ASSERT_NE(c.moc("a"), nullptr);
  EXPECT_EQ(c.moc("a")->title, "Crane II");
  const auto changes = c.take_changes();
  ASSERT_EQ(changes.size(), 1u) << "a MOC first seen in a read is no change";
  EXPECT_EQ(changes[0].before, v1);
  EXPECT_EQ(changes[0].after, v2);
  EXPECT_EQ(changes[0].seq, 11);
  EXPECT_EQ(changes[0].source, ChangeSource::Event);
}

TEST(Collection, AnEventThePageAlreadyHoldsIsNotAppliedAgain) {
  Collection c;
  const Moc v2 = next(moc("a"), retitle("Crane II"));
  c.merge_read(v2, 20);
  c.take_changes();
  // The stream is behind the page: seq 15 deleted it, seq 18 restored it.
  c.on_event(moc_deleted(15, "a"));
  EXPECT_NE(c.moc("a"), nullptr);
  EXPECT_TRUE(c.take_changes().empty());
}

TEST(Collection, APageReadBeforeAnEventCannotUndoIt) {
  Collection c;
  const Moc v1 = moc("a");
  const Moc v2 = next(v1, retitle("Crane II"));
  c.on_event(moc_updated(30, v2));
  c.merge_read(v1, 25);  // read before seq 30
  EXPECT_EQ(c.moc("a")->title, "Crane II");
  c.on_event(moc_deleted(31, "b"));
  c.merge_read(moc("b"), 28);  // deleted at 31: the older read does not bring it back
  EXPECT_EQ(c.moc("b"), nullptr);
  EXPECT_TRUE(c.is_deleted("b"));
}

TEST(Collection, ResponsesCountByVersion) {
  Collection c;
  const Moc v1 = moc("a");
  const Moc v2 = next(v1, retitle("two"));
  const Moc v3 = next(v2, retitle("three"));
  c.merge_read(v1, 5);
  c.merge_response(v3);            // our PATCH's answer
  c.on_event(moc_updated(6, v2));  // someone else's change, older than the answer
  EXPECT_EQ(c.moc("a")->title, "three");
  c.on_event(moc_updated(7, v3));  // our own change's event: nothing new
  EXPECT_EQ(c.version("a"), 3);
  c.merge_response(v2);  // a late, stale GET
  EXPECT_EQ(c.moc("a")->title, "three");
}

TEST(Collection, ALateResponseCannotResurrectADeletedMoc) {
  Collection c;
  const Moc v1 = moc("a");
  c.merge_read(v1, 5);
  c.on_event(moc_deleted(6, "a"));
  c.merge_response(v1);  // a GET answered before the delete, arriving after it
  EXPECT_EQ(c.moc("a"), nullptr);
  // A restore (version + 1) does bring it back, by event or by response.
  const Moc restored = next(v1, [](Moc&) {});
  c.merge_response(restored);
  ASSERT_NE(c.moc("a"), nullptr);
  EXPECT_EQ(c.version("a"), 2);
}

TEST(Collection, MarkDeletedRecordsTheChange) {
  Collection c;
  c.merge_read(moc("a"), 5);
  c.take_changes();
  c.mark_deleted("a");
  const auto changes = c.take_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].before.has_value());
  EXPECT_FALSE(changes[0].after.has_value());
  EXPECT_TRUE(c.is_deleted("a"));
}

TEST(Collection, WishlistEventsBeforeTheFirstReadAreHeldAndReplayed) {
  Collection c;
  c.on_event(envelope(4, WishlistItemAdded{wish("w1", "Old", "2026-11-01T00:00:00Z")}));
  c.on_event(envelope(9, WishlistItemAdded{wish("w3", "New", "2026-11-03T00:00:00Z")}));
  EXPECT_FALSE(c.wishlist_loaded());
  c.on_wishlist(
      {wish("w2", "Mid", "2026-11-02T00:00:00Z"), wish("w1", "Old", "2026-11-01T00:00:00Z")}, 5);
  ASSERT_EQ(c.wishlist().size(), 3u);
  EXPECT_EQ(c.wishlist()[0].id, "w3");  // newest first
  EXPECT_EQ(c.wishlist()[1].id, "w2");
  c.on_event(envelope(10, WishlistItemRemoved{"w2"}));
  c.on_event(envelope(8, WishlistItemRemoved{"w1"}));  // older than what is known: ignored
  ASSERT_EQ(c.wishlist().size(), 2u);
  EXPECT_EQ(c.wishlist()[1].id, "w1");
}

TEST(Collection, ARemovedWishlistItemStaysRemoved) {
  Collection c;
  c.on_wishlist({wish("w1", "A", "2026-11-01T00:00:00Z")}, 5);
  c.mark_wishlist_removed("w1");
  c.merge_wishlist_item(wish("w1", "A", "2026-11-01T00:00:00Z"));
  c.on_wishlist({wish("w1", "A", "2026-11-01T00:00:00Z")}, 4);  // a stale read
  EXPECT_TRUE(c.wishlist().empty());
}

TEST(Collection, ForgetSeqsLetsTheNextReadWin) {
  Collection c;
  const Moc v1 = moc("a");
  c.on_event(moc_added(50, v1));
  c.forget_seqs();
  // After a jump the server's database may be another one; a read counts.
  const Moc other = next(v1, retitle("reread"));
  c.merge_read(other, 3);
  EXPECT_EQ(c.moc("a")->title, "reread");
}

}  // namespace
}  // namespace dashboard::core::client
