// [SECTION] Helpers
// [SECTION] Subscribe and acks
// [SECTION] Events: order, duplicates, gaps, filter, debounce
// [SECTION] Reconnect, polling fallback, resync
// [SECTION] Ends: unsubscribed, refused, presence
#include "core/client/topic_subscriptions.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dashboard::core::client {
namespace {

using Kind = TopicUpdate::Kind;

constexpr UnixMillis kT0 = 1'800'000'000'000;
const std::string kBoard = "board:alice";

// [SECTION] Helpers

std::string envelope(const std::string& topic, std::int64_t seq,
                     const std::string& kind = "STATUS_CHANGED", const std::string& trace = "t1") {
  return R"({"eventId":"e)" + std::to_string(seq) +
         R"(","type":"topic:event","timestamp":"2026-12-03T10:00:00.000Z","seq":)" +
         std::to_string(seq) + R"(,"payload":{"topic":")" + topic + R"(","event":")" + kind +
         R"(","data":{"entity_id":"m)" + std::to_string(seq) +
         R"(","payload":{"title":"Castle"},"user_id":2,"user_name":"bob","timestamp":"2026-12-03T10:00:00.000Z"},"trace_id":")" +
         trace + R"("}})";
}

std::string page(const std::string& topic, std::int64_t from, std::int64_t to,
                 std::int64_t last_seq) {
  std::string body = R"({"topic":")" + topic + R"(","events":[)";
  for (std::int64_t seq = from; seq <= to; ++seq) {
    if (seq > from) body += ',';
    body += envelope(topic, seq);
  }
  return body + R"(],"lastSeq":)" + std::to_string(last_seq) + "}";
}

TopicOptions from(std::int64_t seq) {
  TopicOptions o;
  o.from_seq = seq;
  return o;
}
TopicOptions only(std::vector<TopicEventKind> kinds) {
  TopicOptions o;
  o.only = std::move(kinds);
  return o;
}
TopicOptions debounce(std::int64_t ms) {
  TopicOptions o;
  o.debounce_ms = ms;
  return o;
}
TopicOptions poll_every(std::int64_t ms) {
  TopicOptions o;
  o.poll_interval_ms = ms;
  return o;
}

struct Recorder {
  std::vector<TopicUpdate> updates;
  TopicCallback callback() {
    return [this](const TopicUpdate& u) { updates.push_back(u); };
  }
  std::vector<std::int64_t> seqs() const {
    std::vector<std::int64_t> out;
    for (const TopicUpdate& u : updates) {
      if (u.kind != Kind::Events) continue;
      for (const TopicEvent& e : u.events) out.push_back(e.seq);
    }
    return out;
  }
  int count(Kind kind) const {
    int n = 0;
    for (const TopicUpdate& u : updates) n += u.kind == kind ? 1 : 0;
    return n;
  }
};

class TopicSubscriptionsTest : public ::testing::Test {
 protected:
  // Connected, subscribed to board:alice and acknowledged at `seq`.
  void live_at(std::int64_t seq, TopicOptions options = {}) {
    topics.on_connected(kT0);
    topics.subscribe(kBoard, std::move(options), rec.callback(), kT0);
    ack(R"([{"ok":true,"seq":)" + std::to_string(seq) + R"(,"users":["bob","alice"]}])");
    ASSERT_EQ(topics.state(kBoard), TopicState::Live);
  }
  // Answers the one subscribe emitted since the last call.
  void ack(const std::string& args, UnixMillis now = kT0) {
    auto emits = topics.take_emits();
    ASSERT_EQ(emits.size(), 1u);
    ASSERT_EQ(emits[0].event, "subscribe");
    last_emit = emits[0];
    topics.on_ack(emits[0].ticket, args, now);
  }
  void event(std::int64_t seq, UnixMillis now = kT0, const std::string& kind = "STATUS_CHANGED") {
    EXPECT_TRUE(topics.on_socket_event("topic:event", envelope(kBoard, seq, kind), now));
  }

  TopicSubscriptions topics;
  Recorder rec;
  TopicEmit last_emit;
};

// [SECTION] Subscribe and acks

TEST(TopicEventDecoding, ReadsTheRequirementsShape) {
  rapidjson::Document doc;
  doc.Parse(envelope(kBoard, 7, "ADDED", "req-42").c_str());
  const auto e = decode_topic_event(doc);
  ASSERT_TRUE(e) << e.error().to_string();
  EXPECT_EQ(e->topic, kBoard);
  EXPECT_EQ(e->seq, 7);
  EXPECT_EQ(e->kind, TopicEventKind::Added);
  EXPECT_EQ(e->entity_id, "m7");
  EXPECT_EQ(e->user_id, 2);
  EXPECT_EQ(e->user_name, "bob");
  EXPECT_EQ(e->trace_id, "req-42");
  EXPECT_EQ(e->payload_json, R"({"title":"Castle"})");
}

TEST(TopicEventDecoding, NamesTheBadField) {
  rapidjson::Document doc;
  doc.Parse(R"({"seq":3,"payload":{"topic":"board:a","event":"ADDED","data":{"entity_id":"x"}}})");
  const auto e = decode_topic_event(doc);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().path, "payload.data.user_id");
}

TEST_F(TopicSubscriptionsTest, SubscribesOnceConnectedAndTakesTheAcksPosition) {
  topics.subscribe(kBoard, {}, rec.callback(), kT0);
  EXPECT_TRUE(topics.take_emits().empty());  // not connected yet
  topics.on_connected(kT0);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  EXPECT_EQ(emits[0].arg_json, R"({"topic":"board:alice"})");
  topics.on_ack(emits[0].ticket, R"([{"ok":true,"seq":12,"users":["bob","alice"]}])", kT0);
  EXPECT_EQ(topics.state(kBoard), TopicState::Live);
  EXPECT_EQ(topics.last_seq(kBoard), 12);
  ASSERT_EQ(rec.count(Kind::Subscribed), 1);
  EXPECT_EQ(rec.updates[0].users, (std::vector<std::string>{"alice", "bob"}));
}

TEST_F(TopicSubscriptionsTest, FromSeqIsSentAsLastSeq) {
  topics.on_connected(kT0);
  topics.subscribe(kBoard, from(41), rec.callback(), kT0);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  EXPECT_EQ(emits[0].arg_json, R"({"topic":"board:alice","lastSeq":41})");
}

TEST_F(TopicSubscriptionsTest, AnUnsubscribeIsEmittedAndSilencesTheCallback) {
  live_at(5);
  topics.unsubscribe(kBoard);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  EXPECT_EQ(emits[0].event, "unsubscribe");
  event(6);
  EXPECT_TRUE(rec.seqs().empty());
  EXPECT_FALSE(topics.state(kBoard));
}

// [SECTION] Events: order, duplicates, gaps, filter, debounce

TEST_F(TopicSubscriptionsTest, HandsOverEventsInOrderAndDropsDuplicates) {
  live_at(5);
  event(6);
  event(6);
  event(5);
  event(7);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6, 7}));
  EXPECT_EQ(topics.last_seq(kBoard), 7);
}

TEST_F(TopicSubscriptionsTest, AGapIsRepairedOverRest) {
  live_at(5);
  event(8);  // 6 and 7 are missing
  EXPECT_TRUE(rec.seqs().empty());
  auto polls = topics.take_polls(kT0);
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_EQ(polls[0].target, "/api/topics/board:alice/events?since=5&limit=200");
  topics.on_poll_response(kBoard, polls[0].ticket, 200, page(kBoard, 6, 8, 8), kT0);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6, 7, 8}));
  EXPECT_TRUE(topics.take_polls(kT0 + 60000).empty());  // repaired: no more polling
}

TEST_F(TopicSubscriptionsTest, TheFilterPassesOnlyTheChosenKindsButTheSeqAdvances) {
  live_at(5, only({TopicEventKind::StatusChanged}));
  event(6, kT0, "UPDATED");
  event(7, kT0, "STATUS_CHANGED");
  event(8, kT0, "ACCESS_REVOKED");
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{7}));
  EXPECT_EQ(topics.last_seq(kBoard), 8);
}

TEST_F(TopicSubscriptionsTest, DebounceBatchesABurst) {
  live_at(5, debounce(100));
  event(6, kT0);
  event(7, kT0 + 50);
  event(8, kT0 + 90);
  topics.update(kT0 + 150);
  EXPECT_EQ(rec.count(Kind::Events), 0);  // still bursting: 60 ms since the last
  EXPECT_EQ(topics.next_deadline(), kT0 + 190);
  topics.update(kT0 + 190);
  ASSERT_EQ(rec.count(Kind::Events), 1);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6, 7, 8}));
}

TEST_F(TopicSubscriptionsTest, AnEndlessBurstIsStillHandedOverWithin4xTheDebounce) {
  live_at(5, debounce(100));
  for (int i = 0; i < 10; ++i) event(6 + i, kT0 + i * 50);  // one every 50 ms for 450 ms
  EXPECT_GE(rec.count(Kind::Events), 1);
  EXPECT_EQ(rec.seqs().front(), 6);
}

// [SECTION] Reconnect, polling fallback, resync

TEST_F(TopicSubscriptionsTest, ResubscribesWithTheLastSeqAfterAReconnect) {
  live_at(5);
  event(6);
  topics.on_disconnected(kT0 + 1000);
  EXPECT_EQ(topics.state(kBoard), TopicState::Polling);
  topics.on_connected(kT0 + 2000);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  EXPECT_EQ(emits[0].arg_json, R"({"topic":"board:alice","lastSeq":6})");
  // The replay comes before the ack, then live events.
  event(7, kT0 + 2000);
  event(8, kT0 + 2000);
  topics.on_ack(emits[0].ticket, R"([{"ok":true,"seq":8}])", kT0 + 2000);
  event(9, kT0 + 2000);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6, 7, 8, 9}));
  EXPECT_EQ(rec.count(Kind::Subscribed), 2);
}

TEST_F(TopicSubscriptionsTest, PollsEveryIntervalWhileDownAndStopsWhenBack) {
  live_at(5, poll_every(10000));
  topics.on_disconnected(kT0);
  EXPECT_TRUE(topics.take_polls(kT0 + 9999).empty());
  EXPECT_EQ(topics.next_deadline(), kT0 + 10000);
  auto polls = topics.take_polls(kT0 + 10000);
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_EQ(polls[0].target, "/api/topics/board:alice/events?since=5&limit=200");
  topics.on_poll_response(kBoard, polls[0].ticket, 200, page(kBoard, 6, 6, 6), kT0 + 10100);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6}));
  polls = topics.take_polls(kT0 + 20100);
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_EQ(polls[0].target, "/api/topics/board:alice/events?since=6&limit=200");
  // Back before the answer: the late answer is dropped, the replay brings it.
  topics.on_connected(kT0 + 20200);
  topics.on_poll_response(kBoard, polls[0].ticket, 200, page(kBoard, 7, 7, 7), kT0 + 20300);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6}));
  ack(R"([{"ok":true,"seq":6}])", kT0 + 20300);
  EXPECT_TRUE(topics.take_polls(kT0 + 60000).empty());
  EXPECT_EQ(topics.state(kBoard), TopicState::Live);
}

TEST_F(TopicSubscriptionsTest, AFailedPollIsTriedAgainNextInterval) {
  live_at(5, poll_every(10000));
  topics.on_disconnected(kT0);
  auto polls = topics.take_polls(kT0 + 10000);
  ASSERT_EQ(polls.size(), 1u);
  topics.on_poll_response(kBoard, polls[0].ticket, 0, "", kT0 + 10000);
  EXPECT_TRUE(topics.take_polls(kT0 + 19999).empty());
  EXPECT_EQ(topics.take_polls(kT0 + 20000).size(), 1u);
}

TEST_F(TopicSubscriptionsTest, ResyncRequiredAsksThePageToRefetchThenResumes) {
  live_at(5);
  topics.on_disconnected(kT0);
  topics.on_connected(kT0 + 1000);
  ack(R"([{"ok":true,"seq":900,"resyncRequired":true}])");
  EXPECT_EQ(rec.count(Kind::ResyncRequired), 1);
  EXPECT_EQ(topics.state(kBoard), TopicState::Resync);
  event(901);
  EXPECT_TRUE(rec.seqs().empty());
  topics.resume_from(kBoard, 900, kT0 + 2000);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  EXPECT_EQ(emits[0].arg_json, R"({"topic":"board:alice","lastSeq":900})");
}

TEST_F(TopicSubscriptionsTest, TheServerMaySayResyncRequiredLater) {
  live_at(5);
  EXPECT_TRUE(
      topics.on_socket_event("topic:resyncRequired", R"({"topic":"board:alice","seq":5})", kT0));
  EXPECT_EQ(rec.count(Kind::ResyncRequired), 1);
  EXPECT_EQ(topics.state(kBoard), TopicState::Resync);
}

TEST_F(TopicSubscriptionsTest, A410WhilePollingIsAResync) {
  live_at(5);
  topics.on_disconnected(kT0);
  auto polls = topics.take_polls(kT0 + 10000);
  ASSERT_EQ(polls.size(), 1u);
  topics.on_poll_response(kBoard, polls[0].ticket, 410, "{}", kT0 + 10000);
  EXPECT_EQ(rec.count(Kind::ResyncRequired), 1);
  EXPECT_TRUE(topics.take_polls(kT0 + 60000).empty());
}

// [SECTION] Ends: unsubscribed, refused, presence

TEST_F(TopicSubscriptionsTest, UnsubscribedEndsItWithTheReasonAndNothingFollows) {
  live_at(5);
  EXPECT_TRUE(topics.on_socket_event("unsubscribed",
                                     R"({"topic":"board:alice","reason":"ACCESS_REVOKED"})", kT0));
  ASSERT_EQ(rec.count(Kind::Unsubscribed), 1);
  EXPECT_EQ(rec.updates.back().reason, "ACCESS_REVOKED");
  EXPECT_EQ(topics.state(kBoard), TopicState::Ended);
  event(6);
  topics.on_disconnected(kT0);
  topics.on_connected(kT0 + 1000);
  EXPECT_TRUE(topics.take_emits().empty());  // not resubscribed
  EXPECT_TRUE(rec.seqs().empty());
}

TEST_F(TopicSubscriptionsTest, ARefusalReachesThePageWithItsCode) {
  topics.on_connected(kT0);
  topics.subscribe("board:carol", {}, rec.callback(), kT0);
  auto emits = topics.take_emits();
  ASSERT_EQ(emits.size(), 1u);
  topics.on_ack(emits[0].ticket,
                R"([{"ok":false,"error":{"code":"FORBIDDEN","message":"not shared"}}])", kT0);
  ASSERT_EQ(rec.count(Kind::Refused), 1);
  EXPECT_EQ(rec.updates[0].reason, "FORBIDDEN");
  EXPECT_EQ(rec.updates[0].message, "not shared");
  EXPECT_EQ(topics.state("board:carol"), TopicState::Ended);
}

TEST_F(TopicSubscriptionsTest, RateLimitedIsRetriedLater) {
  topics.on_connected(kT0);
  topics.subscribe(kBoard, {}, rec.callback(), kT0);
  ack(R"([{"ok":false,"error":{"code":"RATE_LIMITED","message":"slow down"}}])");
  EXPECT_EQ(rec.count(Kind::Refused), 0);
  topics.take_polls(kT0 + 1000);
  EXPECT_TRUE(topics.take_emits().empty());
  topics.take_polls(kT0 + 2000);
  EXPECT_EQ(topics.take_emits().size(), 1u);
}

TEST_F(TopicSubscriptionsTest, A403WhilePollingEndsIt) {
  live_at(5);
  topics.on_disconnected(kT0);
  auto polls = topics.take_polls(kT0 + 10000);
  ASSERT_EQ(polls.size(), 1u);
  topics.on_poll_response(kBoard, polls[0].ticket, 403,
                          R"({"error":{"code":"FORBIDDEN","message":"not shared"}})", kT0 + 10000);
  ASSERT_EQ(rec.count(Kind::Unsubscribed), 1);
  EXPECT_EQ(rec.updates.back().reason, "FORBIDDEN");
}

TEST_F(TopicSubscriptionsTest, PresenceChangesReachThePage) {
  live_at(5);
  EXPECT_EQ(topics.users(kBoard), (std::vector<std::string>{"alice", "bob"}));
  topics.on_socket_event("presence", R"({"topic":"board:alice","users":["alice"]})", kT0);
  ASSERT_EQ(rec.count(Kind::Presence), 1);
  EXPECT_EQ(rec.updates.back().users, (std::vector<std::string>{"alice"}));
}

TEST_F(TopicSubscriptionsTest, MalformedEventsAreLoggedAndSkipped) {
  live_at(5);
  EXPECT_TRUE(topics.on_socket_event("topic:event", R"({"seq":"six"})", kT0));
  EXPECT_TRUE(topics.on_socket_event("topic:event", "[1", kT0));
  EXPECT_FALSE(topics.on_socket_event("dashboard:summaryUpdated", "{}", kT0));
  EXPECT_EQ(topics.take_log().size(), 2u);
  event(6);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6}));
}

TEST_F(TopicSubscriptionsTest, ACallbackMayUnsubscribeItself) {
  topics.on_connected(kT0);
  topics.subscribe(
      kBoard, {},
      [this](const TopicUpdate& u) {
        rec.updates.push_back(u);
        if (u.kind == Kind::Events) topics.unsubscribe(kBoard);
      },
      kT0);
  ack(R"([{"ok":true,"seq":5}])");
  event(6);
  event(7);
  EXPECT_EQ(rec.seqs(), (std::vector<std::int64_t>{6}));
}

}  // namespace
}  // namespace dashboard::core::client
