// The status page's feed over a scripted transport: subscribe:status once
// the namespace is connected (and again after a reconnect), the bulk update
// and deltas applied with the changes noted for the flash and the live
// region, Refresh with its ack, error events as toasts, unsubscribe when
// the page goes, and the dashboard's System card polling GET /api/status
// for admins only.
#include "app/status_client.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/live_client.hpp"
#include "app/scripted_transport.hpp"  // tests/unit/app
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

using core::client::ServiceHealth;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

constexpr const char* kBulk = R"({"overall":"operational","role":"admin","services":[
  {"serviceId":"database","name":"Database","public":true,"status":"up","responseTime":1.5,
   "details":"ok","timestamp":"2026-12-03T10:00:00Z","uptime":100,"history":[]}]})";

std::string event(const char* name, const std::string& arg) {
  return core::sio::encode_event_frame("/dashboard", name, arg);
}

// The ack id of an emitted frame "42/dashboard,<id>[...]".
std::string ack_id_of(const std::string& frame) {
  const std::size_t comma = frame.find(',');
  return frame.substr(comma + 1, frame.find('[') - comma - 1);
}

class StatusClientTest : public ::testing::Test {
 protected:
  StatusClientTest() : live(transport, LiveConfig{}, [] { return 0.5; }), status(transport, live) {}

  void connect() {
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
  }
  void start() {
    live.start("tok", "alice", kStart);
    while (transport.has_pending("GET /api/dashboard")) {
      transport.answer_first("GET /api/dashboard", 503, "");
    }
    connect();
  }
  // The sent frames that emit `name`.
  std::vector<std::string> emitted(const std::string& name) const {
    std::vector<std::string> out;
    for (const std::string& f : transport.sent) {
      if (f.find("[\"" + name + "\"") != std::string::npos) out.push_back(f);
    }
    return out;
  }

  ScriptedTransport transport;
  LiveClient live;
  StatusClient status;
};

TEST_F(StatusClientTest, SubscribesOnceConnectedAndAppliesBulkAndDeltas) {
  live.start("tok", "alice", kStart);
  status.update(kStart, StatusWant::Live);
  EXPECT_TRUE(emitted("subscribe:status").empty());  // not connected yet
  connect();
  status.update(kStart + 10, StatusWant::Live);
  status.update(kStart + 20, StatusWant::Live);
  ASSERT_EQ(emitted("subscribe:status").size(), 1u);
  EXPECT_TRUE(status.loading());
  transport.frame(event("service:bulk-update", kBulk));
  ASSERT_FALSE(status.loading());
  EXPECT_EQ(status.model().find("database")->health, ServiceHealth::Up);
  EXPECT_TRUE(status.admin());

  status.update(kStart + 1000, StatusWant::Live);
  transport.frame(event("service:status", R"({"serviceId":"database","status":"degraded",
      "timestamp":"2026-12-03T10:00:10Z"})"));
  EXPECT_EQ(status.model().find("database")->health, ServiceHealth::Degraded);
  EXPECT_EQ(status.model().find("database")->details, "ok");
  EXPECT_EQ(status.changed_at("database"), kStart + 1000);
  EXPECT_EQ(status.announcement(), "Database degraded");
  // A malformed delta is skipped, never fatal.
  transport.frame(event("service:status", R"({"serviceId":"database","status":7})"));
  EXPECT_EQ(status.model().find("database")->health, ServiceHealth::Degraded);
}

TEST_F(StatusClientTest, SubscribesAgainAfterAReconnect) {
  start();
  status.update(kStart, StatusWant::Live);
  ASSERT_EQ(emitted("subscribe:status").size(), 1u);
  transport.server_drops();
  status.update(kStart + 100, StatusWant::Live);
  EXPECT_EQ(emitted("subscribe:status").size(), 1u);
  live.update(kStart + 60'000);  // the backoff has passed: the client dials again
  connect();
  status.update(kStart + 60'001, StatusWant::Live);
  EXPECT_EQ(emitted("subscribe:status").size(), 2u);
}

TEST_F(StatusClientTest, RefreshWaitsForItsAckAndAppliesTheAnswer) {
  start();
  status.update(kStart, StatusWant::Live);
  transport.frame(event("service:bulk-update", kBulk));
  status.refresh("database");
  status.refresh("database");  // disabled while it runs: not sent twice
  ASSERT_EQ(emitted("request:refresh").size(), 1u);
  const std::string sent = emitted("request:refresh").front();
  EXPECT_NE(sent.find(R"(["request:refresh",{"serviceId":"database"}])"), std::string::npos);
  EXPECT_TRUE(status.refreshing("database"));
  transport.frame(
      "43/dashboard," + ack_id_of(sent) +
      R"([{"ok":true,"service":{"serviceId":"database","name":"Database","status":"down",
                  "details":"unreachable","timestamp":"2026-12-03T10:00:20Z","history":[]}}])");
  EXPECT_FALSE(status.refreshing("database"));
  EXPECT_EQ(status.model().find("database")->health, ServiceHealth::Down);
  EXPECT_EQ(status.announcement(), "Database down");

  status.refresh("database");
  const std::string again = emitted("request:refresh").back();
  transport.frame(
      "43/dashboard," + ack_id_of(again) +
      R"([{"ok":false,"error":{"code":"RATE_LIMITED","message":"Too many refreshes"}}])");
  const std::vector<Toast> toasts = status.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title, "Too many refreshes");
  EXPECT_EQ(toasts[0].detail, "Error code: RATE_LIMITED");
  EXPECT_FALSE(status.refreshing("database"));
}

TEST_F(StatusClientTest, ARefreshLostWithTheSocketDoesNotStayDisabled) {
  start();
  status.update(kStart, StatusWant::Live);
  status.refresh("database");
  EXPECT_TRUE(status.refreshing("database"));
  transport.server_drops();
  live.update(kStart + 60'000);
  connect();
  status.update(kStart + 60'001, StatusWant::Live);
  EXPECT_FALSE(status.refreshing("database"));
}

TEST_F(StatusClientTest, ErrorEventsAreToasts) {
  start();
  status.update(kStart, StatusWant::Live);
  transport.frame(event("error", R"({"serviceId":"bad","code":"CHECK_CANNOT_RUN",
      "message":"scheme must be http or https"})"));
  const std::vector<Toast> toasts = status.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].kind, Toast::Kind::Error);
  EXPECT_EQ(toasts[0].title, "scheme must be http or https");
  EXPECT_EQ(toasts[0].detail, "bad \xC2\xB7 Error code: CHECK_CANNOT_RUN");
}

TEST_F(StatusClientTest, LeavingThePageUnsubscribesAndIgnoresLateEvents) {
  start();
  status.update(kStart, StatusWant::Live);
  transport.frame(event("service:bulk-update", kBulk));
  status.update(kStart + 10, StatusWant::None);
  EXPECT_EQ(emitted("unsubscribe:status").size(), 1u);
  transport.frame(event("service:status", R"({"serviceId":"database","status":"down",
      "timestamp":"2026-12-03T10:00:10Z"})"));
  EXPECT_EQ(status.model().find("database")->health, ServiceHealth::Up);
}

TEST_F(StatusClientTest, TheSystemCardPollsForAdminsOnly) {
  start();
  status.update(kStart, StatusWant::Summary);
  ASSERT_TRUE(transport.has_pending("GET /api/status"));
  transport.answer_first("GET /api/status", 200, kBulk);
  EXPECT_TRUE(status.admin());
  EXPECT_TRUE(emitted("subscribe:status").empty());  // no subscription for the card
  status.update(kStart + 1000, StatusWant::Summary);
  EXPECT_FALSE(transport.has_pending("GET /api/status"));
  status.update(kStart + 30'000, StatusWant::Summary);
  ASSERT_TRUE(transport.has_pending("GET /api/status"));
  // The answer says a member: no card and no more polls.
  transport.answer_first("GET /api/status", 200,
                         R"({"overall":"operational","role":"member","services":[]})");
  EXPECT_FALSE(status.admin());
  status.update(kStart + 120'000, StatusWant::Summary);
  EXPECT_FALSE(transport.has_pending("GET /api/status"));
}

}  // namespace
}  // namespace dashboard::app
