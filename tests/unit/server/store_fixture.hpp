// The store over a fresh database of the test's engine (SQLite in a temp
// dir, or a PostgreSQL database of its own: test_database.hpp), with a fake
// clock and counting ids, two users (alice, bob), and helpers that read the
// outbox back the way a client receives it: envelope JSON decoded by core.
//
// Tests are TEST_P over the engines; instantiate a suite with
// INSTANTIATE_STORE_SUITE(SuiteName), so each runs on both.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "core/json_codec.hpp"
#include "fakes.hpp"
#include "store/sql_store.hpp"
#include "test_database.hpp"

namespace dashboard::core {

// Failure messages name event types instead of printing their numbers.
inline void PrintTo(EventType type, std::ostream* os) {
  *os << to_string(type);
}

}  // namespace dashboard::core

namespace dashboard::server::testing {

namespace fs = std::filesystem;
using core::EventType;
using store::UserId;

// Applies one event to a view the way a client does: replace the slice, or
// prepend for recentMocAdded (keeping kRecentMocLimit); version = seq.
struct SliceApplier {
  core::DashboardView& v;
  void operator()(const core::DashboardSummary& s) const { v.summary = s; }
  void operator()(const core::RecentMoc& m) const {
    v.recent_mocs.insert(v.recent_mocs.begin(), m);
    if (v.recent_mocs.size() > core::kRecentMocLimit) v.recent_mocs.resize(core::kRecentMocLimit);
  }
  void operator()(const std::vector<core::PartialPartsMoc>& p) const { v.partial_parts_mocs = p; }
  void operator()(const std::vector<core::ThemeStats>& t) const { v.theme_breakdown = t; }
  void operator()(const core::ErrorPayload&) const {}
  void operator()(const std::vector<core::RecentMoc>& list) const { v.recent_mocs = list; }
  // Entity events feed the collection pages, not the dashboard's slices.
  void operator()(const core::MocAdded&) const {}
  void operator()(const core::MocUpdated&) const {}
  void operator()(const core::MocDeleted&) const {}
  void operator()(const core::WishlistItemAdded&) const {}
  void operator()(const core::WishlistItemRemoved&) const {}
  // Messages and notifications move no slice either.
  template <core::EventType Type>
  void operator()(const core::ObjectPayload<Type>&) const {}
};

inline void apply_event(core::DashboardView& view, const core::DashboardEvent& event) {
  std::visit(SliceApplier{view}, event.payload);
  view.version = event.seq;
}

// Compares views, printing both as JSON when they differ.
inline void expect_same_view(const core::DashboardView& actual,
                             const core::DashboardView& expected) {
  EXPECT_TRUE(actual == expected) << "actual:   " << core::encode_dashboard_view(actual)
                                  << "\nexpected: " << core::encode_dashboard_view(expected);
}

// The slice of `view` that an event of `type` carries.
inline core::EventPayload slice_for(EventType type, const core::DashboardView& view) {
  switch (type) {
    case EventType::SummaryUpdated:
      return view.summary;
    case EventType::RecentMocAdded:
      return view.recent_mocs.empty() ? core::RecentMoc{} : view.recent_mocs.front();
    case EventType::PartialPartsUpdated:
      return view.partial_parts_mocs;
    case EventType::ThemeBreakdownUpdated:
      return view.theme_breakdown;
    case EventType::RecentMocsUpdated:
      return view.recent_mocs;
    case EventType::Error:
    case EventType::MocAdded:
    case EventType::MocUpdated:
    case EventType::MocDeleted:
    case EventType::WishlistItemAdded:
    case EventType::WishlistItemRemoved:
    case EventType::MessageNew:
    case EventType::MessageRead:
    case EventType::NotificationMessage:
    case EventType::NotificationBoardChanged:
    case EventType::NotificationCoverageComplete:
    case EventType::NotificationAnnouncement:
    case EventType::NotificationsRead:
    case EventType::NotificationPreferences:
      break;
  }
  return core::ErrorPayload{"unexpected", "no slice for this event type"};
}

// The fixture's body, on SQLite unless a subclass says otherwise.
class StoreFixtureBase : public ::testing::Test {
 protected:
  virtual Engine engine() const { return Engine::Sqlite; }

  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() /
           ("store_test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(dir_);
    scratch_ = std::make_unique<ScratchDatabase>(engine(), dir_);
    store_ = open();
    alice_ = make_user("alice");
    bob_ = make_user("bob");
  }

  void TearDown() override {
    store_.reset();
    scratch_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // A store over a new connection (pool) to the same database: reopening,
  // or a second server instance beside the first.
  std::unique_ptr<store::SqlStore> open() { return open_with(ids_); }
  std::unique_ptr<store::SqlStore> open_with(std::shared_ptr<IdSource> ids) {
    return std::make_unique<store::SqlStore>(scratch_->open(), clock_, std::move(ids));
  }

  UserId make_user(const std::string& name) {
    const auto user =
        store_->create_user(name, "$argon2id$not-a-real-hash", store::UserRole::Member);
    if (!user) {
      ADD_FAILURE() << "create_user " << name << ": " << user.error().message;
      return 0;
    }
    return user->id;
  }

  store::Moc create(UserId user, const std::string& title, const std::string& theme = "Space",
                    core::PartsCoverageStatus coverage = core::PartsCoverageStatus::None,
                    double percentage = 0) {
    store::NewMoc moc;
    moc.title = title;
    moc.theme = theme;
    moc.parts_coverage_status = coverage;
    moc.coverage_percentage = percentage;
    const auto created = store_->create_moc(user, moc);
    if (!created) {
      ADD_FAILURE() << "create_moc " << title << ": " << created.error().message;
      return {};
    }
    return *created;
  }

  core::DashboardView view(UserId user) {
    const auto v = store_->dashboard(user);
    if (!v) {
      ADD_FAILURE() << "dashboard: " << v.error().message;
      return {};
    }
    return *v;
  }

  std::int64_t version(UserId user) { return view(user).version; }

  // The user's events after `since`, each wrapped in its envelope and
  // decoded as a client would.
  std::vector<core::DashboardEvent> events_after(UserId user, std::int64_t since) {
    const auto page = store_->events_since(user, since, 10000);
    if (!page) {
      ADD_FAILURE() << "events_since " << since << ": " << page.error().message;
      return {};
    }
    std::vector<core::DashboardEvent> out;
    for (const store::StoredEvent& stored : page->events) {
      const std::string envelope =
          core::encode_envelope(stored.event_id, stored.type, stored.created_at, stored.seq,
                                stored.payload_json, stored.commit_last_seq);
      auto decoded = core::decode_event(envelope);
      if (!decoded) {
        ADD_FAILURE() << "seq " << stored.seq << ": " << decoded.error().to_string();
        continue;
      }
      out.push_back(std::move(decoded).value());
    }
    return out;
  }

  std::vector<EventType> types_after(UserId user, std::int64_t since) {
    std::vector<EventType> types;
    for (const core::DashboardEvent& e : events_after(user, since)) types.push_back(e.type());
    return types;
  }

  // Every slice event after `since` carries exactly the slice dashboard() reads now
  // (only meaningful when no later mutation moved that slice again).
  void expect_payloads_match_dashboard(UserId user, std::int64_t since) {
    const core::DashboardView now = view(user);
    for (const core::DashboardEvent& e : events_after(user, since)) {
      if (core::is_entity_event(e.type()) || core::is_messaging_event(e.type()))
        continue;  // not a slice
      const core::EventPayload expected = slice_for(e.type(), now);
      EXPECT_TRUE(e.payload == expected) << core::to_string(e.type()) << " seq " << e.seq
                                         << "\npayload: " << core::encode_payload(e.payload)
                                         << "\nslice:   " << core::encode_payload(expected);
    }
  }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<CountingIds> ids_ = std::make_shared<CountingIds>();
  fs::path dir_;
  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<store::SqlStore> store_;
  UserId alice_ = 0;
  UserId bob_ = 0;
};

// Names a parameterized test after its engine: Suite/Postgres.Test.
struct EngineName {
  std::string operator()(const ::testing::TestParamInfo<Engine>& param) const {
    return engine_name(param.param);
  }
};

// The store fixture for TEST_P suites that run on every engine.
class StoreFixture : public StoreFixtureBase, public ::testing::WithParamInterface<Engine> {
 protected:
  Engine engine() const override { return GetParam(); }
};

// Runs every TEST_P of `suite` once per engine: Suite/Sqlite.X, Suite/Postgres.X.
#define INSTANTIATE_STORE_SUITE(suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Engines, suite,                                                    \
                           ::testing::Values(::dashboard::server::testing::Engine::Sqlite,    \
                                             ::dashboard::server::testing::Engine::Postgres), \
                           ::dashboard::server::testing::EngineName{})

}  // namespace dashboard::server::testing
