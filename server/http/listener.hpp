// Accepts TCP connections on the main context and hands each to a new
// HttpSession on the next I/O context (io_contexts.hpp), where it stays.
// stop() closes the acceptor so shutdown stops taking new work.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <memory>

#include "http/io_contexts.hpp"
#include "http/request_handler.hpp"
#include "http/shared_state.hpp"

namespace dashboard::server::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(IoContexts& contexts, std::shared_ptr<SharedState> state,
           std::shared_ptr<const RequestHandler> handler);

  // Opens, binds and listens; errors are returned, not thrown, so main can
  // log them as one structured line.
  boost::system::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);

  // The bound endpoint, with the real port when 0 was asked for.
  boost::asio::ip::tcp::endpoint local_endpoint() const;

  void run();
  // Safe from any thread.
  void stop();

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  IoContexts& contexts_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<SharedState> state_;
  std::shared_ptr<const RequestHandler> handler_;
};

}  // namespace dashboard::server::http
