// The optimistic layer: apply at once, confirm, roll back, conflict, and
// the entity's own event arriving before (or after) the response.
#include "core/client/edit_queue.hpp"

#include <gtest/gtest.h>

#include "collection_fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::envelope;
using testing::moc;
using testing::moc_deleted;
using testing::moc_updated;
using testing::next;
using testing::slice_step;
using testing::step;
using testing::wish;

MocPatch status(BuildStatus s) {
  MocPatch p;
  p.build_status = s;
  return p;
}

MocPatch title(std::string t) {
  MocPatch p;
  p.title = std::move(t);
  return p;
}

DashboardView dashboard_with(const Moc& m) {
  DashboardView v;
  v.version = 10;
  v.summary.total_mocs = 1;
  v.summary.total_wishlist_items = 2;
  v.summary.mocs_by_build_status[static_cast<std::size_t>(m.build_status)] = 1;
  v.summary.mocs_by_coverage_status[static_cast<std::size_t>(m.parts_coverage_status)] = 1;
  v.theme_breakdown = {{m.theme, 1, 0}};
  v.recent_mocs = {{m.id, m.title, m.theme, m.build_status, m.cover_image_url, m.created_at}};
  return v;
}

std::int64_t built(const DashboardView& v) {
  return v.summary.mocs_by_build_status[static_cast<std::size_t>(BuildStatus::Built)];
}

struct Fixture {
  Collection collection;
  EditQueue queue;
  Moc v1 = moc("a", "Tower");

  Fixture() { collection.merge_read(v1, 10); }
  std::optional<Moc> shown() const { return queue.project("a", collection.moc("a")); }
  Edit send_one() {
    auto ready = queue.take_ready();
    EXPECT_EQ(ready.size(), 1u);
    return ready.empty() ? Edit{} : ready.front();
  }
};

TEST(EditQueue, AnEditShowsAtOnceEverywhere) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  EXPECT_EQ(f.shown()->build_status, BuildStatus::Built);
  EXPECT_TRUE(f.queue.pending("a"));
  const DashboardView cards = f.queue.project_dashboard(dashboard_with(f.v1), f.collection, 0);
  EXPECT_EQ(built(cards), 1);
  EXPECT_EQ(cards.summary.mocs_by_build_status[0], 0);
  EXPECT_EQ(cards.recent_mocs[0].build_status, BuildStatus::Built);
  const Edit sent = f.send_one();
  EXPECT_EQ(sent.id, id);
  EXPECT_EQ(sent.base_version, 1);
}

TEST(EditQueue, ConfirmHandsOverToTheConfirmedStateAndSettlesOnTheStream) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  f.send_one();
  const Moc v2 = next(f.v1, [](Moc& m) { m.build_status = BuildStatus::Built; });
  f.queue.confirm(id, v2, std::nullopt, f.collection, 1000);
  f.collection.merge_response(v2);
  EXPECT_FALSE(f.queue.pending("a"));
  EXPECT_EQ(f.shown(), v2);
  // The cards still see it until the server's slices arrive...
  DashboardView cards = dashboard_with(f.v1);
  EXPECT_EQ(built(f.queue.project_dashboard(cards, f.collection, 1000)), 1);
  // ...its entity event, then the summary slice (which holds it)...
  f.queue.on_step(step(moc_updated(11, v2)), 1010);
  EXPECT_EQ(built(f.queue.project_dashboard(cards, f.collection, 1010)), 1);
  f.queue.on_step(slice_step(12, EventType::SummaryUpdated), 1011);
  cards.summary.mocs_by_build_status = {0, 0, 1};
  EXPECT_EQ(built(f.queue.project_dashboard(cards, f.collection, 1011)), 1) << "not twice";
  EXPECT_EQ(f.queue.size(), 1u);
  // ...and the next commit's event ends it.
  f.queue.on_step(step(moc_deleted(13, "zzz")), 1020);
  EXPECT_TRUE(f.queue.empty());
}

TEST(EditQueue, SettlingEndsWhenTheStreamStaysQuiet) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, title("T2"), "Title"));
  f.send_one();
  const Moc v2 = next(f.v1, [](Moc& m) { m.title = "T2"; });
  f.queue.confirm(id, v2, std::nullopt, f.collection, 1000);
  f.queue.on_step(step(moc_updated(11, v2)), 1500);
  EXPECT_EQ(f.queue.next_deadline(), 2500);
  f.queue.tick(2499);
  EXPECT_FALSE(f.queue.empty());
  f.queue.tick(2500);
  EXPECT_TRUE(f.queue.empty());
}

TEST(EditQueue, WithoutItsEventSettlingTimesOut) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, title("T2"), "Title"));
  f.send_one();
  f.queue.confirm(id, next(f.v1, [](Moc& m) { m.title = "T2"; }), std::nullopt, f.collection, 1000);
  f.queue.tick(10999);
  EXPECT_FALSE(f.queue.empty());
  f.queue.tick(11000);
  EXPECT_TRUE(f.queue.empty());
}

TEST(EditQueue, ItsOwnEventBeforeTheResponseChangesNothingTwice) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  f.send_one();
  const Moc v2 = next(f.v1, [](Moc& m) { m.build_status = BuildStatus::Built; });
  // The stream is faster than the response: entity event, then slices.
  f.collection.on_event(moc_updated(11, v2));
  f.queue.on_step(step(moc_updated(11, v2)), 1000);
  DashboardView cards = dashboard_with(v2);
  cards.version = 12;
  EXPECT_EQ(f.shown(), v2);
  EXPECT_EQ(built(f.queue.project_dashboard(cards, f.collection, 1000)), 1);
  f.queue.confirm(id, v2, std::nullopt, f.collection, 1001);
  EXPECT_TRUE(f.queue.empty()) << "already confirmed by the stream: nothing to settle";
}

TEST(EditQueue, SomeoneElsesEventBeforeTheResponseShowsBothThenTheConflictRollsBack) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  f.send_one();
  const Moc theirs = next(f.v1, [](Moc& m) { m.title = "Their title"; });
  f.collection.on_event(moc_updated(11, theirs));
  EXPECT_EQ(f.shown()->title, "Their title");
  EXPECT_EQ(f.shown()->build_status, BuildStatus::Built);
  // Our If-Match: "1" is stale now: 409.
  const std::vector<Edit> dropped = f.queue.conflict(id);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].patch, status(BuildStatus::Built)) << "what was typed comes back";
  EXPECT_EQ(f.shown(), theirs);
  EXPECT_TRUE(f.queue.empty());
}

TEST(EditQueue, AFailureRollsBackAndGivesTheEditBackForRetry) {
  Fixture f;
  const EditId id = f.queue.submit(update_moc(f.v1, title("Bad"), "Title"));
  f.send_one();
  const std::optional<Edit> failed = f.queue.fail(id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->label, "Title");
  EXPECT_EQ(f.shown(), f.v1);
  // Retry: the same edit again, still naming the version it was made on.
  f.queue.submit(*failed);
  EXPECT_EQ(f.send_one().base_version, 1);
  EXPECT_EQ(f.shown()->title, "Bad");
}

TEST(EditQueue, OneRequestPerMocAtATimeAndLaterEditsFollowTheResult) {
  Fixture f;
  const EditId first = f.queue.submit(update_moc(f.v1, title("T2"), "Title"));
  f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  const Moc other = moc("b");
  f.collection.merge_read(other, 10);
  f.queue.submit(update_moc(other, title("B2"), "Title"));
  auto ready = f.queue.take_ready();
  ASSERT_EQ(ready.size(), 2u) << "a's first edit and b's";
  EXPECT_EQ(ready[0].id, first);
  EXPECT_TRUE(f.queue.take_ready().empty());
  EXPECT_EQ(f.shown()->title, "T2");
  EXPECT_EQ(f.shown()->build_status, BuildStatus::Built);
  const Moc v2 = next(f.v1, [](Moc& m) { m.title = "T2"; });
  f.queue.confirm(first, v2, std::nullopt, f.collection, 5);
  f.collection.merge_response(v2);
  ready = f.queue.take_ready();
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].base_version, 2) << "made on version 1, which our own edit moved to 2";
}

TEST(EditQueue, AConflictDropsTheLaterEditsOfTheSameMoc) {
  Fixture f;
  const EditId first = f.queue.submit(update_moc(f.v1, title("T2"), "Title"));
  f.queue.submit(update_moc(f.v1, status(BuildStatus::Built), "Status"));
  f.queue.take_ready();
  EXPECT_EQ(f.queue.conflict(first).size(), 2u);
  EXPECT_TRUE(f.queue.empty());
}

TEST(EditQueue, DeleteHidesAndUndoBringsBack) {
  Fixture f;
  const DashboardView cards = dashboard_with(f.v1);
  const EditId del = f.queue.submit(delete_moc(f.v1, "Tower"));
  EXPECT_FALSE(f.shown().has_value());
  DashboardView shown = f.queue.project_dashboard(cards, f.collection, 0);
  EXPECT_EQ(shown.summary.total_mocs, 0);
  EXPECT_TRUE(shown.recent_mocs.empty());
  EXPECT_TRUE(shown.theme_breakdown.empty());
  f.send_one();
  f.queue.confirm(del, std::nullopt, std::nullopt, f.collection, 100);
  f.collection.mark_deleted("a");
  EXPECT_FALSE(f.shown().has_value());
  EXPECT_EQ(f.queue.project_dashboard(cards, f.collection, 100).summary.total_mocs, 0);
  // Undo: shown again at once, from what was last known.
  const EditId undo = f.queue.submit(restore_moc(f.v1, "Tower"));
  ASSERT_TRUE(f.shown().has_value());
  EXPECT_EQ(f.shown()->title, "Tower");
  EXPECT_EQ(f.queue.project_dashboard(cards, f.collection, 100).summary.total_mocs, 1);
  f.send_one();
  const Moc restored = next(f.v1, [](Moc&) {});
  f.queue.confirm(undo, restored, std::nullopt, f.collection, 200);
  f.collection.merge_response(restored);
  EXPECT_EQ(f.shown(), restored);
}

TEST(EditQueue, WishlistAddAndRemove) {
  Collection collection;
  collection.on_wishlist({wish("w1", "Castle", "2026-11-01T00:00:00Z")}, 5);
  EditQueue queue;
  const EditId add = queue.submit(add_wishlist_item("Rover", "60431-1", "2026-11-02T00:00:00Z"));
  const EditId remove = queue.submit(remove_wishlist_item(collection.wishlist()[0]));
  std::vector<WishlistItem> shown = queue.project_wishlist(collection.wishlist());
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].name, "Rover");
  EXPECT_EQ(shown[0].id.rfind("local-", 0), 0u);
  DashboardView cards;
  cards.summary.total_wishlist_items = 1;
  EXPECT_EQ(queue.project_dashboard(cards, collection, 0).summary.total_wishlist_items, 1);
  EXPECT_EQ(queue.take_ready().size(), 2u);
  const WishlistItem created = wish("w2", "Rover", "2026-11-02T00:00:00Z");
  queue.confirm(add, std::nullopt, created, collection, 10);
  collection.merge_wishlist_item(created);
  queue.confirm(remove, std::nullopt, std::nullopt, collection, 10);
  collection.mark_wishlist_removed("w1");
  shown = queue.project_wishlist(collection.wishlist());
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].id, "w2");
  // The events arrive with the summary: the count comes from the server then.
  queue.on_step(step(envelope(6, WishlistItemAdded{created})), 20);
  queue.on_step(step(envelope(8, WishlistItemRemoved{"w1"})), 20);
  queue.on_step(slice_step(9, EventType::SummaryUpdated), 20);
  queue.tick(5000);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace dashboard::core::client
