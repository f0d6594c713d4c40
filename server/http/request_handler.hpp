// Routes one parsed HTTP request to its response.
//
//   GET /            302 -> /dashboard
//   GET /dashboard   index.html from the static root (also /dashboard/)
//   GET /healthz     {"status":"ok"}
//   /api/...         the JSON API (api/router.hpp)
//   /socket.io/      socket.io over WebSocket (realtime/); other transports get
//                    Engine.IO's error answer
//   GET /metrics     Prometheus text format
//   GET /<path>      a file under the static root, from memory (static_site.hpp);
//                    with ETag / If-None-Match, If-Modified-Since, a single
//                    Range (206, 416) and If-Range
//   GET /mocs/12 ... any other client-side route: index.html (history
//                    fallback, static_files.hpp's is_app_route); a missing
//                    asset stays a 404
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
#include <variant>
#include <vector>

#include "api/router.hpp"
#include "database_workers.hpp"
#include "http/static_site.hpp"
#include "metrics.hpp"
#include "realtime/realtime_context.hpp"

namespace dashboard::server::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

// A response whose bytes already exist (the in-memory static files): a
// status line, prebuilt header fields and a body that `owner` keeps alive,
// written with one writev and no serializer.
struct PrebuiltResponse {
  std::shared_ptr<const void> owner;
  std::string_view status_line;  // "HTTP/1.1 200 OK\r\n"
  std::string_view fields;       // "Name: value\r\n"...
  std::string extra_fields;      // this request's own (Content-Range), usually empty
  std::string_view connection;   // a Connection field when the default does not hold
  std::string_view body;         // empty for HEAD and 304
  // Instead of `body`: that many bytes from this descriptor at that offset,
  // by sendfile() (a large file's MemoryFile).
  int body_fd = -1;
  std::uint64_t body_offset = 0;
  std::uint64_t body_length = 0;
};

// What the session writes, plus what the access log wants to know about it
// (message_generator hides both once built).
struct Reply {
  std::variant<boost::beast::http::message_generator, PrebuiltResponse> message;
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

  // /api requests then run on these threads, never on the I/O thread that
  // read them (database_workers.hpp). Without it they run inline (tests).
  void run_api_on(DatabaseWorkers* workers) { workers_ = workers; }
  DatabaseWorkers* api_workers(const Request& req) const;

  // keep_alive is the session's decision (the request's wish, overruled
  // during shutdown); it is echoed in the Connection header.
  // `remote` is the peer ("203.0.113.7:51234"): sign-in throttling counts
  // failures per client address.
  Reply handle(const Request& req, bool keep_alive, std::string_view remote = {}) const;

  // A JSON error for failures found before a whole request existed
  // (headers too large, malformed request line).
  static Reply error(boost::beast::http::status status, std::string_view code,
                     std::string_view message, unsigned version, bool keep_alive);
  // 503 + Retry-After: the database workers' queue is full.
  static Reply overloaded(unsigned version, bool keep_alive);

 private:
  Reply handle_api(const Request& req, bool keep_alive, std::string_view remote) const;
  Reply serve_static(const Request& req, const std::vector<std::string>& segments,
                     bool keep_alive) const;

  std::filesystem::path static_root_;
  std::unique_ptr<const StaticSite> site_;
  std::shared_ptr<const api::ApiRouter> api_;
  std::shared_ptr<realtime::RealtimeContext> realtime_;
  Metrics* metrics_;
  DatabaseWorkers* workers_ = nullptr;
};

}  // namespace dashboard::server::http
