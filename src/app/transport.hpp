// transport: the seam between the client's logic and the network. The web
// build implements it with Emscripten's fetch and WebSocket APIs, the
// native build with Beast on an I/O thread. Every callback runs on the UI
// thread (the web is single-threaded; the native transport queues them and
// runs them from drain()), so the logic behind it needs no locks.
//
//   transport.http(get_request("/api/dashboard", token),
//                  [](HttpResponse r) { if (r.status == 200) use(r.body); });
//   transport.ws_open("/socket.io/?EIO=4&transport=websocket",
//                     {.on_open = ..., .on_message = ..., .on_close = ...});
//   transport.ws_send("40/dashboard,{}");
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace dashboard::app {

struct HttpRequest {
  std::string method = "GET";
  std::string path;      // absolute path on the dashboard's origin, with the query
  std::string body;      // JSON, sent with Content-Type application/json when non-empty
  std::string token;     // sent as "Authorization: Bearer <token>" when non-empty
  std::string if_match;  // sent as If-Match when non-empty: "\"4\"" (the version edited)
  // Sent as Idempotency-Key when non-empty: one per edit, the same on every
  // retry of it, so the server does the edit at most once.
  std::string idempotency_key;
};

// A request with a JSON body (or none) and the bearer token.
inline HttpRequest api_request(std::string method, std::string path, std::string body,
                               std::string token) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  request.token = std::move(token);
  return request;
}

// GET `path` with the bearer token.
inline HttpRequest get_request(std::string path, std::string token) {
  HttpRequest request;
  request.path = std::move(path);
  request.token = std::move(token);
  return request;
}

// POST a JSON body to `path`, without a token.
inline HttpRequest post_request(std::string path, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::move(path);
  request.body = std::move(body);
  return request;
}

struct HttpResponse {
  int status = 0;     // 0: no response at all (network error); `error` says why
  std::string body;   // the response body, for any status
  std::string error;  // the network failure, when status is 0
  // The answer's Retry-After in seconds (a 409 IDEMPOTENCY_KEY_IN_USE, a
  // 503); -1 when it has none or it is not a number of seconds.
  int retry_after_s = -1;
};

// Retry-After's value as seconds ("1" -> 1); -1 for anything else (an
// HTTP date, garbage, a value past a day).
inline int parse_retry_after(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.empty() || value.size() > 5) return -1;
  int seconds = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return -1;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds <= 86400 ? seconds : -1;
}

// What the socket reports. A new ws_open() replaces the handlers: nothing
// from an older socket arrives after it.
struct WebSocketHandlers {
  std::function<void()> on_open;
  std::function<void(std::string_view text)> on_message;
  std::function<void(std::string reason)> on_close;  // closed, failed or never opened
};

class Transport {
 public:
  virtual ~Transport() = default;

  using HttpDone = std::function<void(HttpResponse)>;

  // Sends one request; `done` runs exactly once.
  virtual void http(HttpRequest request, HttpDone done) = 0;

  // Opens the one WebSocket (closing any previous one) to `path` on the
  // dashboard's origin.
  virtual void ws_open(std::string path, WebSocketHandlers handlers) = 0;

  // Sends a text frame on the open socket; dropped when it is not open.
  virtual void ws_send(std::string_view text) = 0;

  // Closes the socket with a normal close frame; on_close does not run.
  virtual void ws_close() = 0;
};

}  // namespace dashboard::app
