#include "platform/web/web_transport.hpp"

#include <emscripten.h>
#include <emscripten/fetch.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// web/dashboard_interop.js: "ws://host:port" or "wss://host" for the
// page's own origin, malloc'd.
extern "C" char* dashboard_socket_origin();

namespace dashboard::platform {

namespace {

// What one fetch keeps alive until its callback: the request's strings
// (Emscripten reads them when the XHR is sent) and the continuation.
struct PendingFetch {
  app::HttpRequest request;
  std::string authorization;
  std::vector<const char*> headers;
  app::Transport::HttpDone done;
  std::function<void()> activity;
};

// The Retry-After header's seconds, or -1 (read only from answers that
// carry one: the header block is copied out of the JS heap).
int retry_after_of(emscripten_fetch_t* fetch) {
  const std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
  if (length == 0) return -1;
  std::string headers(length + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
  headers.resize(length);
  constexpr std::string_view kName = "retry-after:";
  std::size_t line = 0;
  while (line < headers.size()) {
    std::size_t end = headers.find('\n', line);
    if (end == std::string::npos) end = headers.size();
    const std::string_view text(headers.data() + line, end - line);
    const bool match = text.size() > kName.size() &&
                       std::equal(kName.begin(), kName.end(), text.begin(), [](char a, char b) {
                         return a == std::tolower(static_cast<unsigned char>(b));
                       });
    if (match) return app::parse_retry_after(text.substr(kName.size()));
    line = end + 1;
  }
  return -1;
}

void finish_fetch(emscripten_fetch_t* fetch) {
  std::unique_ptr<PendingFetch> pending(static_cast<PendingFetch*>(fetch->userData));
  app::HttpResponse response;
  response.status = fetch->status;
  if (fetch->data != nullptr && fetch->numBytes > 0) {
    response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  }
  if (response.status == 0) response.error = "network error";
  if (response.status == 409 || response.status == 429 || response.status == 503) {
    response.retry_after_s = retry_after_of(fetch);
  }
  emscripten_fetch_close(fetch);
  pending->done(std::move(response));
  if (pending->activity) pending->activity();
}

}  // namespace

WebTransport::~WebTransport() {
  ws_close();
}

void WebTransport::http(app::HttpRequest request, HttpDone done) {
  auto pending = std::make_unique<PendingFetch>();
  pending->request = std::move(request);
  pending->done = std::move(done);
  pending->activity = on_activity;
  const app::HttpRequest& r = pending->request;
  pending->headers = {"Accept", "application/json"};
  if (!r.token.empty()) {
    pending->authorization = "Bearer " + r.token;
    pending->headers.push_back("Authorization");
    pending->headers.push_back(pending->authorization.c_str());
  }
  if (!r.if_match.empty()) {
    pending->headers.push_back("If-Match");
    pending->headers.push_back(r.if_match.c_str());
  }
  if (!r.idempotency_key.empty()) {
    pending->headers.push_back("Idempotency-Key");
    pending->headers.push_back(r.idempotency_key.c_str());
  }
  if (!r.body.empty()) {
    pending->headers.push_back("Content-Type");
    pending->headers.push_back("application/json");
  }
  pending->headers.push_back(nullptr);

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, r.method.c_str(), sizeof(attr.requestMethod) - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.requestHeaders = pending->headers.data();
  if (!r.body.empty()) {
    attr.requestData = r.body.data();
    attr.requestDataSize = r.body.size();
  }
  attr.onsuccess = finish_fetch;
  attr.onerror = finish_fetch;
  attr.userData = pending.get();
  const std::string url = r.path;
  pending.release();  // owned by the callback from here on
  emscripten_fetch(&attr, url.c_str());
}

void WebTransport::ws_open(std::string path, app::WebSocketHandlers handlers) {
  ws_close();
  handlers_ = std::move(handlers);
  std::unique_ptr<char, decltype(&std::free)> origin(dashboard_socket_origin(), &std::free);
  const std::string url = std::string(origin.get()) + path;
  EmscriptenWebSocketCreateAttributes attrs;
  emscripten_websocket_init_create_attributes(&attrs);
  attrs.url = url.c_str();
  attrs.createOnMainThread = EM_TRUE;
  const EMSCRIPTEN_WEBSOCKET_T socket = emscripten_websocket_new(&attrs);
  if (socket <= 0) {
    finish_socket("This browser could not open a WebSocket");
    return;
  }
  socket_ = socket;
  emscripten_websocket_set_onopen_callback(socket, this, &WebTransport::on_open);
  emscripten_websocket_set_onmessage_callback(socket, this, &WebTransport::on_message);
  emscripten_websocket_set_onerror_callback(socket, this, &WebTransport::on_error);
  emscripten_websocket_set_onclose_callback(socket, this, &WebTransport::on_close);
}

void WebTransport::ws_send(std::string_view text) {
  if (!open_) return;
  const std::string terminated(text);  // the API takes a C string
  emscripten_websocket_send_utf8_text(socket_, terminated.c_str());
}

void WebTransport::ws_close() {
  if (socket_ <= 0) return;
  const EMSCRIPTEN_WEBSOCKET_T socket = std::exchange(socket_, 0);
  open_ = false;
  handlers_ = {};
  emscripten_websocket_close(socket, 1000, "client closed");
  emscripten_websocket_delete(socket);  // also drops its callbacks
}

void WebTransport::finish_socket(std::string reason) {
  if (socket_ > 0) emscripten_websocket_delete(std::exchange(socket_, 0));
  open_ = false;
  app::WebSocketHandlers handlers = std::exchange(handlers_, {});
  if (handlers.on_close) handlers.on_close(std::move(reason));
}

EM_BOOL WebTransport::on_open(int, const EmscriptenWebSocketOpenEvent* event, void* self) {
  auto& t = *static_cast<WebTransport*>(self);
  if (event->socket != t.socket_) return EM_TRUE;
  t.open_ = true;
  // A copy: the handler may close the socket, which clears handlers_.
  if (auto on_open = t.handlers_.on_open) on_open();
  if (t.on_activity) t.on_activity();
  return EM_TRUE;
}

EM_BOOL WebTransport::on_message(int, const EmscriptenWebSocketMessageEvent* event, void* self) {
  auto& t = *static_cast<WebTransport*>(self);
  if (event->socket != t.socket_ || !event->isText || event->numBytes == 0) return EM_TRUE;
  // Text arrives NUL-terminated; the count includes the terminator.
  const std::string_view text(reinterpret_cast<const char*>(event->data), event->numBytes - 1);
  if (auto on_message = t.handlers_.on_message) on_message(text);
  if (t.on_activity) t.on_activity();
  return EM_TRUE;
}

EM_BOOL WebTransport::on_error(int, const EmscriptenWebSocketErrorEvent* event, void* self) {
  auto& t = *static_cast<WebTransport*>(self);
  // The browser follows an error with a close event that carries the code.
  (void)event;
  (void)t;
  return EM_TRUE;
}

EM_BOOL WebTransport::on_close(int, const EmscriptenWebSocketCloseEvent* event, void* self) {
  auto& t = *static_cast<WebTransport*>(self);
  if (event->socket != t.socket_) return EM_TRUE;
  std::string reason =
      event->reason[0] != '\0'
          ? std::string(event->reason)
          : (event->code == 1006 ? std::string("The connection was lost")
                                 : "Closed (code " + std::to_string(event->code) + ")");
  t.finish_socket(std::move(reason));
  if (t.on_activity) t.on_activity();
  return EM_TRUE;
}

}  // namespace dashboard::platform
