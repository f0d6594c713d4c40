// The collection pages' reads and edits, on both engines: the MOC list's
// filters, orders and keyset pages (every MOC exactly once, in order),
// versions and stale edits (409 with the current MOC), delete and restore,
// the wishlist and the theme list.
// [SECTION] The MOC list
// [SECTION] Versions and conflicts
// [SECTION] Delete and restore
// [SECTION] Wishlist and themes
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using core::BuildStatus;
using core::PartsCoverageStatus;
using store::MocQuery;
using store::MocSort;
using store::StoreError;
using StoreCollection = StoreFixture;

// [SECTION] The MOC list

// Every page of `query`, followed through its cursors.
std::vector<store::Moc> all_pages(store::DashboardStore& s, UserId user, MocQuery query) {
  std::vector<store::Moc> out;
  for (int pages = 0; pages < 100; ++pages) {
    const auto page = s.list_mocs(user, query);
    if (!page) {
      ADD_FAILURE() << "list_mocs: " << page.error().message;
      break;
    }
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (!page->next) break;
    EXPECT_EQ(static_cast<int>(page->items.size()), query.limit) << "only the last page is short";
    query.after = page->next;
  }
  return out;
}

std::vector<std::string> ids(const std::vector<store::Moc>& mocs) {
  std::vector<std::string> out;
  for (const store::Moc& m : mocs) out.push_back(m.id);
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

TEST_P(StoreCollection, PagesVisitEveryMocOnceInEachOrder) {
  // Ties on purpose: equal coverage, titles equal but for case, MOCs
  // created in one millisecond, so the id tie-break is exercised.
  std::vector<store::Moc> mocs;
  const std::vector<std::string> titles{"Tower", "tower", "Arch", "zeppelin", "Bridge",
                                        "arch",  "Mill",  "mill", "Quay",     "Yard"};
  for (int i = 0; i < 23; ++i) {
    if (i % 4 != 0) clock_->advance_ms(1000);
    mocs.push_back(create(alice_, titles[static_cast<std::size_t>(i) % titles.size()],
                          i % 3 == 0 ? "Space" : "Castle", PartsCoverageStatus::PartialOrdered,
                          (i % 5) * 12.5 + (i % 2 == 0 ? 0.1 : 0.2) / 3));
  }
  // Updated in another order than created.
  for (int i = 22; i >= 0; i -= 3) {
    clock_->advance_ms(500);
    store::MocPatch patch;
    patch.build_status = BuildStatus::Built;
    mocs[static_cast<std::size_t>(i)] =
        *store_->update_moc(alice_, mocs[static_cast<std::size_t>(i)].id, patch, std::nullopt);
  }
  create(bob_, "Tower");  // never in alice's lists

  const auto key = [](MocSort sort, const store::Moc& m) -> std::string {
    switch (sort) {
      case MocSort::Title:
        return lower(m.title);
      case MocSort::Created:
        return m.created_at;
      case MocSort::Updated:
        return m.updated_at;
      case MocSort::Coverage:
        break;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%020.10f", m.coverage_percentage);
    return buffer;
  };
  for (MocSort sort : {MocSort::Title, MocSort::Created, MocSort::Updated, MocSort::Coverage}) {
    for (bool descending : {false, true}) {
      std::vector<store::Moc> expected = mocs;
      std::sort(expected.begin(), expected.end(), [&](const store::Moc& a, const store::Moc& b) {
        const auto ka = std::make_pair(key(sort, a), a.id);
        const auto kb = std::make_pair(key(sort, b), b.id);
        return descending ? kb < ka : ka < kb;
      });
      MocQuery query;
      query.sort = sort;
      query.descending = descending;
      query.limit = 4;
      const std::vector<store::Moc> paged = all_pages(*store_, alice_, query);
      EXPECT_EQ(ids(paged), ids(expected))
          << "sort " << static_cast<int>(sort) << (descending ? " desc" : " asc");
      EXPECT_EQ(paged, expected);  // whole rows, versions included
    }
  }
  const auto first = store_->list_mocs(alice_, MocQuery{});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->total, 23);
  EXPECT_EQ(first->version, version(alice_));
  EXPECT_EQ(first->items.size(), 23u);  // the default page holds them all
  EXPECT_FALSE(first->next);
}

TEST_P(StoreCollection, FiltersNarrowTheListAndTheTotal) {
  create(alice_, "Galaxy Explorer", "Space");
  create(alice_, "GALAXY cruiser", "Space", PartsCoverageStatus::PartialOrdered, 40);
  create(alice_, "100% Brick_built", "City");
  create(alice_, "Lunar Base", "Space", PartsCoverageStatus::FullInventory, 100);
  const store::Moc built = create(alice_, "Galaxy Keep", "Castle");
  store::MocPatch patch;
  patch.build_status = BuildStatus::Built;
  ASSERT_TRUE(store_->update_moc(alice_, built.id, patch, std::nullopt));

  const auto titles_for = [&](MocQuery q) {
    q.sort = MocSort::Title;
    q.descending = false;
    q.limit = 2;  // totals count every page, not just the first
    const auto page = store_->list_mocs(alice_, q);
    EXPECT_TRUE(page);
    std::vector<std::string> out;
    for (const store::Moc& m : all_pages(*store_, alice_, q)) out.push_back(m.title);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(out.size()));
    return out;
  };
  MocQuery text;
  text.text = "galaxy";
  EXPECT_EQ(titles_for(text),
            (std::vector<std::string>{"GALAXY cruiser", "Galaxy Explorer", "Galaxy Keep"}));
  // LIKE's wildcards are plain characters in a search.
  text.text = "100%";
  EXPECT_EQ(titles_for(text), (std::vector<std::string>{"100% Brick_built"}));
  text.text = "r_c";  // "ric" would match if _ were a wildcard
  EXPECT_TRUE(titles_for(text).empty());
  MocQuery theme;
  theme.theme = "Space";
  theme.coverage_status = PartsCoverageStatus::PartialOrdered;
  EXPECT_EQ(titles_for(theme), (std::vector<std::string>{"GALAXY cruiser"}));
  MocQuery status;
  status.build_status = BuildStatus::Built;
  status.text = "GALAXY";
  EXPECT_EQ(titles_for(status), (std::vector<std::string>{"Galaxy Keep"}));
  MocQuery nothing;
  nothing.theme = "Pirates";
  EXPECT_TRUE(titles_for(nothing).empty());
}

// [SECTION] Versions and conflicts

TEST_P(StoreCollection, StaleEditsAreConflictsThatCarryTheCurrentMoc) {
  const store::Moc moc = create(alice_, "Tower", "Castle");
  store::MocPatch first;
  first.title = "Tower (alice's tab)";
  const auto updated = store_->update_moc(alice_, moc.id, first, 1);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  const std::int64_t before = version(alice_);

  store::MocPatch stale;
  stale.title = "Tower (the other tab)";
  const auto refused = store_->update_moc(alice_, moc.id, stale, 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, StoreError::Kind::Conflict);
  ASSERT_TRUE(refused.error().current);
  EXPECT_EQ(*refused.error().current, *updated);
  const auto not_deleted = store_->delete_moc(alice_, moc.id, 1);
  ASSERT_FALSE(not_deleted);
  EXPECT_EQ(not_deleted.error().kind, StoreError::Kind::Conflict);
  // Nothing was written: no event, same row.
  EXPECT_EQ(version(alice_), before);
  EXPECT_EQ(*store_->get_moc(alice_, moc.id), *updated);
  // With the current version (or none: unconditional), the edit goes through.
  EXPECT_TRUE(store_->update_moc(alice_, moc.id, stale, 2));
  EXPECT_TRUE(store_->update_moc(alice_, moc.id, first, std::nullopt));
  EXPECT_EQ(store_->get_moc(alice_, moc.id)->version, 4);
}

// [SECTION] Delete and restore

TEST_P(StoreCollection, DeletedMocsLeaveEveryReadAndComeBackRestored) {
  const store::Moc keep = create(alice_, "Keep", "Castle");
  const store::Moc moc = create(alice_, "Rover", "Space", PartsCoverageStatus::PartialOrdered, 30);
  const core::DashboardView with_it = view(alice_);
  ASSERT_TRUE(store_->delete_moc(alice_, moc.id, moc.version));

  EXPECT_EQ(store_->get_moc(alice_, moc.id).error().kind, StoreError::Kind::NotFound);
  EXPECT_EQ(ids(all_pages(*store_, alice_, MocQuery{})), (std::vector<std::string>{keep.id}));
  EXPECT_EQ(view(alice_).summary.total_mocs, 1);
  EXPECT_EQ(*store_->list_themes(alice_), (std::vector<std::string>{"Castle"}));
  store::MocPatch patch;
  patch.title = "edited while deleted";
  EXPECT_EQ(store_->update_moc(alice_, moc.id, patch, std::nullopt).error().kind,
            StoreError::Kind::NotFound);
  EXPECT_EQ(store_->restore_moc(bob_, moc.id).error().kind, StoreError::Kind::Forbidden);

  const std::int64_t before = version(alice_);
  const auto restored = store_->restore_moc(alice_, moc.id);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->id, moc.id);
  EXPECT_EQ(restored->title, "Rover");
  EXPECT_EQ(restored->version, moc.version + 1);
  const std::vector<EventType> types = types_after(alice_, before);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), EventType::MocAdded);
  expect_payloads_match_dashboard(alice_, before);
  core::DashboardView expected = with_it;
  expected.version = version(alice_);
  // The same dashboard as before the delete (the partial row's time moved).
  EXPECT_EQ(view(alice_).summary, with_it.summary);
  EXPECT_EQ(view(alice_).recent_mocs, with_it.recent_mocs);
  EXPECT_EQ(store_->restore_moc(alice_, moc.id).error().kind, StoreError::Kind::Conflict);
  EXPECT_EQ(store_->restore_moc(alice_, "00000000-0000-4000-8000-999999999999").error().kind,
            StoreError::Kind::NotFound);
}

TEST_P(StoreCollection, PruningPurgesMocsDeletedBeforeTheHorizon) {
  const store::Moc old_one = create(alice_, "Old");
  const store::Moc recent = create(alice_, "Recent");
  ASSERT_TRUE(store_->delete_moc(alice_, old_one.id, std::nullopt));
  clock_->advance_ms(3'600'000);
  ASSERT_TRUE(store_->delete_moc(alice_, recent.id, std::nullopt));
  ASSERT_TRUE(store_->prune_outbox(kStartMillis + 1'800'000, 0));
  EXPECT_EQ(store_->restore_moc(alice_, old_one.id).error().kind, StoreError::Kind::NotFound);
  EXPECT_TRUE(store_->restore_moc(alice_, recent.id));
}

// [SECTION] Wishlist and themes

TEST_P(StoreCollection, WishlistListsNewestFirstWithTheVersion) {
  ASSERT_TRUE(store_->add_wishlist_item(alice_, "Falcon", "75192-1"));
  clock_->advance_ms(1000);
  ASSERT_TRUE(store_->add_wishlist_item(alice_, "Parts for the keep", std::nullopt));
  ASSERT_TRUE(store_->add_wishlist_item(bob_, "Bob's wish", std::nullopt));
  const auto page = store_->list_wishlist(alice_);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].name, "Parts for the keep");
  EXPECT_EQ(page->items[0].set_number, std::nullopt);
  EXPECT_EQ(page->items[1].set_number, "75192-1");
  EXPECT_EQ(page->version, version(alice_));
}

TEST_P(StoreCollection, ThemesComeFromMocsAndSetsSortedIgnoringCase) {
  create(alice_, "a", "space");
  create(alice_, "b", "Castle");
  create(alice_, "c", "Castle");
  ASSERT_TRUE(store_->add_set(alice_, "1", "s", "Architecture"));
  create(bob_, "d", "Pirates");
  EXPECT_EQ(*store_->list_themes(alice_),
            (std::vector<std::string>{"Architecture", "Castle", "space"}));
  EXPECT_TRUE(store_->list_themes(UserId{9999})->empty());
}

INSTANTIATE_STORE_SUITE(StoreCollection);

}  // namespace
}  // namespace dashboard::server::testing
