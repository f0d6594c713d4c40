// One client WebSocket; see ws_client.hpp.
#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <utility>

namespace socket_load {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

WsClient::WsClient(net::io_context& ioc, std::shared_ptr<WsEvents> events)
    : ws_(ioc), events_(std::move(events)) {}

void WsClient::start(const tcp::endpoint& server, const net::ip::address& source) {
  host_ = server.address().to_string() + ":" + std::to_string(server.port());
  auto& socket = ws_.next_layer();
  beast::error_code ec;
  socket.open(server.protocol(), ec);
  // The port is picked at connect time, per destination: without this, a
  // bind to port 0 reserves a port for every destination at once.
  if (!ec) {
    const int one = 1;
    ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    socket.bind(tcp::endpoint(source, 0), ec);
  }
  if (ec) {
    net::post(socket.get_executor(), [self = shared_from_this(), ec] { self->fail("bind", ec); });
    return;
  }
  socket.async_connect(server, [self = shared_from_this()](beast::error_code connect_ec) {
    self->on_connect(connect_ec);
  });
}

void WsClient::on_connect(beast::error_code ec) {
  if (ec) return fail("connect", ec);
  beast::error_code ignored;
  ws_.next_layer().set_option(tcp::no_delay(true), ignored);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(30);
  timeouts.idle_timeout = websocket::stream_base::none();  // Engine.IO pings do this job
  timeouts.keep_alive_pings = false;
  ws_.set_option(timeouts);
  ws_.async_handshake(host_, "/socket.io/?EIO=4&transport=websocket",
                      [self = shared_from_this()](beast::error_code handshake_ec) {
                        self->on_handshake(handshake_ec);
                      });
}

void WsClient::on_handshake(beast::error_code ec) {
  if (ec) return fail("handshake", ec);
  open_ = true;
  ws_.text(true);
  events_->on_open();
  read();
}

void WsClient::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
    self->on_read(ec, bytes);
  });
}

void WsClient::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) return fail("read", ec);
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  if (buffer_.capacity() > 4096) buffer_.shrink_to_fit();  // idle sockets stay small
  events_->on_text(text);
  if (!done_) read();
}

void WsClient::send(std::string text) {
  if (done_ || !open_) return;
  outbox_.push_back(std::move(text));
  if (!writing_) write_next();
}

void WsClient::write_next() {
  if (outbox_.empty() || done_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  ws_.async_write(net::buffer(outbox_.front()),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    if (ec) return self->fail("write", ec);
                    self->outbox_.pop_front();
                    self->write_next();
                  });
}

void WsClient::close() {
  if (done_) return;
  done_ = true;
  beast::error_code ignored;
  ws_.next_layer().close(ignored);
  events_->on_closed("closed by the client");
}

void WsClient::fail(std::string_view stage, beast::error_code ec) {
  if (done_) return;
  done_ = true;
  beast::error_code ignored;
  ws_.next_layer().close(ignored);
  events_->on_closed(std::string(stage) + ": " + ec.message());
}

}  // namespace socket_load
