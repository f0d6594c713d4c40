// ApiRouter never lets an exception out: a store whose driver throws gets
// the shared 500 body, with nothing of the exception in it, and a log line.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "api/router.hpp"
#include "api/snapshot_cache.hpp"
#include "auth/token_service.hpp"
#include "fakes.hpp"
#include "log.hpp"
#include "store/sql/sql.hpp"
#include "store/store.hpp"

namespace dashboard::server::api {
namespace {

// Every call fails the way a broken driver does: by throwing, with details
// that must never reach a client. With `unreachable`, the way a database
// that is down does (sql::Error, Unavailable).
class ThrowingStore final : public store::DashboardStore {
 public:
  explicit ThrowingStore(bool unreachable = false) : unreachable_(unreachable) {}
  [[noreturn]] void fail() const {
    if (unreachable_) {
      throw store::sql::Error(store::sql::Error::Kind::Unavailable,
                              "connection to 10.0.0.7:5432 refused");
    }
    throw std::runtime_error("disk I/O error in /srv/secret/dashboard.db");
  }
  store::StoreResult<store::User> create_user(const std::string&, const std::string&) override {
    fail();
  }
  std::optional<store::User> find_user(const std::string&) override { fail(); }
  std::optional<store::User> find_user(store::UserId) override { fail(); }
  bool has_users() override { fail(); }
  store::StoreResult<core::DashboardView> dashboard(store::UserId) override { fail(); }
  store::StoreResult<std::int64_t> last_seq(store::UserId) override { fail(); }
  store::StoreResult<store::Moc> create_moc(store::UserId, const store::NewMoc&) override {
    fail();
  }
  store::StoreResult<store::Moc> get_moc(store::UserId, const std::string&) override { fail(); }
  store::StoreResult<store::Moc> update_moc(store::UserId, const std::string&,
                                            const store::MocPatch&,
                                            std::optional<std::int64_t>) override {
    fail();
  }
  store::StoreResult<store::Done> delete_moc(store::UserId, const std::string&,
                                             std::optional<std::int64_t>) override {
    fail();
  }
  store::StoreResult<store::Moc> restore_moc(store::UserId, const std::string&) override { fail(); }
  store::StoreResult<store::MocPage> list_mocs(store::UserId, const store::MocQuery&) override {
    fail();
  }
  store::StoreResult<store::WishlistPage> list_wishlist(store::UserId) override { fail(); }
  store::StoreResult<std::vector<std::string>> list_themes(store::UserId) override { fail(); }
  store::StoreResult<store::WishlistItem> add_wishlist_item(
      store::UserId, const std::string&, const std::optional<std::string>&) override {
    fail();
  }
  store::StoreResult<store::Done> remove_wishlist_item(store::UserId, const std::string&) override {
    fail();
  }
  store::StoreResult<store::LegoSet> add_set(store::UserId, const std::string&, const std::string&,
                                             const std::string&) override {
    fail();
  }
  store::StoreResult<store::Done> remove_set(store::UserId, const std::string&) override { fail(); }
  store::StoreResult<store::EventsPage> events_since(store::UserId, std::int64_t, int) override {
    fail();
  }
  store::StoreResult<std::int64_t> prune_outbox(core::UnixMillis, std::int64_t) override { fail(); }
  void set_commit_listener(CommitListener) override {}

 private:
  bool unreachable_;
};

class ApiRouterTest : public ::testing::Test {
 protected:
  ApiRouterTest() { log::set_sink(&log_lines); }
  ~ApiRouterTest() override { log::set_sink(nullptr); }

  ApiResponse get(std::string_view target) {
    return router.handle(ApiRequest{"GET", target, authorization, "", "", "", ""});
  }

  std::shared_ptr<testing::FakeClock> clock = std::make_shared<testing::FakeClock>();
  std::shared_ptr<const auth::TokenService> tokens =
      std::make_shared<const auth::TokenService>(std::string(32, 'k'), clock);
  std::string authorization = "Bearer " + tokens->issue(1, "alice", std::chrono::hours(1));
  ApiRouter router{ApiContext{std::make_shared<ThrowingStore>(), tokens,
                              std::make_shared<SnapshotCache>(), ApiOptions{}}};
  std::ostringstream log_lines;
};

TEST_F(ApiRouterTest, AThrowingStoreGivesTheShared500AndLeaksNothing) {
  for (const char* target : {"/api/dashboard", "/api/events?since=0", "/api/mocs/m1"}) {
    const ApiResponse res = get(target);
    EXPECT_EQ(res.status, 500u) << target;
    EXPECT_EQ(
        res.body,
        R"({"error":{"code":"INTERNAL_ERROR","message":"the server could not complete the request"}})")
        << target;
    EXPECT_EQ(res.body.find("secret"), std::string::npos) << target;
  }
  // The operator still learns what happened.
  EXPECT_NE(log_lines.str().find("disk I/O error in /srv/secret/dashboard.db"), std::string::npos);
  EXPECT_NE(log_lines.str().find(R"("target":"/api/mocs/m1")"), std::string::npos);
}

TEST_F(ApiRouterTest, LoginThroughAThrowingStoreIsA500Too) {
  const ApiResponse res =
      router.handle(ApiRequest{"POST", "/api/auth/login", "", "application/json", "",
                               R"({"username":"alice","password":"alice-bricks"})", ""});
  EXPECT_EQ(res.status, 500u);
}

// A database that is down is not a server bug: 503 with Retry-After, the
// shared body, nothing of the connection details.
TEST_F(ApiRouterTest, AnUnreachableDatabaseIsA503WithRetryAfter) {
  ApiRouter down{ApiContext{std::make_shared<ThrowingStore>(true), tokens,
                            std::make_shared<SnapshotCache>(), ApiOptions{}}};
  for (const ApiRequest& req :
       {ApiRequest{"GET", "/api/dashboard", authorization, "", "", "", ""},
        ApiRequest{"POST", "/api/auth/login", "", "application/json", "",
                   R"({"username":"alice","password":"alice-bricks"})", ""}}) {
    const ApiResponse res = down.handle(req);
    EXPECT_EQ(res.status, 503u) << req.target;
    EXPECT_EQ(res.body.find("10.0.0.7"), std::string::npos) << req.target;
    EXPECT_NE(res.body.find("SERVICE_UNAVAILABLE"), std::string::npos) << req.target;
    ASSERT_EQ(res.headers.size(), 1u);
    EXPECT_EQ(res.headers[0].first, "Retry-After");
  }
  EXPECT_NE(log_lines.str().find("database unavailable"), std::string::npos);
}

}  // namespace
}  // namespace dashboard::server::api
