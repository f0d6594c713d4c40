// Routes one parsed HTTP request to its response.
//
//   GET /            302 -> /dashboard
//   GET /dashboard   index.html from the static root (also /dashboard/)
//   GET /healthz     {"status":"ok"}
//   /api/...         the JSON API (api/router.hpp)
//   /socket.io/      socket.io over WebSocket (realtime/); other transports get
//                    Engine.IO's error answer
//   GET /metrics     Prometheus text format
//   GET /<path>      a file under the static root (see static_files.hpp)
//
// HEAD works wherever GET does; other methods get 405. Every response
// carries the security headers, so no route can forget them. Later routes
// (/api, /socket.io) slot in ahead of the static fallback.
#pragma once

#include <boost/beast/http.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "api/router.hpp"
#include "metrics.hpp"
#include "realtime/realtime_context.hpp"

namespace dashboard::server::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

// What the session writes, plus what the access log wants to know about it
// (message_generator hides both once built).
struct Reply {
  boost::beast::http::message_generator message;
  unsigned status = 0;
  std::uint64_t body_bytes = 0;
};

class RequestHandler {
 public:
  // `api` answers /api/*, `realtime` /socket.io/, `metrics` /metrics;
  // without them those paths are 404 (static-only tests).
  explicit RequestHandler(std::filesystem::path static_root,
                          std::shared_ptr<const api::ApiRouter> api = nullptr,
                          std::shared_ptr<realtime::RealtimeContext> realtime = nullptr,
                          Metrics* metrics = nullptr);

  // For a WebSocket upgrade to /socket.io/: nullopt when the socket may be
  // handed to realtime(), else the Engine.IO error reply to send instead.
  std::optional<Reply> socketio_upgrade_rejection(const Request& req) const;
  const std::shared_ptr<realtime::RealtimeContext>& realtime() const { return realtime_; }
  Metrics* metrics() const { return metrics_; }

  // keep_alive is the session's decision (the request's wish, overruled
  // during shutdown); it is echoed in the Connection header.
  Reply handle(const Request& req, bool keep_alive) const;

  // A JSON error for failures found before a whole request existed
  // (headers too large, malformed request line).
  static Reply error(boost::beast::http::status status, std::string_view code,
                     std::string_view message, unsigned version, bool keep_alive);

 private:
  Reply handle_api(const Request& req, bool keep_alive) const;

  std::filesystem::path static_root_;
  std::shared_ptr<const api::ApiRouter> api_;
  std::shared_ptr<realtime::RealtimeContext> realtime_;
  Metrics* metrics_;
};

}  // namespace dashboard::server::http
