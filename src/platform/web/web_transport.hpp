// web_transport: the Transport seam in the browser, on Emscripten's fetch
// (XHR underneath) and WebSocket APIs. Single-threaded: every callback
// arrives from the browser's event loop on the main thread.
#pragma once

#include <emscripten/websocket.h>

#include <cstdint>
#include <functional>

#include "app/transport.hpp"

namespace dashboard::platform {

class WebTransport final : public app::Transport {
 public:
  WebTransport() = default;
  WebTransport(const WebTransport&) = delete;
  WebTransport& operator=(const WebTransport&) = delete;
  ~WebTransport() override;

  void http(app::HttpRequest request, HttpDone done) override;
  void ws_open(std::string path, app::WebSocketHandlers handlers) override;
  void ws_send(std::string_view text) override;
  void ws_close() override;

  // Runs after every callback into the app (a response, a frame, a close),
  // so the page can draw what it changed.
  std::function<void()> on_activity;

 private:
  static EM_BOOL on_open(int, const EmscriptenWebSocketOpenEvent* event, void* self);
  static EM_BOOL on_message(int, const EmscriptenWebSocketMessageEvent* event, void* self);
  static EM_BOOL on_error(int, const EmscriptenWebSocketErrorEvent* event, void* self);
  static EM_BOOL on_close(int, const EmscriptenWebSocketCloseEvent* event, void* self);
  void finish_socket(std::string reason);

  EMSCRIPTEN_WEBSOCKET_T socket_ = 0;
  bool open_ = false;
  app::WebSocketHandlers handlers_;
};

}  // namespace dashboard::platform
