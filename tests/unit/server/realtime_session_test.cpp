// RealtimeSession over an in-memory stream: the Engine.IO open packet, the
// /dashboard CONNECT (token, namespace, resume), and every way a client
// packet closes the socket: malformed, binary, oversized, over the rate.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/socketio/engineio.hpp"
#include "core/socketio/socketio.hpp"
#include "realtime_session_harness.hpp"

namespace dashboard::server::testing {
namespace {

namespace eio = core::eio;
namespace sio = core::sio;
using boost::beast::websocket::close_code;
namespace websocket = boost::beast::websocket;

constexpr std::string_view kFirstSid = "00000000-0000-4000-8000-000000000001";

// The frames the hub sends for `user`'s events after `since`.
std::vector<std::string> hub_frames(store::DashboardStore& store, store::UserId user,
                                    std::int64_t since, bool with_offset) {
  std::vector<std::string> frames;
  const auto page = store.events_since(user, since, 1000);
  if (!page) {
    ADD_FAILURE() << page.error().message;
    return frames;
  }
  for (const store::StoredEvent& event : page->events) {
    frames.push_back(*realtime::Hub::encode_frame(event, with_offset));
  }
  return frames;
}

// Expects the server's close frame next, with `code` and a reason starting
// with `reason`, and the session gone afterwards.
void expect_closed(SessionHarness& h, close_code code, std::string_view reason) {
  const Received received = h.receive_until_error();
  EXPECT_EQ(received.ec, websocket::error::closed) << received.ec.message();
  EXPECT_EQ(h.close_code(), code);
  EXPECT_EQ(h.close_text().substr(0, reason.size()), reason);
  EXPECT_TRUE(h.session_released());
  EXPECT_EQ(h.connected_sockets(), 0);
  EXPECT_EQ(h.state().size(), 0u);
}

TEST_F(RealtimeSessionTest, OpenPacketCarriesSidTimingsAndMaxPayload) {
  realtime::RealtimeLimits limits;
  limits.ping_interval = std::chrono::milliseconds(1500);
  limits.ping_timeout = std::chrono::milliseconds(700);
  limits.max_message_bytes = 4096;
  SessionHarness& h = start(limits);
  const Received open = h.receive();
  ASSERT_FALSE(open.ec) << open.ec.message();
  EXPECT_FALSE(open.binary);
  const auto packet = eio::decode_packet(open.text);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->type, eio::PacketType::Open);
  const auto payload = eio::decode_open(packet->data);
  ASSERT_TRUE(payload) << payload.error().to_string();
  EXPECT_EQ(payload->sid, kFirstSid);
  EXPECT_TRUE(payload->upgrades.empty());
  EXPECT_EQ(payload->ping_interval_ms, 1500);
  EXPECT_EQ(payload->ping_timeout_ms, 700);
  EXPECT_EQ(payload->max_payload, 4096);
  EXPECT_EQ(h.connected_sockets(), 1);
  EXPECT_EQ(h.state().size(), 1u);
}

TEST_F(RealtimeSessionTest, ConnectWithValidTokenJoinsTheUsersRoom) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send(SessionHarness::connect_frame(h.token_for(alice_, "alice"))));
  // A socket.io client (no lastSeq) gets a pid for connection-state recovery.
  EXPECT_EQ(h.receive().text, sio::encode_connect_ok("/dashboard", kFirstSid, kFirstSid));

  const std::int64_t before = version(alice_);
  create(alice_, "Millennium Falcon");
  const std::vector<std::string> expected = hub_frames(*store_, alice_, before, true);
  ASSERT_FALSE(expected.empty());
  for (const std::string& frame : expected) EXPECT_EQ(h.receive().text, frame);

  create(bob_, "X-wing");  // another user's room
  EXPECT_EQ(h.receive().ec, boost::asio::error::timed_out);
  EXPECT_EQ(h.metrics().events_sent.Value(), static_cast<double>(expected.size()));
}

TEST_F(RealtimeSessionTest, ConnectWithLastSeqReplaysMissedEvents) {
  create(alice_, "Death Star");
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  const std::string token = h.token_for(alice_, "alice");
  ASSERT_FALSE(h.send(R"(40/dashboard,{"token":")" + token + R"(","lastSeq":0})"));
  EXPECT_EQ(h.receive().text, sio::encode_connect_ok("/dashboard", kFirstSid));
  const std::vector<std::string> missed = hub_frames(*store_, alice_, 0, false);
  ASSERT_FALSE(missed.empty());
  for (const std::string& frame : missed) EXPECT_EQ(h.receive().text, frame);
  EXPECT_EQ(h.receive().ec, boost::asio::error::timed_out);
}

TEST_F(RealtimeSessionTest, DisconnectPacketLeavesTheRoomButKeepsTheSocket) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  ASSERT_FALSE(h.send("41/dashboard,"));
  create(alice_, "Slave I");
  EXPECT_EQ(h.receive().ec, boost::asio::error::timed_out);
  EXPECT_EQ(h.connected_sockets(), 1);
}

TEST_F(RealtimeSessionTest, BadTokenIsRefusedThenClosed) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send(R"(40/dashboard,{"token":"not-a-jwt"})"));
  EXPECT_EQ(h.receive().text, R"(44/dashboard,{"message":"AUTH_FAILED"})");
  expect_closed(h, close_code::policy_error, "auth failed");
  EXPECT_EQ(h.metrics().auth_failures.Value(), 1);
}

TEST_F(RealtimeSessionTest, MissingTokenIsRefusedThenClosed) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("40/dashboard,{}"));
  EXPECT_EQ(h.receive().text, R"(44/dashboard,{"message":"AUTH_FAILED"})");
  expect_closed(h, close_code::policy_error, "auth failed: missing token");
}

TEST_F(RealtimeSessionTest, OtherNamespaceIsRefusedAndTheSocketStaysOpen) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("40/x,"));
  EXPECT_EQ(h.receive().text, R"(44/x,{"message":"Invalid namespace"})");
  ASSERT_FALSE(h.send(SessionHarness::connect_frame(h.token_for(alice_, "alice"))));
  EXPECT_EQ(h.receive().text.substr(0, 13), "40/dashboard,");
  EXPECT_EQ(h.connected_sockets(), 1);
  EXPECT_EQ(h.metrics().auth_failures.Value(), 0);
}

TEST_F(RealtimeSessionTest, EngineIoPingProbeIsAnswered) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("2probe"));
  EXPECT_EQ(h.receive().text, "3probe");
}

// Frames that are not Engine.IO, or carry a message that is not socket.io.
struct Malformed {
  const char* name;
  std::string frame;
};

class MalformedPacket : public RealtimeSessionTest,
                        public ::testing::WithParamInterface<Malformed> {};

TEST_P(MalformedPacket, ClosesWithProtocolError) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send(GetParam().frame));
  expect_closed(h, close_code::protocol_error, "parse error");
  EXPECT_EQ(h.metrics().protocol_errors.Value(), 1);
}

INSTANTIATE_TEST_SUITE_P(
    RealtimeSessionTest, MalformedPacket,
    ::testing::Values(Malformed{"EmptyFrame", ""}, Malformed{"UnknownEngineIoType", "x"},
                      Malformed{"EngineIoTypeOutOfRange", "7"}, Malformed{"EmptyMessage", "4"},
                      Malformed{"UnknownSocketIoType", "49"},
                      Malformed{"NamespaceWithoutComma", "40/dashboard"},
                      Malformed{"TruncatedJson", R"(40/dashboard,{"token":)"},
                      Malformed{"EventNameNotAString", "42[1]"},
                      Malformed{"BinaryEvent", R"(451-["x",{"_placeholder":true,"num":0}])"}),
    [](const ::testing::TestParamInfo<Malformed>& param) { return param.param.name; });

TEST_F(RealtimeSessionTest, BinaryFrameCloses) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("40/dashboard,", true));
  expect_closed(h, close_code::bad_payload, "binary frames are not supported");
  EXPECT_EQ(h.metrics().protocol_errors.Value(), 1);
}

TEST_F(RealtimeSessionTest, MessageOverTheSizeLimitCloses) {
  realtime::RealtimeLimits limits;
  limits.max_message_bytes = 64;
  SessionHarness& h = start(limits);
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("42[\"x\",\"" + std::string(100, 'a') + "\"]"));
  // Beast fails the connection itself: the close frame, then teardown
  // without waiting for the reply, which the in-memory pipe reports to the
  // replying client as a reset.
  const Received end = h.receive_until_error();
  EXPECT_TRUE(end.ec == websocket::error::closed || end.ec == boost::asio::error::connection_reset)
      << end.ec.message();
  EXPECT_EQ(h.close_code(), close_code::too_big);
  EXPECT_TRUE(h.session_released());
  EXPECT_EQ(h.connected_sockets(), 0);
  EXPECT_EQ(h.metrics().protocol_errors.Value(), 1);
}

TEST_F(RealtimeSessionTest, PacketRateOverTheBurstCloses) {
  realtime::RealtimeLimits limits;
  limits.packets_per_second = 0.001;  // no refill within the test
  limits.packet_burst = 3;
  SessionHarness& h = start(limits);
  ASSERT_FALSE(h.receive().ec);
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(h.send("6"));  // noop: no reply
  EXPECT_EQ(h.receive().ec, boost::asio::error::timed_out);
  EXPECT_EQ(h.connected_sockets(), 1);
  ASSERT_FALSE(h.send("6"));
  expect_closed(h, close_code::policy_error, "packet rate limit exceeded");
  EXPECT_EQ(h.metrics().protocol_errors.Value(), 1);
}

TEST_F(RealtimeSessionTest, EngineIoClosePacketClosesNormally) {
  SessionHarness& h = start();
  ASSERT_FALSE(h.receive().ec);
  ASSERT_FALSE(h.send("1"));
  expect_closed(h, close_code::normal, "client closed");
}

TEST_F(RealtimeSessionTest, ServerShutdownSendsGoingAway) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  h.session()->close_gracefully();
  expect_closed(h, close_code::going_away, "server shutdown");
}

TEST_F(RealtimeSessionTest, ClientCloseFrameEndsTheSession) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  EXPECT_TRUE(h.close_from_client());
  EXPECT_TRUE(h.session_released());
  EXPECT_EQ(h.connected_sockets(), 0);
  EXPECT_NE(h.log_text().find(R"("msg":"socket closed")"), std::string::npos) << h.log_text();
}

TEST_F(RealtimeSessionTest, PeerVanishingEndsTheSession) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  h.drop_client();
  EXPECT_TRUE(h.session_released());
  EXPECT_TRUE(h.out_of_work());
  EXPECT_EQ(h.connected_sockets(), 0);
}

}  // namespace
}  // namespace dashboard::server::testing
