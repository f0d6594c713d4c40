// HTTP/1.1 keep-alive session; see http_session.hpp.
#include "http/http_session.hpp"

#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cmath>
#include <utility>
#include <vector>

#include "log.hpp"
#include "realtime/handshake.hpp"
#include "realtime/realtime_session.hpp"

namespace dashboard::server::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// After an error response the client may still be sending (a huge header,
// an oversized body). Closing with unread input makes the kernel send RST,
// which can destroy the response before the client reads it; so read and
// discard for a bounded time and amount first.
constexpr std::chrono::seconds kDrainTimeout{2};
constexpr std::size_t kDrainLimit = 4 * 1024 * 1024;

std::string format_remote(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

bool is_http_parse_error(const boost::system::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
                         std::shared_ptr<const RequestHandler> handler)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      state_(std::move(state)),
      handler_(std::move(handler)) {
  boost::system::error_code ec;
  const auto endpoint = socket_.remote_endpoint(ec);
  remote_ = ec ? "-" : format_remote(endpoint);
}

HttpSession::~HttpSession() {
  if (joined_) state_->leave(this);
}

void HttpSession::run() {
  // Non-blocking, so a large file's sendfile() returns instead of waiting.
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
  // Joining needs the shared_ptr, and all state changes happen on the strand.
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->joined_ = self->state_->join(self->weak_from_this());
    if (!self->joined_) return;  // accepted as shutdown began: just close
    self->do_read();
  });
}

void HttpSession::close_gracefully() {
  net::dispatch(socket_.get_executor(),
                [self = shared_from_this()] { self->on_close_requested(); });
}

void HttpSession::on_close_requested() {
  close_requested_ = true;
  // Mid-request sessions notice the flag when their response is written.
  if (phase_ == Phase::kIdle) {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  }
}

void HttpSession::do_read() {
  phase_ = Phase::kIdle;
  if (close_requested_) {
    shutdown_send();
    return;
  }
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(kBodyLimit);
  expires_after(kReadTimeout);
  if (buffer_.size() > 0) {  // a pipelined request is already here
    read_request();
    return;
  }
  // Wait for the first byte separately so shutdown can tell an idle
  // keep-alive connection from one with a request under way.
  socket_.async_read_some(
      buffer_.prepare(4096),
      beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
}

void HttpSession::on_first_bytes(boost::system::error_code ec, std::size_t bytes) {
  // EOF, timeout or shutdown while idle: nothing is owed to the client.
  if (ec) return;
  buffer_.commit(bytes);
  read_request();
}

void HttpSession::read_request() {
  phase_ = Phase::kReading;
  started_ = std::chrono::steady_clock::now();
  expires_after(kReadTimeout);
  bhttp::async_read(socket_, buffer_, *parser_,
                    beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(boost::system::error_code ec, std::size_t /*bytes*/) {
  const auto& req = parser_->get();
  method_ = std::string(req.method_string());
  target_ = std::string(req.target());
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    shutdown_send();
    return;
  }
  if (ec && is_http_parse_error(ec)) {
    reply_to_bad_request(ec);
    return;
  }
  if (ec) return;  // timeout or socket error: the peer is gone or stuck

  if (boost::beast::websocket::is_upgrade(req) && realtime::is_socketio_target(req.target()) &&
      !close_requested_) {
    if (auto rejection = handler_->socketio_upgrade_rejection(req)) {
      send(std::move(*rejection), false, false);
      return;
    }
    // The connection becomes a socket.io session; this HTTP session ends here.
    timer_.cancel();
    realtime::start_realtime_session(std::move(socket_), parser_->release(), handler_->realtime(),
                                     remote_);
    return;
  }
  const bool keep_alive = req.keep_alive() && !close_requested_ && !state_->stopping();
  if (DatabaseWorkers* workers = handler_->api_workers(req)) {
    handle_on(*workers, keep_alive);
    return;
  }
  send(handler_->handle(req, keep_alive, remote_), keep_alive, false);
}

void HttpSession::handle_on(DatabaseWorkers& workers, bool keep_alive) {
  // The request stays in parser_, untouched here until the reply comes back.
  const bool queued = workers.try_post([self = shared_from_this(), keep_alive] {
    Reply reply = self->handler_->handle(self->parser_->get(), keep_alive, self->remote_);
    net::post(self->socket_.get_executor(), [self, keep_alive, reply = std::move(reply)]() mutable {
      self->send(std::move(reply), keep_alive, false);
    });
  });
  if (!queued) {
    send(RequestHandler::overloaded(parser_->get().version(), keep_alive), keep_alive, false);
  }
}

void HttpSession::reply_to_bad_request(boost::system::error_code ec) {
  bhttp::status status = bhttp::status::bad_request;
  std::string_view code = "BAD_REQUEST";
  std::string message = ec.message();
  if (ec == bhttp::error::header_limit) {
    status = bhttp::status::request_header_fields_too_large;
    code = "HEADER_TOO_LARGE";
    message = "request headers exceed " + std::to_string(kHeaderLimit) + " bytes";
  } else if (ec == bhttp::error::body_limit) {
    status = bhttp::status::payload_too_large;
    code = "BODY_TOO_LARGE";
    message = "request body exceeds " + std::to_string(kBodyLimit) + " bytes";
  }
  send(RequestHandler::error(status, code, message, 11, false), false, true);
}

void HttpSession::send(Reply reply, bool keep_alive, bool drain_after) {
  phase_ = Phase::kWriting;
  status_ = reply.status;
  body_bytes_ = reply.body_bytes;
  expires_after(kReadTimeout);
  auto on_written = beast::bind_front_handler(&HttpSession::on_write, shared_from_this(),
                                              keep_alive, drain_after);
  if (auto* prebuilt = std::get_if<PrebuiltResponse>(&reply.message)) {
    // Held until the write completes: the buffers point into it.
    prebuilt_ = std::move(*prebuilt);
    if (prebuilt_.body_fd >= 0) {
      send_head_then_file(keep_alive, drain_after);
      return;
    }
    const std::array<net::const_buffer, 6> buffers{net::buffer(prebuilt_.status_line),
                                                   net::buffer(prebuilt_.fields),
                                                   net::buffer(prebuilt_.extra_fields),
                                                   net::buffer(prebuilt_.connection),
                                                   net::buffer("\r\n", 2),
                                                   net::buffer(prebuilt_.body)};
    net::async_write(socket_, buffers, std::move(on_written));
    return;
  }
  beast::async_write(socket_, std::move(std::get<bhttp::message_generator>(reply.message)),
                     std::move(on_written));
}

void HttpSession::send_head_then_file(bool keep_alive, bool drain_after) {
  std::array<net::const_buffer, 5> head{net::buffer(prebuilt_.status_line),
                                        net::buffer(prebuilt_.fields),
                                        net::buffer(prebuilt_.extra_fields),
                                        net::buffer(prebuilt_.connection), net::buffer("\r\n", 2)};
  // MSG_MORE: the headers wait for the file's first bytes and leave with
  // them, one segment instead of a small one first.
  boost::system::error_code ec;
  std::size_t sent = socket_.send(head, MSG_MORE, ec);
  if (ec == net::error::would_block) {
    ec = {};
    sent = 0;
  }
  if (ec) {
    on_write(keep_alive, drain_after, ec, 0);
    return;
  }
  if (sent == net::buffer_size(head)) {
    send_file_part(keep_alive, drain_after);
    return;
  }
  // The socket took only part of the headers (rare): the rest, then the file.
  std::vector<net::const_buffer> rest;
  for (net::const_buffer buffer : head) {
    if (sent >= buffer.size()) {
      sent -= buffer.size();
      continue;
    }
    buffer += sent;
    sent = 0;
    rest.push_back(buffer);
  }
  net::async_write(socket_, rest,
                   [self = shared_from_this(), keep_alive, drain_after](
                       boost::system::error_code write_ec, std::size_t) {
                     if (write_ec) {
                       self->on_write(keep_alive, drain_after, write_ec, 0);
                       return;
                     }
                     self->send_file_part(keep_alive, drain_after);
                   });
}

void HttpSession::send_file_part(bool keep_alive, bool drain_after) {
  while (prebuilt_.body_length > 0) {
    auto offset = static_cast<off_t>(prebuilt_.body_offset);
    const std::size_t chunk =
        std::min<std::uint64_t>(prebuilt_.body_length, std::uint64_t{1} << 20);
    const ssize_t n = ::sendfile(socket_.native_handle(), prebuilt_.body_fd, &offset, chunk);
    if (n > 0) {
      prebuilt_.body_offset += static_cast<std::uint64_t>(n);
      prebuilt_.body_length -= static_cast<std::uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A client that keeps reading keeps its connection, however large the file.
      expires_after(kReadTimeout);
      socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this(), keep_alive,
                                                   drain_after](boost::system::error_code wait_ec) {
        if (wait_ec) {
          self->on_write(keep_alive, drain_after, wait_ec, 0);
          return;
        }
        self->send_file_part(keep_alive, drain_after);
      });
      return;
    }
    const auto error = n == 0 ? net::error::make_error_code(net::error::misc_errors::eof)
                              : boost::system::error_code(errno, boost::system::system_category());
    on_write(keep_alive, drain_after, error, 0);
    return;
  }
  on_write(keep_alive, drain_after, {}, 0);
}

void HttpSession::on_write(bool keep_alive, bool drain_after, boost::system::error_code ec,
                           std::size_t /*bytes*/) {
  prebuilt_ = {};
  log_request(ec);
  if (ec) return;
  if (drain_after) {
    drain_then_close();
  } else if (!keep_alive || close_requested_) {
    phase_ = Phase::kClosing;
    shutdown_send();
  } else {
    do_read();
  }
}

void HttpSession::log_request(const boost::system::error_code& write_ec) const {
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started_;
  log::Fields fields{
      {"method", method_.empty() ? std::string("-") : method_},
      {"target", target_},
      {"status", status_},
      {"bytes", body_bytes_},
      {"duration_ms", std::round(elapsed.count() * 1000.0) / 1000.0},
      {"remote", remote_},
  };
  if (write_ec) fields.push_back({"error", write_ec.message()});
  log::write(write_ec ? log::Level::kWarn : log::Level::kInfo, "request", fields);
  if (Metrics* metrics = handler_->metrics()) {
    metrics->observe_http(status_, std::chrono::duration<double>(elapsed).count());
  }
}

void HttpSession::shutdown_send() {
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
}

void HttpSession::drain_then_close() {
  phase_ = Phase::kClosing;
  shutdown_send();
  buffer_.clear();
  drained_ = 0;
  expires_after(kDrainTimeout);
  drain_some();
}

void HttpSession::drain_some() {
  socket_.async_read_some(
      buffer_.prepare(16 * 1024),
      [self = shared_from_this()](boost::system::error_code ec, std::size_t bytes) {
        self->drained_ += bytes;
        // Any error (EOF, timeout, shutdown) ends the session; dropping the
        // last reference closes the socket.
        if (ec || self->drained_ > kDrainLimit) return;
        self->drain_some();
      });
}

void HttpSession::expires_after(std::chrono::steady_clock::duration limit) {
  deadline_ = std::chrono::steady_clock::now() + limit;
  // A later deadline is found by the wait already armed; only an earlier one
  // (the drain's 2 s after a 30 s read) needs the timer moved.
  if (!timer_armed_ || deadline_ < timer_expiry_) arm_timer(deadline_);
}

void HttpSession::arm_timer(std::chrono::steady_clock::time_point when) {
  timer_armed_ = true;
  timer_expiry_ = when;
  timer_.expires_at(when);  // cancels a wait in flight, which then sees a newer generation
  // Weak: a connection that is otherwise finished must not live on until
  // its timer fires; destroying it cancels the wait.
  timer_.async_wait(
      [weak = weak_from_this(), generation = ++timer_generation_](boost::system::error_code ec) {
        if (auto self = weak.lock()) self->on_timer(generation, ec);
      });
}

void HttpSession::on_timer(std::uint64_t generation, boost::system::error_code ec) {
  if (generation != timer_generation_) return;  // superseded by a re-arm
  timer_armed_ = false;
  if (ec) return;  // cancelled: the session is handing its socket on or ending
  if (std::chrono::steady_clock::now() < deadline_) {
    arm_timer(deadline_);  // work went on since: wait for the deadline as it is now
    return;
  }
  // Over time: every operation in flight ends with operation_aborted.
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace dashboard::server::http
