// Accounts in the store, on SQLite and PostgreSQL alike: sign-in sessions
// (rotation, reuse detection, the race grace, revocation by sign-out, by a
// password change and by removal), the revocation watcher that closes
// sockets, and sign-in throttle counts shared through the database.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "auth/revocation_watcher.hpp"
#include "store/accounts.hpp"
#include "store/auth_sessions.hpp"
#include "store/sign_in_throttle.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using std::chrono::milliseconds;
using store::RefreshOutcome;
using StoreAccounts = StoreFixture;

constexpr core::UnixMillis kDay = 24LL * 3600 * 1000;
constexpr milliseconds kGrace{10000};

class AccountsFixture {
 public:
  explicit AccountsFixture(std::shared_ptr<store::sql::Database> db) : db_(std::move(db)) {}
  void start(const std::string& id, UserId user, const std::string& hash, core::UnixMillis now) {
    store::create_auth_session(*db_, {id, user, hash, now + kDay}, now);
  }
  store::RefreshResult rotate(const std::string& presented, const std::string& next,
                              core::UnixMillis now) {
    return store::rotate_refresh_token(*db_, presented, next, now, now + kDay, kGrace);
  }
  std::shared_ptr<store::sql::Database> db_;
};

TEST_P(StoreAccounts, RefreshRotatesAndAReplacedTokenRevokesTheSession) {
  AccountsFixture a(scratch_->open());
  const core::UnixMillis t0 = clock_->now();
  a.start("s1", alice_, "h1", t0);
  const auto first = a.rotate("h1", "h2", t0 + 1000);
  EXPECT_EQ(first.outcome, RefreshOutcome::Rotated);
  EXPECT_EQ(first.session_id, "s1");
  EXPECT_EQ(first.user, alice_);
  EXPECT_EQ(a.rotate("h2", "h3", t0 + 2000).outcome, RefreshOutcome::Rotated);
  // h1 again, long after it was replaced: theft.
  const auto reused = a.rotate("h1", "hx", t0 + 60000);
  EXPECT_EQ(reused.outcome, RefreshOutcome::Reused);
  EXPECT_EQ(reused.session_id, "s1");
  // The thief's and the owner's newest token alike are dead now.
  EXPECT_EQ(a.rotate("h3", "h4", t0 + 61000).outcome, RefreshOutcome::Ended);
  const auto revoked = store::revocations_since(*a.db_, t0);
  ASSERT_EQ(revoked.size(), 1U);
  EXPECT_EQ(revoked[0].session_id, "s1");
  EXPECT_EQ(revoked[0].revoked_at, t0 + 60000);
}

TEST_P(StoreAccounts, TwoTabsRefreshingAtOnceIsARaceNotTheft) {
  AccountsFixture a(scratch_->open());
  const core::UnixMillis t0 = clock_->now();
  a.start("s1", alice_, "h1", t0);
  EXPECT_EQ(a.rotate("h1", "h2", t0).outcome, RefreshOutcome::Rotated);
  EXPECT_EQ(a.rotate("h1", "h2b", t0 + 5000).outcome, RefreshOutcome::Raced);
  EXPECT_EQ(a.rotate("h2", "h3", t0 + 6000).outcome, RefreshOutcome::Rotated);
  EXPECT_TRUE(store::revocations_since(*a.db_, 0).empty());
}

TEST_P(StoreAccounts, UnknownAndExpiredTokens) {
  AccountsFixture a(scratch_->open());
  const core::UnixMillis t0 = clock_->now();
  EXPECT_EQ(a.rotate("nothing", "h", t0).outcome, RefreshOutcome::Unknown);
  a.start("s1", alice_, "h1", t0);
  EXPECT_EQ(a.rotate("h1", "h2", t0 + kDay + 1).outcome, RefreshOutcome::Ended);
  EXPECT_FALSE(store::find_live_session(*a.db_, "h1", t0 + kDay + 1));
  EXPECT_TRUE(store::find_live_session(*a.db_, "h1", t0));
}

TEST_P(StoreAccounts, SignOutEverywhereAndPasswordChangeEndOnlyThatUsersSessions) {
  AccountsFixture a(scratch_->open());
  const core::UnixMillis t0 = clock_->now();
  a.start("a1", alice_, "ha1", t0);
  a.start("a2", alice_, "ha2", t0);
  a.start("b1", bob_, "hb1", t0);
  EXPECT_TRUE(store::revoke_auth_session(*a.db_, "a1", "signed out", t0 + 1));
  EXPECT_FALSE(store::revoke_auth_session(*a.db_, "a1", "signed out", t0 + 2));
  EXPECT_EQ(store::revoke_user_sessions(*a.db_, alice_, "everywhere", t0 + 3), 1);  // a2
  EXPECT_EQ(a.rotate("hb1", "hb2", t0 + 4).outcome, RefreshOutcome::Rotated);
  EXPECT_TRUE(store::set_password_hash(*a.db_, bob_, "$argon2id$new", t0 + 5));
  EXPECT_EQ(a.rotate("hb2", "hb3", t0 + 6).outcome, RefreshOutcome::Ended);
  EXPECT_EQ(store_->find_user(bob_)->password_hash, "$argon2id$new");
  EXPECT_EQ(store::revocations_since(*a.db_, t0).size(), 3U);
  EXPECT_FALSE(store::set_password_hash(*a.db_, 9999, "$argon2id$x", t0));
}

TEST_P(StoreAccounts, RemovingAUserTakesTheirDataAndEndsTheirSessions) {
  AccountsFixture a(scratch_->open());
  const core::UnixMillis t0 = clock_->now();
  create(alice_, "Galaxy Explorer");
  ASSERT_TRUE(store_->add_wishlist_item(alice_, "Tower", std::nullopt));
  ASSERT_TRUE(store_->add_set(alice_, "10497-1", "Galaxy Explorer", "Space"));
  create(bob_, "Bob's house");
  a.start("a1", alice_, "ha1", t0);
  EXPECT_TRUE(store::delete_user(*a.db_, "alice", t0 + 1));
  EXPECT_FALSE(store::delete_user(*a.db_, "alice", t0 + 2));
  EXPECT_FALSE(store_->find_user("alice"));
  EXPECT_EQ(a.rotate("ha1", "ha2", t0 + 3).outcome, RefreshOutcome::Ended);
  ASSERT_EQ(store::revocations_since(*a.db_, t0).size(), 1U);
  EXPECT_EQ(view(bob_).summary.total_mocs, 1);
  const auto users = store::list_users(*a.db_);
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0].username, "bob");
  // The name is free again, with nothing of the old account.
  const UserId again = make_user("alice");
  EXPECT_EQ(view(again).summary.total_mocs, 0);
}

TEST_P(StoreAccounts, ThrottleCountsGrowTheWaitAndASuccessResets) {
  auto db = scratch_->open();
  const auth::ThrottlePolicy policy{.free_failures = 2, .first_delay = milliseconds(1000)};
  const core::UnixMillis t0 = clock_->now();
  EXPECT_EQ(store::record_sign_in_failure(*db, "user:alice", policy, t0), milliseconds(0));
  EXPECT_EQ(store::record_sign_in_failure(*db, "user:alice", policy, t0), milliseconds(0));
  EXPECT_EQ(store::record_sign_in_failure(*db, "user:alice", policy, t0), milliseconds(1000));
  EXPECT_EQ(store::throttle_wait(*db, "user:alice", t0 + 400), milliseconds(600));
  EXPECT_EQ(store::record_sign_in_failure(*db, "user:alice", policy, t0 + 1000),
            milliseconds(2000));
  EXPECT_EQ(store::throttle_wait(*db, "user:bob", t0), milliseconds(0));
  // Another instance (a new connection) sees the same wait.
  auto other = scratch_->open();
  EXPECT_EQ(store::throttle_wait(*other, "user:alice", t0 + 1000), milliseconds(2000));
  store::reset_sign_in_failures(*other, "user:alice");
  EXPECT_EQ(store::throttle_wait(*db, "user:alice", t0 + 1000), milliseconds(0));
  EXPECT_EQ(store::record_sign_in_failure(*db, "user:alice", policy, t0 + 1000), milliseconds(0));
}

TEST_P(StoreAccounts, AQuietKeyStartsOver) {
  auto db = scratch_->open();
  const auth::ThrottlePolicy policy{.free_failures = 1, .forget_after = milliseconds(60000)};
  const core::UnixMillis t0 = clock_->now();
  store::record_sign_in_failure(*db, "addr:x", policy, t0);
  EXPECT_GT(store::record_sign_in_failure(*db, "addr:x", policy, t0), milliseconds(0));
  EXPECT_EQ(store::record_sign_in_failure(*db, "addr:x", policy, t0 + 120000), milliseconds(0));
}

TEST_P(StoreAccounts, TheWatcherEndsWatchedSessionsAndRemembersThem) {
  auto db = scratch_->open();
  AccountsFixture a(db);
  const core::UnixMillis t0 = clock_->now();
  a.start("a1", alice_, "ha1", t0);
  a.start("a2", alice_, "ha2", t0);
  auth::RevocationWatcher watcher(db, clock_, milliseconds(60000));
  std::vector<std::string> ended;
  watcher.watch("a1", &ended, [&] { ended.emplace_back("a1"); });
  watcher.watch("a2", &ended, [&] { ended.emplace_back("a2"); });
  watcher.unwatch("a2", &ended);
  watcher.poll();
  EXPECT_TRUE(ended.empty());
  // Revoked through another connection (another instance).
  store::revoke_user_sessions(*scratch_->open(), alice_, "everywhere", t0 + 10);
  watcher.poll();
  EXPECT_EQ(ended, std::vector<std::string>{"a1"});
  EXPECT_TRUE(watcher.revoked("a1"));
  EXPECT_TRUE(watcher.revoked("a2"));
  watcher.poll();  // seen once
  EXPECT_EQ(ended.size(), 1U);
  // Watching an ended session ends it at once.
  watcher.watch("a1", &ended, [&] { ended.emplace_back("late"); });
  EXPECT_EQ(ended.back(), "late");
  // Once no access token can still name them, they are forgotten.
  clock_->advance_ms(120000);
  watcher.poll();
  EXPECT_FALSE(watcher.revoked("a1"));
}

INSTANTIATE_STORE_SUITE(StoreAccounts);

}  // namespace
}  // namespace dashboard::server::testing
