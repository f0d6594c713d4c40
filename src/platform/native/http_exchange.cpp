#include "platform/native/http_exchange.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <string>
#include <utility>

namespace dashboard::platform {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// Keeps the connection, buffers and continuation alive across the steps;
// each step's handler holds a shared_ptr to it.
class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  HttpExchange(boost::asio::io_context& io, Origin origin, app::HttpRequest request,
               std::chrono::milliseconds timeout, std::function<void(app::HttpResponse)> done)
      : resolver_(io),
        stream_(io),
        origin_(std::move(origin)),
        timeout_(timeout),
        done_(std::move(done)) {
    request_.method_string(request.method);
    request_.target(request.path);
    request_.version(11);
    request_.set(http::field::host, origin_.host + ":" + std::to_string(origin_.port));
    request_.set(http::field::user_agent, "dashboard-native");
    request_.set(http::field::accept, "application/json");
    if (!request.token.empty()) {
      request_.set(http::field::authorization, "Bearer " + request.token);
    }
    if (!request.if_match.empty()) request_.set(http::field::if_match, request.if_match);
    if (!request.idempotency_key.empty()) request_.set("Idempotency-Key", request.idempotency_key);
    if (!request.body.empty()) {
      request_.set(http::field::content_type, "application/json");
      request_.body() = std::move(request.body);
    }
    request_.keep_alive(false);
    request_.prepare_payload();
  }

  void start() {
    resolver_.async_resolve(
        origin_.host, std::to_string(origin_.port),
        beast::bind_front_handler(&HttpExchange::on_resolve, shared_from_this()));
  }

 private:
  void on_resolve(beast::error_code ec, const tcp::resolver::results_type& endpoints) {
    if (ec) return fail("resolve", ec);
    // One deadline for the whole exchange: connect, write and read.
    stream_.expires_after(timeout_);
    stream_.async_connect(endpoints,
                          beast::bind_front_handler(&HttpExchange::on_connect, shared_from_this()));
  }

  void on_connect(beast::error_code ec, const tcp::endpoint& /*endpoint*/) {
    if (ec) return fail("connect", ec);
    http::async_write(stream_, request_,
                      beast::bind_front_handler(&HttpExchange::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return fail("write", ec);
    http::async_read(stream_, buffer_, response_,
                     beast::bind_front_handler(&HttpExchange::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return fail("read", ec);
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    app::HttpResponse response;
    response.status = static_cast<int>(response_.result_int());
    if (const auto retry_after = response_.find(http::field::retry_after);
        retry_after != response_.end()) {
      response.retry_after_s = app::parse_retry_after(
          std::string_view(retry_after->value().data(), retry_after->value().size()));
    }
    response.body = std::move(response_.body());
    done_(std::move(response));
  }

  void fail(const char* step, beast::error_code ec) {
    app::HttpResponse response;
    response.error = std::string(step) + ": " + ec.message();
    done_(std::move(response));
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  Origin origin_;
  std::chrono::milliseconds timeout_;
  std::function<void(app::HttpResponse)> done_;
};

}  // namespace

void start_http_exchange(boost::asio::io_context& io, const Origin& origin,
                         app::HttpRequest request, std::chrono::milliseconds timeout,
                         std::function<void(app::HttpResponse)> done) {
  std::make_shared<HttpExchange>(io, origin, std::move(request), timeout, std::move(done))->start();
}

}  // namespace dashboard::platform
