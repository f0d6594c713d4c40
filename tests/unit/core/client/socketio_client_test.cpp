#include "core/client/socketio_client.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dashboard::core::client {
namespace {

constexpr const char* kOpen =
    R"(0{"sid":"abc","upgrades":[],"pingInterval":1000,"pingTimeout":500,"maxPayload":1000000})";

const char* summary_frame() {
  return R"(42/dashboard,["dashboard:summaryUpdated",{"eventId":"6f1c2a4e-8b7d-4c3a-9e2f-1a2b3c4d5e6f","type":"dashboard:summaryUpdated","timestamp":"2026-11-30T10:00:00Z","seq":7,"payload":{"totalMocs":3,"totalWishlistItems":1,"mocsByBuildStatus":{"ADDED":1,"IN_PROGRESS":1,"BUILT":1},"mocsByCoverageStatus":{"FULL_INVENTORY":1,"PARTIAL_ORDERED":1,"NONE":1}}}])";
}

// Past the Engine.IO handshake: its CONNECT carrying `auth` is sent and the
// namespace has not answered yet.
SocketioClient awaiting_connect(const char* auth) {
  SocketioClient client;
  client.begin(auth, 0);
  client.on_frame(kOpen, 0);
  return client;
}

SocketioClient connected_client() {
  SocketioClient client = awaiting_connect(R"({"token":"t"})");
  client.on_frame("40/dashboard,{\"sid\":\"x\"}", 0);
  return client;
}

TEST(SocketioClient, AnswersTheOpenPacketWithAConnectCarryingTheAuthObject) {
  SocketioClient client;
  client.begin(R"({"token":"t","lastSeq":4})", 0);
  const FrameOutcome out = client.on_frame(kOpen, 10);
  ASSERT_EQ(out.replies.size(), 1u);
  EXPECT_EQ(out.replies[0], R"(40/dashboard,{"token":"t","lastSeq":4})");
  EXPECT_EQ(out.signal, ClientSignal::None);
  EXPECT_FALSE(client.connected());
}

TEST(SocketioClient, ReportsConnectedOnTheNamespacesConnectPacket) {
  SocketioClient client = awaiting_connect("{}");
  EXPECT_EQ(client.on_frame("40/other,{}", 0).signal, ClientSignal::None);
  const FrameOutcome out = client.on_frame(R"(40/dashboard,{"sid":"s1"})", 0);
  EXPECT_EQ(out.signal, ClientSignal::Connected);
  EXPECT_TRUE(client.connected());
}

TEST(SocketioClient, ReportsTheRefusalReason) {
  SocketioClient client = awaiting_connect("{}");
  const FrameOutcome out = client.on_frame(R"(44/dashboard,{"message":"AUTH_FAILED"})", 0);
  EXPECT_EQ(out.signal, ClientSignal::ConnectRefused);
  EXPECT_EQ(out.message, "AUTH_FAILED");
}

TEST(SocketioClient, HandsOverSystemStatusEventsApart) {
  SocketioClient client = connected_client();
  for (const char* name : {"service:bulk-update", "service:status", "error"}) {
    const FrameOutcome out = client.on_frame(
        std::string(R"(42/dashboard,[")") + name + R"(",{"serviceId":"database"}])", 0);
    ASSERT_TRUE(out.status_event.has_value()) << name;
    EXPECT_EQ(out.status_event->name, name);
    EXPECT_EQ(out.status_event->arg_json, R"({"serviceId":"database"})");
    EXPECT_FALSE(out.topic_event.has_value());
    EXPECT_EQ(out.log, "");
  }
}

TEST(SocketioClient, AnswersPingsWithPongs) {
  SocketioClient client = connected_client();
  const FrameOutcome out = client.on_frame("2", 0);
  ASSERT_EQ(out.replies.size(), 1u);
  EXPECT_EQ(out.replies[0], "3");
}

TEST(SocketioClient, DecodesADashboardEvent) {
  SocketioClient client = connected_client();
  const FrameOutcome out = client.on_frame(summary_frame(), 0);
  ASSERT_TRUE(out.event.has_value()) << out.log;
  EXPECT_EQ(out.event->seq, 7);
  EXPECT_EQ(out.event->type(), EventType::SummaryUpdated);
  EXPECT_TRUE(out.log.empty());
}

TEST(SocketioClient, SkipsUnknownAndInvalidEventsWithALogLine) {
  SocketioClient client = connected_client();
  FrameOutcome out = client.on_frame(R"(42/dashboard,["dashboard:somethingNew",{}])", 0);
  EXPECT_FALSE(out.event);
  EXPECT_NE(out.log.find("unknown type"), std::string::npos);

  out = client.on_frame(
      R"(42/dashboard,["dashboard:summaryUpdated",{"eventId":"nope","type":"dashboard:summaryUpdated","timestamp":"2026-11-30T10:00:00Z","seq":7,"payload":{}}])",
      0);
  EXPECT_FALSE(out.event);
  EXPECT_NE(out.log.find("eventId"), std::string::npos) << out.log;
  EXPECT_EQ(out.signal, ClientSignal::None);  // the connection survives

  out = client.on_frame("4garbage", 0);
  EXPECT_FALSE(out.event);
  EXPECT_FALSE(out.log.empty());
  EXPECT_TRUE(client.connected());
}

TEST(SocketioClient, SkipsAnEventWhoseEnvelopeDisagreesWithItsName) {
  SocketioClient client = connected_client();
  std::string frame = summary_frame();
  frame.replace(frame.find("summaryUpdated"), 14, "recentMocAdded");
  const FrameOutcome out = client.on_frame(frame, 0);
  EXPECT_FALSE(out.event);
  EXPECT_NE(out.log.find("envelope type"), std::string::npos) << out.log;
}

TEST(SocketioClient, PassesOnTheServersRequestToResynchronize) {
  SocketioClient client = connected_client();
  const FrameOutcome out =
      client.on_frame(R"(42/dashboard,["dashboard:resyncRequired",{"lastSeq":9}])", 0);
  EXPECT_EQ(out.signal, ClientSignal::ResyncRequired);
  EXPECT_FALSE(out.event);
}

TEST(SocketioClient, ReportsAServerCloseOrDisconnect) {
  SocketioClient client = connected_client();
  EXPECT_EQ(client.on_frame("41/dashboard,", 0).signal, ClientSignal::Closed);
  EXPECT_EQ(connected_client().on_frame("1", 0).signal, ClientSignal::Closed);
}

TEST(SocketioClient, NoticesASilentServerAfterPingIntervalPlusTimeout) {
  SocketioClient client = connected_client();
  EXPECT_FALSE(client.ping_overdue(1500));
  EXPECT_TRUE(client.ping_overdue(1501));
  client.on_frame("2", 1400);
  EXPECT_FALSE(client.ping_overdue(2900));
}

TEST(SocketioClient, TimesTheRoundTripWithAnAcknowledgedPing) {
  SocketioClient client = connected_client();
  const auto probe = client.rtt_probe(1000, 10000);
  ASSERT_TRUE(probe);
  EXPECT_EQ(*probe, R"(42/dashboard,1["dashboard:ping"])");
  EXPECT_FALSE(client.rtt_probe(1001, 10000));  // one outstanding at a time
  client.on_frame("43/dashboard,2[]", 1010);    // someone else's ack
  EXPECT_FALSE(client.rtt_ms());
  client.on_frame("43/dashboard,1[]", 1012);
  EXPECT_EQ(client.rtt_ms(), 12);
  EXPECT_FALSE(client.rtt_probe(5000, 10000));
  EXPECT_TRUE(client.rtt_probe(11000, 10000));
}

TEST(SocketioClient, SaysHowLongTheProbeHasGoneUnansweredAndNeverReplacesIt) {
  SocketioClient client = connected_client();
  EXPECT_FALSE(client.unanswered_ms(1000));
  ASSERT_TRUE(client.rtt_probe(1000, 10000));
  EXPECT_EQ(client.unanswered_ms(1000), 0);
  EXPECT_EQ(client.unanswered_ms(4000), 3000);
  // However long the silence, no second probe: the owner decides it is dead.
  EXPECT_FALSE(client.rtt_probe(100000, 10000));
  const FrameOutcome acked = client.on_frame("43/dashboard,1[]", 4500);
  EXPECT_TRUE(acked.probe_answered);
  EXPECT_FALSE(client.unanswered_ms(4500));
  EXPECT_EQ(client.rtt_ms(), 3500);
  EXPECT_FALSE(client.on_frame("2", 4600).probe_answered);
}

TEST(SocketioClient, ProbesAtOnceOnANewSocket) {
  SocketioClient client = connected_client();
  ASSERT_TRUE(client.rtt_probe(1000, 10000));
  client.on_frame("43/dashboard,1[]", 1010);
  EXPECT_FALSE(client.rtt_probe(2000, 10000));
  client.begin("{}", 2000);
  client.on_frame(
      R"(0{"sid":"s","upgrades":[],"pingInterval":500,"pingTimeout":1000,"maxPayload":100})", 2000);
  client.on_frame(R"(40/dashboard,{"sid":"x"})", 2001);
  EXPECT_TRUE(client.rtt_probe(2002, 10000));
}

TEST(SocketioClient, SaysGoodbyeOnlyWhenConnected) {
  SocketioClient client;
  client.begin("{}", 0);
  EXPECT_EQ(client.goodbye(), "");
  EXPECT_EQ(connected_client().goodbye(), "41/dashboard,");
}

}  // namespace
}  // namespace dashboard::core::client
