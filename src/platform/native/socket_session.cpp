#include "platform/native/socket_session.hpp"

#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <string>
#include <utility>

namespace dashboard::platform {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

SocketSession::SocketSession(boost::asio::io_context& io, Origin origin, std::string path,
                             std::chrono::milliseconds timeout, SocketEvents events)
    : resolver_(io),
      ws_(io),
      origin_(std::move(origin)),
      path_(std::move(path)),
      timeout_(timeout),
      events_(std::move(events)) {}

void SocketSession::start() {
  resolver_.async_resolve(
      origin_.host, std::to_string(origin_.port),
      beast::bind_front_handler(&SocketSession::on_resolve, shared_from_this()));
}

void SocketSession::on_resolve(beast::error_code ec, const tcp::resolver::results_type& endpoints) {
  if (state_ != State::Connecting) return;
  if (ec) return fail("resolve: " + ec.message());
  beast::get_lowest_layer(ws_).expires_after(timeout_);
  beast::get_lowest_layer(ws_).async_connect(
      endpoints, beast::bind_front_handler(&SocketSession::on_connect, shared_from_this()));
}

void SocketSession::on_connect(beast::error_code ec, const tcp::endpoint& /*endpoint*/) {
  if (state_ != State::Connecting) return;
  if (ec) return fail("connect: " + ec.message());
  // From here the websocket stream keeps its own time: the handshake (and
  // later the closing handshake) is bounded; an idle socket is not, since
  // the Engine.IO heartbeat above it notices a silent server.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = timeout_;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
    request.set(beast::http::field::user_agent, "dashboard-native");
  }));
  ws_.async_handshake(origin_.host + ":" + std::to_string(origin_.port), path_,
                      beast::bind_front_handler(&SocketSession::on_handshake, shared_from_this()));
}

void SocketSession::on_handshake(beast::error_code ec) {
  if (state_ != State::Connecting) return;
  if (ec) return fail("handshake: " + ec.message());
  state_ = State::Open;
  ws_.text(true);
  if (events_.opened) events_.opened();
  read_next();
}

void SocketSession::read_next() {
  ws_.async_read(read_buffer_,
                 beast::bind_front_handler(&SocketSession::on_read, shared_from_this()));
}

void SocketSession::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (state_ == State::Closing || state_ == State::Done) {
    state_ = State::Done;  // the end of our own close (or abort): nobody listens
    return;
  }
  if (ec == websocket::error::closed) {
    const websocket::close_reason& reason = ws_.reason();
    return fail(!reason.reason.empty()
                    ? std::string(reason.reason.c_str())
                    : "Closed by the server (code " + std::to_string(reason.code) + ")");
  }
  if (ec) return fail("The connection was lost (" + ec.message() + ")");
  if (ws_.got_text() && events_.message) {
    events_.message(beast::buffers_to_string(read_buffer_.data()));
  }
  read_buffer_.consume(read_buffer_.size());
  read_next();
}

void SocketSession::send(std::string text) {
  if (state_ != State::Open || close_after_writes_) return;
  outbox_.push_back(std::move(text));
  if (!writing_) write_next();
}

void SocketSession::write_next() {
  writing_ = true;
  ws_.async_write(boost::asio::buffer(outbox_.front()),
                  beast::bind_front_handler(&SocketSession::on_write, shared_from_this()));
}

void SocketSession::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  outbox_.pop_front();
  // A failed write also fails the pending read, which reports the loss.
  if (ec || state_ == State::Done) return;
  if (!outbox_.empty()) return write_next();
  if (close_after_writes_) send_close_frame();
}

void SocketSession::close() {
  events_ = {};
  if (state_ == State::Connecting) return abort();
  if (state_ != State::Open) return;
  // The frames already queued (a socket.io goodbye) go out first.
  close_after_writes_ = true;
  if (!writing_) send_close_frame();
}

void SocketSession::send_close_frame() {
  state_ = State::Closing;
  // Bounded by the handshake timeout: a silent peer cannot hold it open.
  ws_.async_close(websocket::close_code::normal,
                  [self = shared_from_this()](beast::error_code /*ec*/) {
                    self->state_ = State::Done;
                    beast::error_code ignored;
                    beast::get_lowest_layer(self->ws_).socket().close(ignored);
                  });
}

void SocketSession::abort() {
  events_ = {};
  state_ = State::Done;
  resolver_.cancel();
  beast::get_lowest_layer(ws_).close();
}

void SocketSession::fail(const std::string& reason) {
  state_ = State::Done;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  SocketEvents events = std::exchange(events_, {});
  if (events.closed) events.closed(reason);
}

}  // namespace dashboard::platform
