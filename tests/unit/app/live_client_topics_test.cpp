// The live client's topic subscriptions over a scripted transport: the
// subscribe goes out with an ack id once the namespace is connected, the
// ack and the topic frames reach the page's callback, a reconnect
// resubscribes with the last seq, and REST polling runs while the socket
// is down.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/live_client.hpp"
#include "app/scripted_transport.hpp"  // tests/unit/app
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

using core::client::TopicOptions;
using core::client::TopicUpdate;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

std::string topic_frame(std::int64_t seq, const std::string& trace) {
  return core::sio::encode_event_frame(
      "/dashboard", "topic:event",
      R"({"eventId":"e","type":"topic:event","timestamp":"2026-12-03T10:00:00.000Z","seq":)" +
          std::to_string(seq) +
          R"(,"payload":{"topic":"board:alice","event":"STATUS_CHANGED","data":{"entity_id":"m1","payload":{},"user_id":2,"user_name":"bob","timestamp":"2026-12-03T10:00:00.000Z"},"trace_id":")" +
          trace + R"("}})");
}

// The ack id of an emitted event frame "42/dashboard,<id>[...]": the client
// numbers its round-trip probes and its subscribes from one counter.
std::string ack_id_of(const std::string& frame) {
  const std::size_t comma = frame.find(',');
  return frame.substr(comma + 1, frame.find('[') - comma - 1);
}

// The sent frame with its ack id replaced by N, for comparisons.
std::string without_ack_id(const std::string& frame) {
  return frame.substr(0, frame.find(',') + 1) + "N" + frame.substr(frame.find('['));
}

class LiveClientTopicsTest : public ::testing::Test {
 protected:
  LiveClientTopicsTest() : live(transport, LiveConfig{}, [] { return 0.5; }) {}

  void connect() {
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
  }

  ScriptedTransport transport;
  LiveClient live;
  std::vector<TopicUpdate> updates;
};

TEST_F(LiveClientTopicsTest, SubscribesWithAnAckAndHandsEventsToThePage) {
  live.start("tok", "bob", kStart);
  TopicOptions options;
  options.from_seq = 7;
  live.subscribe_topic(
      "board:alice", options, [this](const TopicUpdate& u) { updates.push_back(u); }, kStart);
  connect();
  ASSERT_FALSE(transport.sent.empty());
  const std::string subscribe = transport.sent.back();
  EXPECT_EQ(without_ack_id(subscribe),
            R"(42/dashboard,N["subscribe",{"topic":"board:alice","lastSeq":7}])");
  transport.frame(topic_frame(8, "t8"));  // the replay, before the ack
  transport.frame("43/dashboard," + ack_id_of(subscribe) +
                  R"([{"ok":true,"seq":8,"users":["alice","bob"]}])");
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].kind, TopicUpdate::Kind::Events);
  EXPECT_EQ(updates[0].events.at(0).trace_id, "t8");
  EXPECT_EQ(updates[1].kind, TopicUpdate::Kind::Subscribed);
  EXPECT_EQ(live.topics().state("board:alice"), core::client::TopicState::Live);

  // Lost: after the poll interval the topic is read over REST.
  transport.server_drops();
  live.update(kStart + 10000);
  EXPECT_TRUE(transport.has_pending("GET /api/topics/board:alice/events?since=8"));
  transport.answer_first("GET /api/topics/", 200,
                         R"({"topic":"board:alice","events":[],"lastSeq":8})");
}

TEST_F(LiveClientTopicsTest, AReconnectResubscribesFromTheLastSeq) {
  live.start("tok", "bob", kStart);
  connect();
  live.subscribe_topic(
      "board:alice", {}, [this](const TopicUpdate& u) { updates.push_back(u); }, kStart);
  const std::string first = transport.sent.back();
  EXPECT_EQ(without_ack_id(first), R"(42/dashboard,N["subscribe",{"topic":"board:alice"}])");
  transport.frame("43/dashboard," + ack_id_of(first) + R"([{"ok":true,"seq":3}])");
  transport.frame(topic_frame(4, "t4"));
  transport.server_drops();
  live.retry(kStart + 1000);
  connect();
  const std::string again = transport.sent.back();
  EXPECT_EQ(without_ack_id(again),
            R"(42/dashboard,N["subscribe",{"topic":"board:alice","lastSeq":4}])");
  transport.frame("43/dashboard," + ack_id_of(again) +
                  R"([{"ok":false,"error":{"code":"FORBIDDEN","message":"no"}}])");
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back().kind, TopicUpdate::Kind::Refused);
  EXPECT_EQ(updates.back().reason, "FORBIDDEN");
}

}  // namespace
}  // namespace dashboard::app
