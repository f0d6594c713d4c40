#include "app/account_client.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/scripted_transport.hpp"  // tests/unit/app
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {
namespace {

using core::ConnectionStatus;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

std::string login_json(const std::string& token, const std::string& user) {
  return R"({"token":")" + token + R"(","expiresAt":")" +
         core::format_rfc3339_utc(kStart + 900'000) + R"(","user":{"id":7,"username":")" + user +
         R"("}})";
}

class AccountClientTest : public ::testing::Test {
 protected:
  AccountClientTest()
      : live(transport, LiveConfig{}, [] { return 0.5; }), account(transport, live) {
    live.clock = [] { return kStart; };
  }

  void go_live(const std::string& token, const std::string& user) {
    live.start(token, user, kStart);
    ASSERT_EQ(transport.answer(200, core::encode_dashboard_view(core::testing::sample_view())),
              "/api/dashboard");
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    ASSERT_EQ(live.link(kStart).status, ConnectionStatus::Live);
  }

  ScriptedTransport transport;
  LiveClient live;
  AccountClient account;
};

TEST_F(AccountClientTest, AsksOnceWhetherTheServerTakesSignUps) {
  account.want_config();
  account.want_config();
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_FALSE(account.signup_enabled().has_value());
  EXPECT_EQ(transport.answer(200, R"({"signup":true})"), "/api/auth/config");
  EXPECT_EQ(account.signup_enabled(), true);
  account.want_config();
  EXPECT_TRUE(transport.pending.empty());

  AccountClient other(transport, live);
  other.want_config();
  transport.answer(404, "");  // an older server: no sign-ups
  EXPECT_EQ(other.signup_enabled(), false);
}

TEST_F(AccountClientTest, AFormThatFailsItsChecksSendsNothing) {
  account.sign_up("erin", "purple-kite-flying", "purple-kite-flyer", kStart);
  EXPECT_TRUE(transport.pending.empty());
  EXPECT_EQ(account.form().errors.field("confirm"), "The passwords do not match");
  EXPECT_FALSE(account.form().busy);
}

TEST_F(AccountClientTest, SignUpSignsTheNewMemberIn) {
  live.start("", "", kStart);
  ASSERT_TRUE(live.needs_sign_in());
  account.sign_up("erin", "purple-kite-flying", "purple-kite-flying", kStart);
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.pending.front().request.method, "POST");
  EXPECT_EQ(transport.pending.front().request.body,
            R"({"username":"erin","password":"purple-kite-flying"})");
  EXPECT_TRUE(account.form().busy);
  EXPECT_EQ(transport.answer(201, login_json("t-erin", "erin")), "/api/auth/signup");
  EXPECT_TRUE(account.form().done);
  EXPECT_FALSE(live.needs_sign_in());
  EXPECT_EQ(live.username(), "erin");
  EXPECT_EQ(live.token(), "t-erin");
  // The collection loads and the socket dials, as after a sign-in.
  EXPECT_TRUE(transport.has_pending("GET /api/dashboard"));
  EXPECT_EQ(transport.opened_paths.size(), 1u);
}

TEST_F(AccountClientTest, TheServersRefusalLandsNextToItsField) {
  account.sign_up("alice", "purple-kite-flying", "purple-kite-flying", kStart);
  transport.answer(
      409,
      R"({"error":{"code":"USERNAME_TAKEN","message":"that username is taken; choose another"}})");
  EXPECT_EQ(account.form().errors.field("username"), "That username is taken; choose another");
  EXPECT_FALSE(account.form().done);
  EXPECT_TRUE(live.needs_sign_in());

  account.sign_up("erin", "password1234", "password1234", kStart);
  transport.answer(
      400,
      R"({"error":{"code":"VALIDATION_FAILED","field":"password","message":"password: password is a common password with digits or symbols added; choose another"}})");
  EXPECT_EQ(account.form().errors.field("password"),
            "Password is a common password with digits or symbols added; choose another");
  EXPECT_EQ(account.form().errors.field("username"), "");  // the new answer replaced the old
}

TEST_F(AccountClientTest, APasswordChangeMovesThisBrowserToItsNewSession) {
  go_live("old", "alice");
  account.change_password("alice-bricks", "orange-brick-wall-9", "orange-brick-wall-9", kStart);
  ASSERT_TRUE(transport.has_pending("POST /api/auth/password"));
  EXPECT_EQ(transport.pending.back().request.token, "old");
  // The server ends every session first: this socket is closed with
  // AUTH_FAILED and its refresh, with the old cookie, is refused...
  transport.frame(R"(44/dashboard,{"message":"AUTH_FAILED"})");
  ASSERT_TRUE(transport.has_pending("POST /api/auth/refresh"));
  // ...while the answer with the new session is on its way.
  transport.answer_first("POST /api/auth/password", 200, login_json("new", "alice"));
  EXPECT_TRUE(account.form().done);
  EXPECT_EQ(live.token(), "new");
  transport.answer_first("POST /api/auth/refresh", 401,
                         R"({"error":{"code":"UNAUTHORIZED","message":"session ended"}})");
  // The refusal was about the old session: still signed in, dialing with the new token.
  EXPECT_FALSE(live.needs_sign_in());
  live.update(kStart + 1000);
  transport.server_accepts();
  EXPECT_EQ(transport.sent.back().rfind(R"(40/dashboard,{"token":"new")", 0), 0u)
      << transport.sent.back();
}

TEST_F(AccountClientTest, AWrongCurrentPasswordIsSaidNextToIt) {
  go_live("old", "alice");
  account.change_password("nope-nope-nope", "orange-brick-wall-9", "orange-brick-wall-9", kStart);
  transport.answer_first(
      "POST /api/auth/password", 400,
      R"({"error":{"code":"VALIDATION_FAILED","field":"currentPassword","message":"currentPassword: the current password is not right"}})");
  EXPECT_EQ(account.form().errors.field("currentPassword"), "The current password is not right");
  EXPECT_EQ(live.token(), "old");
  EXPECT_FALSE(live.needs_sign_in());
}

}  // namespace
}  // namespace dashboard::app
