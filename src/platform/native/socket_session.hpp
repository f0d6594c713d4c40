// socket_session: the client's one WebSocket, for NativeTransport's I/O
// thread: TCP connect, the upgrade handshake, a read loop and a write
// queue with one write in flight (as in Beast's chat example). Every
// member function runs on the I/O thread; what happens is reported
// through SocketEvents, also on the I/O thread.
//
//   auto session = std::make_shared<SocketSession>(io, origin, "/socket.io/?EIO=4",
//                                                  std::chrono::seconds(15), events);
//   session->start();
//   session->send("40/dashboard,{}");   // once events.opened has run
//   session->close();                   // close frame; no event after this
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "platform/native/native_transport.hpp"

namespace dashboard::platform {

// What a socket reports. After `closed`, or after close()/abort(), nothing.
struct SocketEvents {
  std::function<void()> opened;
  std::function<void(std::string text)> message;   // one text frame
  std::function<void(std::string reason)> closed;  // lost, refused or closed by the server
};

class SocketSession : public std::enable_shared_from_this<SocketSession> {
 public:
  SocketSession(boost::asio::io_context& io, Origin origin, std::string path,
                std::chrono::milliseconds timeout, SocketEvents events);

  // Resolves, connects and performs the handshake for `path`.
  void start();

  // Queues a text frame; dropped unless the socket is open.
  void send(std::string text);

  // Sends a normal close frame once the queued frames are out (at once
  // while still connecting: the attempt is abandoned). Silences the events.
  void close();

  // Drops the TCP connection now, without a close frame. Silences the events.
  void abort();

 private:
  enum class State { Connecting, Open, Closing, Done };

  void on_resolve(boost::beast::error_code ec,
                  const boost::asio::ip::tcp::resolver::results_type& endpoints);
  void on_connect(boost::beast::error_code ec, const boost::asio::ip::tcp::endpoint& endpoint);
  void on_handshake(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void write_next();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void send_close_frame();
  void fail(const std::string& reason);

  boost::asio::ip::tcp::resolver resolver_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer read_buffer_;
  std::deque<std::string> outbox_;  // front() is being written while writing_
  Origin origin_;
  std::string path_;
  std::chrono::milliseconds timeout_;
  SocketEvents events_;
  State state_ = State::Connecting;
  bool writing_ = false;
  bool close_after_writes_ = false;
};

}  // namespace dashboard::platform
