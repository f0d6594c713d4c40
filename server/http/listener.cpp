// TCP accept loop; see listener.hpp.
#include "http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <utility>

#include "http/http_session.hpp"
#include "log.hpp"

namespace dashboard::server::http {
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

Listener::Listener(IoContexts& contexts, std::shared_ptr<SharedState> state,
                   std::shared_ptr<const RequestHandler> handler)
    // The main context is run by one thread, so stop() posted there never
    // races an accept completion.
    : contexts_(contexts),
      acceptor_(contexts.main()),
      state_(std::move(state)),
      handler_(std::move(handler)) {}

boost::system::error_code Listener::listen(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return ec;
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return ec;
  acceptor_.bind(endpoint, ec);
  if (ec) return ec;
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  return ec;
}

tcp::endpoint Listener::local_endpoint() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void Listener::run() {
  do_accept();
}

void Listener::stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  // Each connection lives on one context, run by one thread: its handlers
  // never run concurrently, while connections spread over all threads.
  acceptor_.async_accept(
      contexts_.next(), boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Transient (e.g. out of file descriptors): report and keep accepting.
    log::warn("accept failed", {{"error", ec.message()}});
  } else {
    // Responses go out as header + body writes; without NODELAY, Nagle's
    // algorithm holds the second one for the client's delayed ACK (~40 ms).
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<HttpSession>(std::move(socket), state_, handler_)->run();
  }
  do_accept();
}

}  // namespace dashboard::server::http
