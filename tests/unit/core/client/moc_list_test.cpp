// One query's results: cursor paging, live moves, and a count that each
// change moves once.
#include "core/client/moc_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "collection_fixtures.hpp"

namespace dashboard::core::client {
namespace {

using testing::moc;
using testing::moc_added;
using testing::moc_deleted;
using testing::moc_updated;
using testing::next;
using testing::query;
using testing::sorted;

using Ids = std::vector<std::string>;

const MocQuery kByTitle = sorted({MocSortKey::Title, false});

MocPage page(std::vector<Moc> items, std::optional<std::string> cursor, std::int64_t total,
             std::int64_t version) {
  return MocPage{std::move(items), std::move(cursor), total, version};
}

struct Fixture {
  Collection collection;
  MocList list{kByTitle};

  void answer(const MocPage& p) {
    const auto request = list.take_request(1000);
    ASSERT_TRUE(request);
    for (const Moc& m : p.items) collection.merge_read(m, p.version);
    collection.take_changes();
    list.on_page(request->serial, p, collection);
  }
  void event(const DashboardEvent& e) {
    collection.on_event(e);
    for (const MocChange& c : collection.take_changes()) list.on_change(c, collection);
  }
};

TEST(MocList, FirstPageSmallThenByCursorWhileRowsAreWanted) {
  MocList list(kByTitle);
  const auto first = list.take_request(10);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->target, "/api/mocs?limit=50&sort=title");
  EXPECT_FALSE(list.take_request(10)) << "one request at a time";
  Collection c;
  for (const Moc& m : {moc("a", "A"), moc("b", "B")}) c.merge_read(m, 7);
  list.on_page(first->serial, page({moc("a", "A"), moc("b", "B")}, "cur1", 5, 7), c);
  EXPECT_EQ(list.ids(), (Ids{"a", "b"}));
  EXPECT_EQ(list.total(), 5);
  EXPECT_FALSE(list.complete());
  EXPECT_FALSE(list.take_request(2)) << "the rows on screen are loaded";
  const auto more = list.take_request(3);
  ASSERT_TRUE(more);
  EXPECT_EQ(more->target, "/api/mocs?limit=500&cursor=cur1&sort=title");
  c.merge_read(moc("c", "C"), 7);
  list.on_page(more->serial, page({moc("c", "C")}, std::nullopt, 3, 7), c);
  EXPECT_EQ(list.ids(), (Ids{"a", "b", "c"}));
  EXPECT_TRUE(list.complete());
}

TEST(MocList, AFailedPageWaitsForRetry) {
  MocList list;
  const auto first = list.take_request(10);
  list.on_failed(first->serial, "The server answered 500");
  EXPECT_EQ(list.error(), "The server answered 500");
  EXPECT_FALSE(list.take_request(10));
  list.retry();
  EXPECT_TRUE(list.take_request(10));
}

TEST(MocList, ALiveChangeMovesTheRowAndTheCountOnce) {
  Fixture f;
  f.answer(page({moc("a", "Alpha"), moc("b", "Bravo"), moc("c", "Charlie")}, std::nullopt, 3, 10));
  // Renamed past Charlie: it moves.
  f.event(moc_updated(11, next(moc("a", "Alpha"), [](Moc& m) { m.title = "Delta"; })));
  EXPECT_EQ(f.list.ids(), (Ids{"b", "c", "a"}));
  EXPECT_EQ(f.list.total(), 3);
  // Added and deleted elsewhere.
  f.event(moc_added(12, moc("e", "Echo")));
  f.event(moc_deleted(13, "b"));
  EXPECT_EQ(f.list.ids(), (Ids{"c", "a", "e"}));
  EXPECT_EQ(f.list.total(), 3);
}

TEST(MocList, AChangeLeavingTheFilterDropsTheRow) {
  Fixture f;
  f.list = MocList(query("", "", BuildStatus::Added, std::nullopt, {MocSortKey::Title, false}));
  f.answer(page({moc("a", "A"), moc("b", "B")}, std::nullopt, 2, 10));
  f.event(
      moc_updated(11, next(moc("a", "A"), [](Moc& m) { m.build_status = BuildStatus::Built; })));
  EXPECT_EQ(f.list.ids(), (Ids{"b"}));
  EXPECT_EQ(f.list.total(), 1);
}

TEST(MocList, ARowPastTheLoadedEndIsCountedNotShown) {
  Fixture f;
  f.answer(page({moc("a", "A"), moc("b", "B")}, "more", 40, 10));
  f.event(moc_added(11, moc("z", "Zulu")));  // sorts after B: on a page not read yet
  EXPECT_EQ(f.list.ids(), (Ids{"a", "b"}));
  EXPECT_EQ(f.list.total(), 41);
  f.event(moc_added(12, moc("aa", "0 First")));  // within what is loaded: shown
  EXPECT_EQ(f.list.ids(), (Ids{"aa", "a", "b"}));
  EXPECT_EQ(f.list.total(), 42);
}

TEST(MocList, APageCountsOnlyChangesItDoesNotHold) {
  Fixture f;
  f.answer(page({moc("a", "A")}, "more", 40, 10));
  f.event(moc_added(11, moc("y", "Yankee")));
  f.event(moc_added(12, moc("z", "Zulu")));
  EXPECT_EQ(f.list.total(), 42);
  // The next page was read at seq 11: it counts Yankee but not Zulu.
  f.answer(page({moc("y", "Yankee")}, std::nullopt, 41, 11));
  EXPECT_EQ(f.list.total(), 42);
  EXPECT_EQ(f.list.ids(), (Ids{"a", "y"}));
}

TEST(MocList, APageTakesEachMocAsTheCollectionKnowsIt) {
  Fixture f;
  // An event newer than the page already moved "b" out of the filter.
  f.list = MocList(query("", "", BuildStatus::Added, std::nullopt, {MocSortKey::Title, false}));
  f.collection.on_event(
      moc_updated(20, next(moc("b", "B"), [](Moc& m) { m.build_status = BuildStatus::Built; })));
  f.collection.take_changes();
  f.answer(page({moc("a", "A"), moc("b", "B")}, std::nullopt, 2, 15));
  EXPECT_EQ(f.list.ids(), (Ids{"a"}));
}

TEST(MocList, ReloadKeepsRowsUntilTheFirstPageLandsAndIgnoresOlderAnswers) {
  Fixture f;
  f.answer(page({moc("a", "A"), moc("b", "B")}, "more", 4, 10));
  const auto stale = f.list.take_request(100);
  ASSERT_TRUE(stale);
  f.list.reload();
  EXPECT_EQ(f.list.ids(), (Ids{"a", "b"}));
  f.list.on_page(stale->serial, page({moc("c", "C")}, std::nullopt, 4, 10), f.collection);
  EXPECT_EQ(f.list.ids(), (Ids{"a", "b"})) << "an answer from before the reload";
  f.answer(page({moc("b", "B")}, std::nullopt, 1, 30));
  EXPECT_EQ(f.list.ids(), (Ids{"b"}));
  EXPECT_EQ(f.list.total(), 1);
}

TEST(MocList, DecodesThePage) {
  const auto p = decode_moc_page(
      R"({"items":[{"id":"a","title":"T","theme":"City","buildStatus":"BUILT",)"
      R"("partsCoverageStatus":"NONE","coveragePercentage":0,"coverImageUrl":null,)"
      R"("createdAt":"2026-11-20T10:00:00Z","updatedAt":"2026-11-20T10:00:00Z","version":2}],)"
      R"("nextCursor":"abc","total":9,"version":77})");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->items.size(), 1u);
  EXPECT_EQ(p->next_cursor, "abc");
  EXPECT_EQ(p->total, 9);
  EXPECT_EQ(p->version, 77);
  const auto last = decode_moc_page(R"({"items":[],"nextCursor":null,"total":0,"version":1})");
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->next_cursor);
  const auto bad = decode_moc_page(R"({"items":[{"id":"a"}],"total":0,"version":1})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "items[0].title");
}

}  // namespace
}  // namespace dashboard::core::client

namespace dashboard::core::client {
namespace {

using testing::moc;
using testing::moc_updated;
using testing::next;

TEST(MocListBoundary, TheLastLoadedRowStaysWhenItChanges) {
  Collection collection;
  MocList list(testing::sorted({MocSortKey::Title, false}));
  const auto request = list.take_request(10);
  const MocPage first{{moc("a", "A"), moc("b", "B")}, std::string("cur"), 10, 5};
  for (const Moc& m : first.items) collection.merge_read(m, 5);
  list.on_page(request->serial, first, collection);
  collection.on_event(moc_updated(6, next(moc("b", "B"), [](Moc& m) { m.theme = "Space"; })));
  // Renamed past the cursor: a later page brings it.
  collection.on_event(moc_updated(7, next(moc("a", "A"), [](Moc& m) { m.title = "Z"; })));
  for (const MocChange& c : collection.take_changes()) list.on_change(c, collection);
  EXPECT_EQ(list.ids(), (std::vector<std::string>{"b"}));
  EXPECT_EQ(list.total(), 10);
}

TEST(MocListBoundary, ReadsMoveListedRowsButCountNothing) {
  Collection collection;
  MocList list(testing::sorted({MocSortKey::Title, false}));
  const auto request = list.take_request(10);
  const MocPage first{{moc("a", "A"), moc("b", "B")}, std::nullopt, 2, 5};
  for (const Moc& m : first.items) collection.merge_read(m, 5);
  list.on_page(request->serial, first, collection);
  EXPECT_TRUE(collection.take_changes().empty()) << "first reads are no changes";
  // Another list's page read later brings a newer "a".
  collection.merge_read(next(moc("a", "A"), [](Moc& m) { m.title = "C"; }), 9);
  for (const MocChange& c : collection.take_changes()) list.on_change(c, collection);
  EXPECT_EQ(list.ids(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(list.total(), 2);
}

}  // namespace
}  // namespace dashboard::core::client
