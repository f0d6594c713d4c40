// The messaging pages' data through a scripted server: the list read once
// signed in (the badge's count), a thread read when it opens and marked
// read while open, a live message to the open thread, a toast for one that
// is not open, a send confirmed by its answer, a send the network drops
// kept with the reason and sent again by Retry with the same clientId, and
// an unknown person.
#include "app/messages_client.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/scripted_transport.hpp"
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

using core::client::InboxMessage;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

std::string message_json(const std::string& from, const std::string& to, std::int64_t seq,
                         const std::string& text, const std::string& client_id = "") {
  return R"({"id":"m)" + std::to_string(seq) + R"(","seq":)" + std::to_string(seq) +
         R"(,"from":")" + from + R"(","to":")" + to + R"(","text":")" + text + R"(","clientId":")" +
         client_id + R"(","createdAt":"2026-12-03T10:00:00.000Z"})";
}

// message:new at stream position `seq`, as the socket carries it.
std::string message_frame(std::int64_t seq, const std::string& from, const std::string& text,
                          std::int64_t unread) {
  core::DashboardEvent event = core::testing::sample_event(
      core::MessageNew{R"({"message":)" + message_json(from, "bob", seq, text) + R"(,"with":")" +
                       from + R"(","unread":)" + std::to_string(unread) + R"(,"unreadTotal":)" +
                       std::to_string(unread) + "}"});
  event.seq = seq;
  return core::sio::encode_event_frame("/dashboard", core::to_string(event.type()),
                                       core::encode_event(event));
}

class MessagesClientTest : public ::testing::Test {
 protected:
  MessagesClientTest()
      : live(transport, LiveConfig{}, [] { return 0.5; }), messages(transport, live) {}

  void SetUp() override {
    live.start("tok", "bob", kStart);
    core::DashboardView view = core::testing::sample_view();
    view.version = 10;
    ASSERT_EQ(transport.answer(200, core::encode_dashboard_view(view)), "/api/dashboard");
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    step();
    const HttpRequest list = transport.answer_first("GET /api/conversations", 200,
                                                    R"({"items":[{"with":"carol","lastMessage":)" +
                                                        message_json("carol", "bob", 3, "Hello") +
                                                        R"(,"unread":2}],"unreadTotal":2})");
    EXPECT_EQ(list.token, "tok");
    step();
    ASSERT_EQ(messages.list_state(), ReadState::Shown);
  }

  void step() {
    live.update(kStart);
    messages.update(kStart);
  }

  void open_alice() {
    messages.want_thread("alice");
    step();
    transport.answer_first("GET /api/conversations/alice/messages?limit=50", 200,
                           R"({"items":[)" + message_json("alice", "bob", 1, "First") +
                               R"(],"nextCursor":null,"unread":0})");
    step();
    ASSERT_EQ(messages.thread_state(), ReadState::Shown);
  }

  ScriptedTransport transport;
  LiveClient live;
  MessagesClient messages;
};

TEST_F(MessagesClientTest, TheListIsReadOnceAndCountsTheUnread) {
  EXPECT_EQ(messages.inbox().unread_total(), 2);
  ASSERT_EQ(messages.inbox().conversations().size(), 1u);
  EXPECT_EQ(messages.inbox().conversations()[0].with, "carol");
  step();
  EXPECT_FALSE(transport.has_pending("GET /api/conversations"));
}

TEST_F(MessagesClientTest, AnOpenThreadWithUnreadMessagesIsMarkedRead) {
  messages.want_thread("carol");
  step();
  transport.answer_first("GET /api/conversations/carol/messages", 200,
                         R"({"items":[)" + message_json("carol", "bob", 3, "Hello") +
                             R"(],"nextCursor":null,"unread":2})");
  step();
  EXPECT_TRUE(transport.has_pending("POST /api/conversations/carol/read"));
}

TEST_F(MessagesClientTest, ALiveMessageJoinsTheOpenThreadAndOneElsewhereToasts) {
  open_alice();
  transport.frame(message_frame(11, "alice", "Saturday?", 1));
  step();
  ASSERT_EQ(messages.inbox().thread().size(), 2u);
  EXPECT_EQ(messages.inbox().thread()[1].text, "Saturday?");
  EXPECT_TRUE(messages.take_toasts().empty());
  EXPECT_TRUE(transport.has_pending("POST /api/conversations/alice/read"));

  transport.frame(message_frame(12, "dave", "Spare plates?", 1));
  step();
  const std::vector<Toast> toasts = messages.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title, "dave: Spare plates?");
}

TEST_F(MessagesClientTest, ASendIsPendingThenConfirmedByItsAnswer) {
  open_alice();
  messages.send("On \"my\" way");
  ASSERT_EQ(messages.inbox().thread().back().state, InboxMessage::State::Pending);
  const std::string client_id = messages.inbox().thread().back().client_id;
  const HttpRequest sent =
      transport.answer_first("POST /api/conversations/alice/messages", 201,
                             message_json("bob", "alice", 2, "On \\\"my\\\" way", client_id));
  EXPECT_EQ(sent.body, R"({"text":"On \"my\" way","clientId":")" + client_id + "\"}");
  ASSERT_EQ(messages.inbox().thread().size(), 2u);
  EXPECT_EQ(messages.inbox().thread().back().state, InboxMessage::State::Confirmed);
  EXPECT_EQ(messages.inbox().thread().back().text, "On \"my\" way");
}

TEST_F(MessagesClientTest, ASendTheNetworkDropsKeepsItsTextAndRetrySendsItAgain) {
  open_alice();
  messages.send("Lost");
  const std::string client_id = messages.inbox().thread().back().client_id;
  const HttpRequest first = transport.answer_first("POST /api/conversations/alice/messages", 0, "");
  EXPECT_FALSE(first.idempotency_key.empty());
  EXPECT_EQ(messages.inbox().thread().back().state, InboxMessage::State::Failed);
  EXPECT_EQ(messages.inbox().thread().back().error, "Not sent: no connection");
  EXPECT_EQ(messages.inbox().thread().back().text, "Lost");

  messages.retry_send(client_id);
  EXPECT_EQ(messages.inbox().thread().back().state, InboxMessage::State::Pending);
  const HttpRequest again =
      transport.answer_first("POST /api/conversations/alice/messages", 400,
                             R"({"error":{"code":"VALIDATION_FAILED",)"
                             R"("message":"text: too long","field":"text"}})");
  EXPECT_NE(again.body.find(client_id), std::string::npos);
  // The server may have the first: the same key makes the resend a replay.
  EXPECT_EQ(again.idempotency_key, first.idempotency_key);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(messages.inbox().thread().back().error, "Not sent: text: too long");

  messages.send("Another");
  const HttpRequest other = transport.answer_first("POST /api/conversations/alice/messages", 0, "");
  EXPECT_NE(other.idempotency_key, first.idempotency_key);
}

TEST_F(MessagesClientTest, SoundAndBrowserAlertsFollowThePreferencesAndAskOnce) {
  transport.answer_first(
      "GET /api/notifications/preferences", 200,
      R"({"preferences":{"message":{"toast":false,"sound":true,"browser":false}}})");
  step();
  ASSERT_TRUE(messages.preferences_loaded());
  transport.frame(message_frame(11, "dave", "Spare plates?", 1));
  step();
  EXPECT_TRUE(messages.take_toasts().empty());  // toast off
  const std::vector<core::client::Alert> alerts = messages.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(alerts[0].sound);
  EXPECT_FALSE(alerts[0].browser);

  EXPECT_FALSE(messages.take_permission_request());
  messages.set_preferences("message", {.toast = false, .sound = true, .browser = true});
  EXPECT_TRUE(messages.take_permission_request());
  EXPECT_FALSE(messages.take_permission_request());
  const HttpRequest put = transport.answer_first("PUT /api/notifications/preferences", 200, "{}");
  EXPECT_NE(put.body.find(R"("message":{"toast":false,"sound":true,"browser":true})"),
            std::string::npos)
      << put.body;
}

TEST_F(MessagesClientTest, APreferenceTheServerRefusesGoesBack) {
  transport.answer_first("GET /api/notifications/preferences", 200, R"({"preferences":{}})");
  step();
  messages.set_preferences("announcement", {.toast = false, .sound = false, .browser = false});
  EXPECT_FALSE(messages.inbox().prefs("announcement").toast);
  transport.answer_first("PUT /api/notifications/preferences", 503,
                         R"({"error":{"code":"UNAVAILABLE","message":"database down"}})");
  EXPECT_TRUE(messages.inbox().prefs("announcement").toast);
  const std::vector<Toast> toasts = messages.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title, "Preferences not saved");
}

TEST_F(MessagesClientTest, AnUnknownPersonIsNotFound) {
  messages.want_thread("nobody");
  step();
  transport.answer_first("GET /api/conversations/nobody/messages", 404,
                         R"({"error":{"code":"NOT_FOUND","message":"no user named nobody"}})");
  EXPECT_EQ(messages.thread_state(), ReadState::NotFound);
}

}  // namespace
}  // namespace dashboard::app
