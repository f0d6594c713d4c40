// SessionHarness: one RealtimeSession driven over Beast's in-memory test
// stream, with a real Hub, TokenService, Metrics and SharedState, and a
// client-side websocket::stream on the other end of the pipe.
//
// Everything runs on one io_context in the test's thread. In-memory I/O
// completes as soon as the peer acts, so settle() (run ready handlers until
// none is left) is the deterministic "the exchange has gone as far as it
// can"; only the ping tests wait on real timers, bounded by run_until().
//
//   SessionHarness h(store);
//   ASSERT_TRUE(h.open());
//   EXPECT_EQ(h.receive().text.substr(0, 1), "0");   // the open packet
//   h.send(R"(40/dashboard,{"token":")" + h.token_for(alice) + R"("})");
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/fail_count.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "auth/token_service.hpp"
#include "fakes.hpp"
#include "http/shared_state.hpp"
#include "metrics.hpp"
#include "realtime/hub.hpp"
#include "realtime/realtime_context.hpp"
#include "realtime/realtime_session.hpp"
#include "store/store.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {

using TestStream = boost::beast::test::stream;
using TestSession = realtime::RealtimeSessionT<TestStream>;
using ClientSocket = boost::beast::websocket::stream<TestStream>;

// One client read: a message, or the error that ended the read
// (websocket::error::closed after a close frame; asio::error::timed_out
// when nothing arrived).
struct Received {
  boost::beast::error_code ec;
  std::string text;
  bool binary = false;
};

class SessionHarness {
 public:
  explicit SessionHarness(std::shared_ptr<store::DashboardStore> store,
                          realtime::RealtimeLimits limits = {});
  ~SessionHarness();
  SessionHarness(const SessionHarness&) = delete;
  SessionHarness& operator=(const SessionHarness&) = delete;

  // Connects the client, hands its upgrade request to a new session (as the
  // HTTP gateway does) and runs the WebSocket handshake. `server_faults`
  // goes to the server side of the pipe. False when the handshake failed.
  bool open(boost::beast::test::fail_count* server_faults = nullptr);

  // Runs ready handlers until none is left.
  void settle();
  // Runs handlers and timers until `done()` or `limit` has passed.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit);

  // Sends one message from the client and settles.
  boost::beast::error_code send(std::string_view text, bool binary = false);
  // The client's next message. With a zero `limit` only what is already on
  // its way counts; otherwise timers may run for up to `limit`. A read that
  // finds nothing stays pending and is picked up by the next call.
  Received receive(std::chrono::milliseconds limit = std::chrono::milliseconds(0));
  // Reads until the read fails (normally: the server's close frame).
  Received receive_until_error(std::chrono::milliseconds limit = std::chrono::milliseconds(0));
  // Starts a client close; true once the closing handshake has completed.
  bool close_from_client();
  // The peer vanishes: the client's transport is closed without a close frame.
  void drop_client();

  // A token for the /dashboard CONNECT, and the CONNECT frame carrying it.
  std::string token_for(store::UserId user, const std::string& name) const;
  static std::string connect_frame(const std::string& token);

  // The close frame the server sent, as the client received it.
  boost::beast::websocket::close_code close_code() const {
    return static_cast<boost::beast::websocket::close_code>(client_->reason().code);
  }
  std::string close_text() const {
    const auto& reason = client_->reason().reason;
    return std::string(reason.data(), reason.size());
  }
  std::shared_ptr<TestSession> session() const { return session_.lock(); }
  bool session_released() const { return session_.expired(); }
  bool out_of_work() const { return ioc_.stopped(); }
  double connected_sockets() const { return metrics_.connected_sockets.Value(); }
  std::string log_text() const { return log_.str(); }

  boost::asio::io_context& ioc() { return ioc_; }
  Metrics& metrics() { return metrics_; }
  realtime::Hub& hub() { return *hub_; }
  http::SharedState& state() { return *ctx_->state; }

 private:
  struct Inbox {
    boost::beast::flat_buffer buffer;
    std::optional<Received> result;
  };

  std::ostringstream log_;  // session logs, kept out of the test output
  boost::asio::io_context ioc_;
  Metrics metrics_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<auth::TokenService> tokens_;
  std::shared_ptr<realtime::Hub> hub_;
  std::shared_ptr<realtime::RealtimeContext> ctx_;
  std::optional<ClientSocket> client_;
  std::shared_ptr<Inbox> inbox_;  // the pending client read, if any
  std::weak_ptr<TestSession> session_;
};

// A store on SQLite in a temp dir (alice and bob) plus one harness whose
// hub hears the store's commits, so events reach the socket as in the server.
class RealtimeSessionTest : public StoreFixtureBase {
 protected:
  void TearDown() override {
    harness_.reset();
    StoreFixtureBase::TearDown();
  }

  // A new harness with an open session (the handshake is asserted).
  SessionHarness& start(realtime::RealtimeLimits limits = {}) {
    // The fixture owns the store; the hub only borrows it.
    harness_ = std::make_unique<SessionHarness>(
        std::shared_ptr<store::DashboardStore>(std::shared_ptr<void>(), store_.get()), limits);
    store_->set_commit_listener([h = harness_.get()](store::UserId user, std::int64_t seq) {
      h->hub().notify_commit(user, seq);
    });
    EXPECT_TRUE(harness_->open());
    return *harness_;
  }

  // Reads the open packet, then connects `user` to /dashboard.
  void connect(SessionHarness& h, store::UserId user, const std::string& name) {
    const Received open = h.receive();
    EXPECT_EQ(open.text.substr(0, 1), "0");
    EXPECT_FALSE(h.send(SessionHarness::connect_frame(h.token_for(user, name))));
    const Received ack = h.receive();
    EXPECT_EQ(ack.text.substr(0, 15), "40/dashboard,{\"");
  }

  std::unique_ptr<SessionHarness> harness_;
};

}  // namespace dashboard::server::testing
