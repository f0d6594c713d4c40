// ws_client: one client WebSocket for the load driver, over Boost.Beast:
// connect from a chosen loopback source address (a source address has
// ~28,000 ephemeral ports toward one server port, so 100,000 sockets need
// several), upgrade at /socket.io/?EIO=4&transport=websocket, then hand
// every text frame to the owner and send what it asks, in order.
//
// All on one io_context run by one thread; callbacks run there, at most one
// on_closed per client.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/container/devector.hpp>
#include <memory>
#include <string>
#include <string_view>

namespace socket_load {

class WsEvents {
 public:
  virtual ~WsEvents() = default;
  virtual void on_open() = 0;  // the upgrade succeeded
  virtual void on_text(std::string_view text) = 0;
  virtual void on_closed(std::string_view why) = 0;  // once, after open or a failed attempt
};

class WsClient : public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(boost::asio::io_context& ioc, std::shared_ptr<WsEvents> events);

  void start(const boost::asio::ip::tcp::endpoint& server, const boost::asio::ip::address& source);
  void send(std::string text);
  // Drops the connection without a close handshake (a client vanishing is
  // what a restart looks like to the server anyway).
  void close();

 private:
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void write_next();
  void fail(std::string_view stage, boost::beast::error_code ec);

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<WsEvents> events_;  // outlives every callback
  std::string host_;
  boost::container::devector<std::string> outbox_;
  bool writing_ = false;
  bool open_ = false;
  bool done_ = false;
};

}  // namespace socket_load
