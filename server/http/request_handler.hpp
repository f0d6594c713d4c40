// Routes one parsed HTTP request to its response.
//
//   GET /            302 -> /dashboard
//   GET /dashboard   index.html from the static root (also /dashboard/)
//   GET /healthz     {"status":"ok"}
//   GET /<path>      a file under the static root (see static_files.hpp)
//
// HEAD works wherever GET does; other methods get 405. Every response
// carries the security headers, so no route can forget them. Later routes
// (/api, /socket.io) slot in ahead of the static fallback.
#pragma once

#include <boost/beast/http.hpp>
#include <cstdint>
#include <filesystem>
#include <string_view>

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
  explicit RequestHandler(std::filesystem::path static_root);

  // keep_alive is the session's decision (the request's wish, overruled
  // during shutdown); it is echoed in the Connection header.
  Reply handle(const Request& req, bool keep_alive) const;

  // A JSON error for failures found before a whole request existed
  // (headers too large, malformed request line).
  static Reply error(boost::beast::http::status status, std::string_view code,
                     std::string_view message, unsigned version, bool keep_alive);

 private:
  std::filesystem::path static_root_;
};

}  // namespace dashboard::server::http
