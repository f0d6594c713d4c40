#include "status/http_probe.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <cstdio>
#include <memory>

namespace dashboard::server::status {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> parse_target(std::string_view url, std::string& problem) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    problem = "not a URL: " + std::string(url);
    return std::nullopt;
  }
  Target t;
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") {
    problem = "scheme must be http or https: " + std::string(url);
    return std::nullopt;
  }
  t.tls = scheme == "https";
  t.host = parsed->host_address();
  if (t.host.empty()) {
    problem = "no host in " + std::string(url);
    return std::nullopt;
  }
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.path = parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
  return t;
}

std::string ms_text(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f ms", ms);
  return buffer;
}

template <class Stream>
net::awaitable<unsigned> exchange(Stream& stream, const Target& t) {
  http::request<http::empty_body> req{http::verb::get, t.path, 11};
  req.set(http::field::host, t.host);
  req.set(http::field::user_agent, "dashboard-server status probe");
  req.set(http::field::connection, "close");
  co_await http::async_write(stream, req, net::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(4 * 1024 * 1024);
  co_await http::async_read(stream, buffer, parser, net::use_awaitable);
  co_return parser.get().result_int();
}

net::awaitable<CheckResult> run_probe(net::io_context& ioc, net::ssl::context& tls, Target t,
                                      HttpProbeOptions options) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  CheckResult result;
  try {
    tcp::resolver resolver(ioc);
    const auto endpoints = co_await resolver.async_resolve(t.host, t.port, net::use_awaitable);
    unsigned code = 0;
    if (t.tls) {
      beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
      // SNI: SSL_set_tlsext_host_name is a macro with a C cast.
      if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                   const_cast<char*>(t.host.c_str())) != 1) {
        throw beast::system_error(
            beast::error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()));
      }
      stream.set_verify_callback(net::ssl::host_name_verification(t.host));
      beast::get_lowest_layer(stream).expires_after(options.timeout);
      co_await beast::get_lowest_layer(stream).async_connect(endpoints, net::use_awaitable);
      co_await stream.async_handshake(net::ssl::stream_base::client, net::use_awaitable);
      code = co_await exchange(stream, t);
    } else {
      beast::tcp_stream stream(ioc);
      stream.expires_after(options.timeout);
      co_await stream.async_connect(endpoints, net::use_awaitable);
      code = co_await exchange(stream, t);
    }
    const double ms = elapsed_ms();
    result.response_ms = ms;
    if (code >= 200 && code < 400) {
      result.status = options.latency_ms.classify(ms);
      result.details = "HTTP " + std::to_string(code) + " in " + ms_text(ms);
    } else {
      result.status = ServiceStatus::Down;
      result.details = "HTTP " + std::to_string(code) + " in " + ms_text(ms);
    }
  } catch (const beast::system_error& e) {
    result.status = ServiceStatus::Down;
    result.response_ms = elapsed_ms();
    result.details = e.code() == beast::error::timeout
                         ? "no answer within " + std::to_string(options.timeout.count()) + " ms"
                         : e.code().message();
  }
  co_return result;
}

}  // namespace

std::string http_url_problem(std::string_view url) {
  std::string problem;
  parse_target(url, problem);
  return problem;
}

void probe_http(net::io_context& ioc, net::ssl::context& tls, const std::string& url,
                const HttpProbeOptions& options, std::function<void(CheckResult)> done) {
  std::string problem;
  const auto target = parse_target(url, problem);
  if (!target) {
    CheckResult result;
    result.misconfigured = true;
    result.details = problem;
    net::post(ioc, [done = std::move(done), result] { done(result); });
    return;
  }
  net::co_spawn(ioc, run_probe(ioc, tls, *target, options),
                [done = std::move(done)](const std::exception_ptr& error, CheckResult result) {
                  if (error) {
                    result = CheckResult{};
                    try {
                      std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                      result.details = e.what();
                    }
                  }
                  done(result);
                });
}

}  // namespace dashboard::server::status
