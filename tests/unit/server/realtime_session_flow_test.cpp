// RealtimeSession's outgoing side over an in-memory stream: delivered frames
// in order, the slow-consumer cut-off, resync notices, and the heartbeat
// (the only tests here that wait on real timers, a few hundred ms).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/socketio/socketio.hpp"
#include "realtime_session_harness.hpp"

namespace dashboard::server::testing {
namespace {

using boost::beast::websocket::close_code;
namespace websocket = boost::beast::websocket;
using std::chrono::milliseconds;

realtime::Frame event_frame(int n, std::size_t padding = 0) {
  return std::make_shared<const std::string>(core::sio::encode_event_frame(
      "/dashboard", "test:event", "{\"n\":" + std::to_string(n) + "}", std::string(padding, 'p')));
}

realtime::RealtimeLimits heartbeat(milliseconds interval, milliseconds timeout) {
  realtime::RealtimeLimits limits;
  limits.ping_interval = interval;
  limits.ping_timeout = timeout;
  return limits;
}

TEST_F(RealtimeSessionTest, DeliveredFramesArriveInOrder) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  constexpr int kFrames = 20;
  for (int i = 0; i < kFrames; ++i) h.session()->deliver(event_frame(i));
  for (int i = 0; i < kFrames; ++i) {
    const Received received = h.receive();
    ASSERT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text, *event_frame(i));
  }
  EXPECT_EQ(h.metrics().events_sent.Value(), kFrames);
  EXPECT_GT(h.metrics().bytes_sent.Value(), 0);
}

// Batches from the hub and single frames share one inbox: order holds
// across them, and one drain hands the whole burst to the writer.
TEST_F(RealtimeSessionTest, DeliveredBatchesKeepOrderWithSingleFrames) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  const std::vector<realtime::Frame> batch = {event_frame(1), event_frame(2), event_frame(3)};
  h.session()->deliver(event_frame(0));
  h.session()->deliver(std::span<const realtime::Frame>(batch));
  h.session()->deliver(std::span<const realtime::Frame>());  // nothing to hand off
  h.session()->deliver(event_frame(4));
  for (int i = 0; i < 5; ++i) {
    const Received received = h.receive();
    ASSERT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text, *event_frame(i));
  }
  EXPECT_EQ(h.metrics().events_sent.Value(), 5);
}

// A burst handed over at once leaves in one write (one writev on a real
// socket), frames in order, each a whole WebSocket message.
TEST_F(RealtimeSessionTest, BurstGoesOutInOneWrite) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  const double writes_before = h.metrics().ws_writes.Value();
  std::vector<realtime::Frame> burst;
  for (int i = 1; i <= 10; ++i) burst.push_back(event_frame(i));
  h.session()->deliver(event_frame(0));
  h.session()->deliver(std::span<const realtime::Frame>(burst));
  for (int i = 0; i <= 10; ++i) {
    const Received received = h.receive();
    ASSERT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text, *event_frame(i));
  }
  EXPECT_EQ(h.metrics().ws_writes.Value() - writes_before, 1);
  EXPECT_EQ(h.metrics().events_sent.Value(), 11);
}

// More frames than one write takes: the rest follow in the next, in order.
TEST_F(RealtimeSessionTest, LongBurstIsSplitAcrossWritesInOrder) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  const double writes_before = h.metrics().ws_writes.Value();
  std::vector<realtime::Frame> burst;
  for (int i = 0; i < 60; ++i) burst.push_back(event_frame(i));
  h.session()->deliver(std::span<const realtime::Frame>(burst));
  for (int i = 0; i < 60; ++i) {
    const Received received = h.receive();
    ASSERT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text, *event_frame(i));
  }
  EXPECT_GE(h.metrics().ws_writes.Value() - writes_before, 3);  // 24 frames per write at most
  EXPECT_LE(h.metrics().ws_writes.Value() - writes_before, 4);
}

// The frame header has three length encodings (7, 16 and 64 bits); a client
// reads each at its edges.
TEST_F(RealtimeSessionTest, FramesOfEveryLengthEncodingArriveWhole) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  const std::string base = *event_frame(0);
  std::vector<realtime::Frame> frames;
  for (const std::size_t size : {base.size(), std::size_t{125}, std::size_t{126},
                                 std::size_t{65535}, std::size_t{65536}, std::size_t{200000}}) {
    // The padding travels as one more argument: `,"` + padding + `"`.
    frames.push_back(size == base.size() ? event_frame(0) : event_frame(0, size - base.size() - 3));
    ASSERT_EQ(frames.back()->size(), size);
  }
  h.session()->deliver(std::span<const realtime::Frame>(frames));
  for (const auto& frame : frames) {
    const Received received = h.receive();
    ASSERT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text.size(), frame->size());
    EXPECT_EQ(received.text, *frame);
  }
}

TEST_F(RealtimeSessionTest, ResyncRequiredIsAnEventWithTheLastSeq) {
  SessionHarness& h = start();
  connect(h, alice_, "alice");
  h.session()->resync_required(7);
  EXPECT_EQ(h.receive().text, R"(42/dashboard,["dashboard:resyncRequired",{"lastSeq":7}])");
}

TEST_F(RealtimeSessionTest, SlowConsumerIsDisconnected) {
  realtime::RealtimeLimits limits;
  limits.max_queued_bytes = 200;
  SessionHarness& h = start(limits);
  connect(h, alice_, "alice");
  // The client reads nothing while the frames are queued: the first is on
  // the wire when the rest arrive, and the second already overflows.
  const auto frame = event_frame(0, 150);
  ASSERT_LE(frame->size(), limits.max_queued_bytes);
  for (int i = 0; i < 5; ++i) h.session()->deliver(event_frame(i, 150));
  h.settle();
  EXPECT_EQ(h.metrics().slow_consumer_disconnects.Value(), 1);

  EXPECT_EQ(h.receive().text, *frame);  // the one in flight still arrives
  const Received end = h.receive();
  EXPECT_EQ(end.ec, websocket::error::closed) << end.ec.message();
  EXPECT_EQ(h.close_code(), close_code::policy_error);
  EXPECT_EQ(h.close_text(), "slow consumer");
  EXPECT_TRUE(h.session_released());
  EXPECT_EQ(h.connected_sockets(), 0);
  EXPECT_EQ(h.metrics().events_sent.Value(), 1);
}

TEST_F(RealtimeSessionTest, ServerPingsAfterThePingInterval) {
  const auto before_open = std::chrono::steady_clock::now();
  SessionHarness& h = start(heartbeat(milliseconds(150), milliseconds(2000)));
  ASSERT_FALSE(h.receive().ec);
  EXPECT_EQ(h.receive(milliseconds(5000)).text, "2");
  EXPECT_GE(std::chrono::steady_clock::now() - before_open, milliseconds(150));
  EXPECT_EQ(h.connected_sockets(), 1);
}

TEST_F(RealtimeSessionTest, LatePongCloses) {
  SessionHarness& h = start(heartbeat(milliseconds(100), milliseconds(100)));
  ASSERT_FALSE(h.receive().ec);
  EXPECT_EQ(h.receive(milliseconds(5000)).text, "2");
  const Received end = h.receive(milliseconds(5000));  // no pong: the timeout closes
  EXPECT_EQ(end.ec, websocket::error::closed) << end.ec.message();
  EXPECT_EQ(h.close_code(), close_code::going_away);
  EXPECT_EQ(h.close_text(), "ping timeout");
  EXPECT_TRUE(h.session_released());
  EXPECT_EQ(h.connected_sockets(), 0);
}

TEST_F(RealtimeSessionTest, PongInTimeKeepsTheSocketOpen) {
  // A generous timeout: the pong only has to beat it, even on a busy machine.
  SessionHarness& h = start(heartbeat(milliseconds(100), milliseconds(5000)));
  ASSERT_FALSE(h.receive().ec);
  for (int round = 0; round < 2; ++round) {
    const Received ping = h.receive(milliseconds(5000));
    ASSERT_EQ(ping.text, "2") << "round " << round << ": " << ping.ec.message();
    ASSERT_FALSE(h.send("3"));
  }
  EXPECT_EQ(h.connected_sockets(), 1);
  EXPECT_FALSE(h.session_released());
}

}  // namespace
}  // namespace dashboard::server::testing
