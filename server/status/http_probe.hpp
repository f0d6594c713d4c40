// http_probe: one GET to an operator-listed URL (`--monitor name=url`),
// with a timeout: up for a 2xx/3xx answer within the latency thresholds,
// degraded when slower, down on an error status, a refused connection, a
// TLS failure or no answer in time. HTTPS when the URL says so (the
// system's trust store, the host name checked).
//
//   probe_http(ioc, tls, "https://img.example/ok", options, [](CheckResult r) { ... });
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "status/service_status.hpp"

namespace dashboard::server::status {

struct HttpProbeOptions {
  std::chrono::milliseconds timeout{5000};
  Thresholds latency_ms{1000, 5000};
};

// Why `url` cannot be probed ("scheme must be http or https"), or "" when it can.
std::string http_url_problem(std::string_view url);

// Starts the probe on `ioc`; `done` runs on that context once, with the result.
void probe_http(boost::asio::io_context& ioc, boost::asio::ssl::context& tls,
                const std::string& url, const HttpProbeOptions& options,
                std::function<void(CheckResult)> done);

}  // namespace dashboard::server::status
