#include "realtime_session_harness.hpp"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "log.hpp"

namespace dashboard::server::testing {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using beast::error_code;

namespace {

const std::string kSecret = "realtime-session-test-secret-0123456789";

}  // namespace

SessionHarness::SessionHarness(std::shared_ptr<store::DashboardStore> store,
                               realtime::RealtimeLimits limits)
    : tokens_(std::make_shared<auth::TokenService>(kSecret, clock_)),
      hub_(std::make_shared<realtime::Hub>(ioc_.get_executor(), std::move(store), metrics_)),
      ctx_(std::make_shared<realtime::RealtimeContext>()) {
  log::set_sink(&log_);
  ctx_->hub = hub_;
  ctx_->tokens = tokens_;
  ctx_->state = std::make_shared<http::SharedState>();
  ctx_->ids = std::make_shared<CountingIds>();
  ctx_->metrics = &metrics_;
  ctx_->limits = limits;
}

SessionHarness::~SessionHarness() {
  drop_client();
  log::set_sink(nullptr);
}

bool SessionHarness::open(beast::test::fail_count* server_faults) {
  TestStream server = server_faults ? TestStream(ioc_, *server_faults) : TestStream(ioc_);
  client_.emplace(ioc_);
  client_->next_layer().connect(server);
  auto handshake = std::make_shared<std::optional<error_code>>();
  client_->async_handshake("localhost", "/socket.io/?EIO=4&transport=websocket",
                           [handshake](error_code ec) { *handshake = ec; });
  settle();

  // The gateway's part: the upgrade request is parsed before the session
  // exists. Reading it from the input area keeps it off the fault counter.
  beast::http::request_parser<beast::http::string_body> parser;
  error_code ec;
  auto& input = server.buffer();
  input.consume(parser.put(input.data(), ec));
  if (ec || !parser.is_done()) {
    ADD_FAILURE() << "upgrade request not parsed: " << ec.message();
    return false;
  }
  auto session = std::make_shared<TestSession>(std::move(server), ctx_, "test-peer");
  session_ = session;
  session->run(parser.release());
  session.reset();
  settle();
  return *handshake && !**handshake;
}

void SessionHarness::settle() {
  for (;;) {
    ioc_.restart();
    if (ioc_.poll() == 0) return;
  }
}

bool SessionHarness::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    ioc_.restart();
    if (ioc_.run_one_until(deadline) == 0) break;  // out of time or out of work
  }
  return done();
}

error_code SessionHarness::send(std::string_view text, bool binary) {
  auto message = std::make_shared<const std::string>(text);
  auto result = std::make_shared<std::optional<error_code>>();
  client_->binary(binary);
  client_->async_write(boost::asio::buffer(*message),
                       [message, result](error_code ec, std::size_t) { *result = ec; });
  settle();
  return result->value_or(boost::asio::error::timed_out);
}

Received SessionHarness::receive(std::chrono::milliseconds limit) {
  if (!inbox_) {
    inbox_ = std::make_shared<Inbox>();
    client_->async_read(inbox_->buffer, [this, inbox = inbox_](error_code ec, std::size_t) {
      inbox->result = Received{ec, beast::buffers_to_string(inbox->buffer.data()),
                               !ec && client_->got_binary()};
    });
  }
  if (limit.count() == 0) {
    settle();
  } else {
    run_until([this] { return inbox_->result.has_value(); }, limit);
    settle();  // let the server finish what the message set off
  }
  if (!inbox_->result) return Received{boost::asio::error::timed_out, {}, false};
  Received received = std::move(*inbox_->result);
  inbox_.reset();
  return received;
}

Received SessionHarness::receive_until_error(std::chrono::milliseconds limit) {
  for (;;) {
    Received received = receive(limit);
    if (received.ec) return received;
  }
}

bool SessionHarness::close_from_client() {
  auto result = std::make_shared<std::optional<error_code>>();
  client_->async_close(websocket::close_code::normal, [result](error_code ec) { *result = ec; });
  settle();
  return *result && !**result;
}

void SessionHarness::drop_client() {
  if (client_) client_->next_layer().close();
  settle();
}

std::string SessionHarness::token_for(store::UserId user, const std::string& name) const {
  return tokens_->issue(user, name, std::chrono::hours(1));
}

std::string SessionHarness::connect_frame(const std::string& token) {
  return R"(40/dashboard,{"token":")" + token + R"("})";
}

}  // namespace dashboard::server::testing
