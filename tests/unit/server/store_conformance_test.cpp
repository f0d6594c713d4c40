// The store conformance suite, on SQLite and PostgreSQL alike: users, which
// events each mutation emits (its entity event, then only the slices it
// moved), ownership, and isolation between users. The outbox itself is in
// store_outbox_test.cpp, the collection pages' reads and versions in
// store_collection_test.cpp, concurrent writers in store_concurrency_test.cpp.
// [SECTION] Migrations and users
// [SECTION] MOC mutations and their events
// [SECTION] Wishlist and sets
// [SECTION] Ownership and isolation
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using core::PartsCoverageStatus;
using store::StoreError;
using Types = std::vector<EventType>;
using StoreConformance = StoreFixture;

const std::string kUnknownId = "00000000-0000-4000-8000-999999999999";

// [SECTION] Migrations and users

TEST_P(StoreConformance, ReopeningKeepsEverything) {
  const store::Moc moc = create(alice_, "Galaxy Explorer");
  const core::DashboardView before = view(alice_);
  store_.reset();
  store_ = open();  // a new connection: migrations find nothing to do
  expect_same_view(view(alice_), before);
  ASSERT_TRUE(store_->find_user("alice"));
  EXPECT_TRUE(store_->get_moc(alice_, moc.id));
}

TEST_P(StoreConformance, CreateUserThenFindByNameAndId) {
  const auto by_name = store_->find_user("alice");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->id, alice_);
  EXPECT_EQ(by_name->password_hash, "$argon2id$not-a-real-hash");
  const auto by_id = store_->find_user(bob_);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->username, "bob");
  EXPECT_NE(alice_, bob_);
  EXPECT_FALSE(store_->find_user("carol"));
  EXPECT_FALSE(store_->find_user(UserId{9999}));
}

TEST_P(StoreConformance, UserRoleIsStoredAndMemberByDefault) {
  EXPECT_EQ(store_->find_user("alice")->role, store::UserRole::Member);
  const auto carol = store_->create_user("carol", "$argon2id$x", store::UserRole::Admin);
  ASSERT_TRUE(carol);
  EXPECT_EQ(carol->role, store::UserRole::Admin);
  EXPECT_EQ(store_->find_user("carol")->role, store::UserRole::Admin);
  EXPECT_EQ(store_->find_user(carol->id)->role, store::UserRole::Admin);
  EXPECT_EQ(store::parse_user_role("admin"), store::UserRole::Admin);
  EXPECT_FALSE(store::parse_user_role("root"));
}

TEST_P(StoreConformance, DuplicateUserIsConflict) {
  const auto again = store_->create_user("alice", "$argon2id$other", store::UserRole::Member);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, StoreError::Kind::Conflict);
  EXPECT_EQ(store_->find_user("alice")->password_hash, "$argon2id$not-a-real-hash");
}

TEST_P(StoreConformance, NewUserStartsAtVersionZero) {
  const core::DashboardView v = view(alice_);
  EXPECT_EQ(v.version, 0);
  EXPECT_EQ(v.summary, core::DashboardSummary{});
  EXPECT_TRUE(v.recent_mocs.empty());
  EXPECT_EQ(store_->last_seq(alice_).value(), 0);
  EXPECT_FALSE(store_->last_seq(UserId{9999}));
}

// [SECTION] MOC mutations and their events

TEST_P(StoreConformance, CreateMocEmitsRecentSummaryAndThemes) {
  create(alice_, "Galaxy Explorer");
  const std::vector<core::DashboardEvent> events = events_after(alice_, 0);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type(), EventType::MocAdded);
  EXPECT_EQ(events[1].type(), EventType::RecentMocAdded);
  EXPECT_EQ(events[2].type(), EventType::SummaryUpdated);
  EXPECT_EQ(events[3].type(), EventType::ThemeBreakdownUpdated);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));
  }
  EXPECT_EQ(view(alice_).version, 4);
  EXPECT_EQ(store_->last_seq(alice_).value(), 4);
  expect_payloads_match_dashboard(alice_, 0);
  // The entity event carries the whole MOC as stored.
  EXPECT_EQ(std::get<core::MocAdded>(events[0].payload).moc,
            *store_->get_moc(alice_, std::get<core::MocAdded>(events[0].payload).moc.id));

  // A second MOC of the same theme still changes the theme's count.
  create(alice_, "Lunar Base");
  EXPECT_EQ(types_after(alice_, 4),
            (Types{EventType::MocAdded, EventType::RecentMocAdded, EventType::SummaryUpdated,
                   EventType::ThemeBreakdownUpdated}));
  EXPECT_EQ(version(alice_), 8);
  expect_payloads_match_dashboard(alice_, 4);
}

TEST_P(StoreConformance, ImportAddsEveryMocInOrderWithItsEvents) {
  std::vector<store::NewMoc> mocs(3);
  mocs[0].title = "Imported A";
  mocs[1].title = "Imported B";
  mocs[2].title = "Imported C";
  for (auto& moc : mocs) moc.theme = "Space";
  mocs[2].build_status = core::BuildStatus::Built;
  const auto created = store_->import_mocs({alice_, ""}, mocs);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_EQ(created->size(), 3u);
  EXPECT_EQ((*created)[1].title, "Imported B");
  EXPECT_EQ((*created)[2].build_status, core::BuildStatus::Built);
  EXPECT_EQ(view(alice_).summary.total_mocs, 3);
  // One MocAdded per MOC, in the request's order, and the slices once.
  std::vector<std::string> added;
  for (const auto& e : events_after(alice_, 0)) {
    if (e.type() == EventType::MocAdded)
      added.push_back(std::get<core::MocAdded>(e.payload).moc.title);
  }
  EXPECT_EQ(added, (std::vector<std::string>{"Imported A", "Imported B", "Imported C"}));
  expect_payloads_match_dashboard(alice_, 0);
  // The board keeps them in the request's order within a column.
  EXPECT_LT((*created)[0].board_rank, (*created)[1].board_rank);
}

TEST_P(StoreConformance, ImportForAnUnknownUserAddsNothing) {
  std::vector<store::NewMoc> mocs(1);
  mocs[0].title = "Nobody's";
  mocs[0].theme = "Space";
  const auto created = store_->import_mocs({UserId{9999}, ""}, mocs);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, StoreError::Kind::NotFound);
}

TEST_P(StoreConformance, CreatePartialMocAlsoEmitsPartialParts) {
  create(alice_, "Rover", "Space", PartsCoverageStatus::PartialOrdered, 40);
  EXPECT_EQ(types_after(alice_, 0),
            (Types{EventType::MocAdded, EventType::RecentMocAdded, EventType::SummaryUpdated,
                   EventType::ThemeBreakdownUpdated, EventType::PartialPartsUpdated}));
  EXPECT_EQ(version(alice_), 5);
  expect_payloads_match_dashboard(alice_, 0);
  ASSERT_EQ(view(alice_).partial_parts_mocs.size(), 1u);
  EXPECT_EQ(view(alice_).partial_parts_mocs[0].coverage_percentage, 40);
}

TEST_P(StoreConformance, CreateMocReturnsTheStoredRow) {
  clock_->set(kStartMillis + 250);
  store::NewMoc moc{"Tower",
                    "Castle",
                    core::BuildStatus::InProgress,
                    PartsCoverageStatus::FullInventory,
                    100,
                    "/covers/tower.png"};
  const auto created = store_->create_moc(alice_, moc);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id, "00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(created->title, "Tower");
  EXPECT_EQ(created->build_status, core::BuildStatus::InProgress);
  EXPECT_EQ(created->parts_coverage_status, PartsCoverageStatus::FullInventory);
  EXPECT_EQ(created->coverage_percentage, 100);
  EXPECT_EQ(created->cover_image_url, "/covers/tower.png");
  EXPECT_EQ(created->created_at, "2026-11-23T10:00:00.250Z");
  EXPECT_EQ(created->updated_at, created->created_at);
  EXPECT_EQ(created->version, 1);
  const auto read = store_->get_moc(alice_, created->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->title, "Tower");
}

TEST_P(StoreConformance, UpdateCoverageEmitsOnlyPartialParts) {
  const store::Moc moc = create(alice_, "Rover", "Space", PartsCoverageStatus::PartialOrdered, 40);
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.coverage_percentage = 65.5;
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  EXPECT_EQ(types_after(alice_, before),
            (Types{EventType::MocUpdated, EventType::PartialPartsUpdated}));
  EXPECT_EQ(version(alice_), before + 2);
  expect_payloads_match_dashboard(alice_, before);
  EXPECT_EQ(view(alice_).partial_parts_mocs.at(0).coverage_percentage, 65.5);
}

TEST_P(StoreConformance, UpdateTitleOfRecentMocEmitsRecentMocsUpdated) {
  const store::Moc moc = create(alice_, "Galaxy Explorer");
  create(alice_, "Lunar Base");
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.title = "Galaxy Explorer II";
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  EXPECT_EQ(types_after(alice_, before),
            (Types{EventType::MocUpdated, EventType::RecentMocsUpdated}));
  expect_payloads_match_dashboard(alice_, before);
  EXPECT_EQ(view(alice_).recent_mocs.at(1).title, "Galaxy Explorer II");
}

TEST_P(StoreConformance, UpdateBuildStatusEmitsRecentAndSummary) {
  const store::Moc moc = create(alice_, "Galaxy Explorer");
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.build_status = core::BuildStatus::Built;
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  EXPECT_EQ(types_after(alice_, before), (Types{EventType::MocUpdated, EventType::RecentMocsUpdated,
                                                EventType::SummaryUpdated}));
  expect_payloads_match_dashboard(alice_, before);
}

TEST_P(StoreConformance, UpdateThemeEmitsRecentAndThemes) {
  const store::Moc moc = create(alice_, "Galaxy Explorer");
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.theme = "Classic Space";
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  EXPECT_EQ(types_after(alice_, before), (Types{EventType::MocUpdated, EventType::RecentMocsUpdated,
                                                EventType::ThemeBreakdownUpdated}));
  expect_payloads_match_dashboard(alice_, before);
}

TEST_P(StoreConformance, UpdateThatMovesNoSliceEmitsOnlyTheEntityEvent) {
  // The first of 11 NONE-coverage MOCs is outside the recent 10 and in no
  // other slice by name, so renaming it changes nothing the dashboard shows.
  const store::Moc oldest = create(alice_, "Oldest");
  for (int i = 0; i < 10; ++i) create(alice_, "moc " + std::to_string(i));
  int commits = 0;
  store_->set_commit_listener([&](UserId, std::int64_t) { ++commits; });
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.title = "Oldest, renamed";
  patch.cover_image_url = std::optional<std::string>("https://img.example/o.png");
  const auto updated = store_->update_moc(alice_, oldest.id, patch, std::nullopt);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->title, "Oldest, renamed");
  EXPECT_EQ(updated->version, 2);
  // The collection pages still hear of it; the dashboard's slices did not move.
  EXPECT_EQ(version(alice_), before + 1);
  EXPECT_EQ(types_after(alice_, before), (Types{EventType::MocUpdated}));
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(store_->get_moc(alice_, oldest.id)->title, "Oldest, renamed");
}

TEST_P(StoreConformance, UpdateChangesOnlyThePatchedFields) {
  store::NewMoc fresh{"Tower",
                      "Castle",
                      core::BuildStatus::Added,
                      PartsCoverageStatus::PartialOrdered,
                      30,
                      "https://img.example/t.png"};
  const auto moc = store_->create_moc(alice_, fresh);
  ASSERT_TRUE(moc);
  clock_->advance_ms(5000);
  store::MocPatch patch;
  patch.cover_image_url = std::optional<std::string>();  // clear it
  patch.build_status = core::BuildStatus::InProgress;
  const auto updated = store_->update_moc(alice_, moc->id, patch, std::nullopt);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->title, "Tower");
  EXPECT_EQ(updated->theme, "Castle");
  EXPECT_EQ(updated->build_status, core::BuildStatus::InProgress);
  EXPECT_EQ(updated->parts_coverage_status, PartsCoverageStatus::PartialOrdered);
  EXPECT_EQ(updated->coverage_percentage, 30);
  EXPECT_EQ(updated->cover_image_url, std::nullopt);
  EXPECT_EQ(updated->created_at, moc->created_at);
  EXPECT_EQ(updated->updated_at, "2026-11-23T10:00:05.000Z");
  EXPECT_EQ(updated->version, 2);
}

TEST_P(StoreConformance, DeleteEmitsRecentSummaryAndThemes) {
  const store::Moc first = create(alice_, "Galaxy Explorer");
  create(alice_, "Tower", "Castle");
  const std::int64_t before = version(alice_);
  ASSERT_TRUE(store_->delete_moc(alice_, first.id, std::nullopt));
  EXPECT_EQ(types_after(alice_, before),
            (Types{EventType::MocDeleted, EventType::RecentMocsUpdated, EventType::SummaryUpdated,
                   EventType::ThemeBreakdownUpdated}));
  expect_payloads_match_dashboard(alice_, before);
  const auto gone = store_->get_moc(alice_, first.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, StoreError::Kind::NotFound);
  EXPECT_EQ(view(alice_).summary.total_mocs, 1);
}

TEST_P(StoreConformance, DeletePartialMocAlsoEmitsPartialParts) {
  const store::Moc moc = create(alice_, "Rover", "Space", PartsCoverageStatus::PartialOrdered, 10);
  const std::int64_t before = version(alice_);
  ASSERT_TRUE(store_->delete_moc(alice_, moc.id, std::nullopt));
  EXPECT_EQ(types_after(alice_, before),
            (Types{EventType::MocDeleted, EventType::RecentMocsUpdated, EventType::SummaryUpdated,
                   EventType::ThemeBreakdownUpdated, EventType::PartialPartsUpdated}));
  expect_payloads_match_dashboard(alice_, before);
  core::DashboardView empty;
  empty.version = before + 5;
  expect_same_view(view(alice_), empty);
}

// [SECTION] Wishlist and sets

TEST_P(StoreConformance, WishlistAddAndRemoveEmitTheItemAndTheSummary) {
  const auto item = store_->add_wishlist_item(alice_, "Millennium Falcon", "75192-1");
  ASSERT_TRUE(item) << item.error().message;
  EXPECT_EQ(item->set_number, "75192-1");
  EXPECT_EQ(types_after(alice_, 0),
            (Types{EventType::WishlistItemAdded, EventType::SummaryUpdated}));
  expect_payloads_match_dashboard(alice_, 0);
  EXPECT_EQ(view(alice_).summary.total_wishlist_items, 1);
  EXPECT_EQ(std::get<core::WishlistItemAdded>(events_after(alice_, 0)[0].payload).item, *item);

  ASSERT_TRUE(store_->remove_wishlist_item(alice_, item->id));
  EXPECT_EQ(types_after(alice_, 2),
            (Types{EventType::WishlistItemRemoved, EventType::SummaryUpdated}));
  expect_payloads_match_dashboard(alice_, 2);
  EXPECT_EQ(view(alice_).summary.total_wishlist_items, 0);
}

TEST_P(StoreConformance, SetAddAndRemoveEmitOnlyThemes) {
  const auto set = store_->add_set(alice_, "10497-1", "Galaxy Explorer", "Space");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(types_after(alice_, 0), (Types{EventType::ThemeBreakdownUpdated}));
  expect_payloads_match_dashboard(alice_, 0);
  EXPECT_EQ(view(alice_).theme_breakdown, (std::vector<core::ThemeStats>{{"Space", 0, 1}}));

  ASSERT_TRUE(store_->remove_set(alice_, set->id));
  EXPECT_EQ(types_after(alice_, 1), (Types{EventType::ThemeBreakdownUpdated}));
  EXPECT_TRUE(view(alice_).theme_breakdown.empty());
}

TEST_P(StoreConformance, ThemeBreakdownSortsByMocsThenSetsThenName) {
  create(alice_, "a", "Castle");
  create(alice_, "b", "Space");
  create(alice_, "c", "Space");
  create(alice_, "d", "Trains");
  ASSERT_TRUE(store_->add_set(alice_, "1", "s", "Trains"));
  ASSERT_TRUE(store_->add_set(alice_, "2", "s", "City"));
  EXPECT_EQ(view(alice_).theme_breakdown,
            (std::vector<core::ThemeStats>{
                {"Space", 2, 0}, {"Trains", 1, 1}, {"Castle", 1, 0}, {"City", 0, 1}}));
}

// [SECTION] Ownership and isolation

TEST_P(StoreConformance, AnotherUsersRowsAreForbiddenAndUnchanged) {
  const store::Moc moc = create(alice_, "Galaxy Explorer");
  const auto item = store_->add_wishlist_item(alice_, "Falcon", std::nullopt);
  const auto set = store_->add_set(alice_, "10497-1", "Galaxy Explorer", "Space");
  ASSERT_TRUE(item && set);
  const core::DashboardView alice_before = view(alice_);
  const core::DashboardView bob_before = view(bob_);

  store::MocPatch patch;
  patch.title = "stolen";
  const auto update = store_->update_moc(bob_, moc.id, patch, std::nullopt);
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().kind, StoreError::Kind::Forbidden);
  for (const auto& result :
       {store_->delete_moc(bob_, moc.id, std::nullopt),
        store_->remove_wishlist_item(bob_, item->id), store_->remove_set(bob_, set->id)}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, StoreError::Kind::Forbidden);
  }
  const auto get = store_->get_moc(bob_, moc.id);
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().kind, StoreError::Kind::Forbidden);

  expect_same_view(view(alice_), alice_before);
  expect_same_view(view(bob_), bob_before);
  EXPECT_EQ(store_->get_moc(alice_, moc.id)->title, "Galaxy Explorer");
}

TEST_P(StoreConformance, UnknownIdsAreNotFoundAndChangeNothing) {
  create(alice_, "Galaxy Explorer");
  const core::DashboardView before = view(alice_);
  store::MocPatch patch;
  patch.title = "x";
  const auto update = store_->update_moc(alice_, kUnknownId, patch, std::nullopt);
  ASSERT_FALSE(update);
  EXPECT_EQ(update.error().kind, StoreError::Kind::NotFound);
  for (const auto& result :
       {store_->delete_moc(alice_, kUnknownId, std::nullopt),
        store_->remove_wishlist_item(alice_, kUnknownId), store_->remove_set(alice_, kUnknownId)}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, StoreError::Kind::NotFound);
  }
  const auto get = store_->get_moc(alice_, kUnknownId);
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().kind, StoreError::Kind::NotFound);
  expect_same_view(view(alice_), before);
}

TEST_P(StoreConformance, AlicesMutationsNeverChangeBobsDashboardOrEvents) {
  create(bob_, "Bob's Train", "Trains");
  const core::DashboardView bob_before = view(bob_);
  const std::size_t bob_events = events_after(bob_, 0).size();

  const store::Moc moc = create(alice_, "Rover", "Trains", PartsCoverageStatus::PartialOrdered, 5);
  store::MocPatch patch;
  patch.coverage_percentage = 50;
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  ASSERT_TRUE(store_->add_wishlist_item(alice_, "Falcon", std::nullopt));
  ASSERT_TRUE(store_->add_set(alice_, "60197-1", "Crocodile", "Trains"));
  ASSERT_TRUE(store_->delete_moc(alice_, moc.id, std::nullopt));

  expect_same_view(view(bob_), bob_before);
  EXPECT_EQ(events_after(bob_, 0).size(), bob_events);
  // Each user's seqs count from 1 on their own.
  const std::vector<core::DashboardEvent> alice_events = events_after(alice_, 0);
  ASSERT_FALSE(alice_events.empty());
  EXPECT_EQ(alice_events.front().seq, 1);
  EXPECT_EQ(alice_events.back().seq, version(alice_));
}

INSTANTIATE_STORE_SUITE(StoreConformance);

}  // namespace
}  // namespace dashboard::server::testing
