// native_transport: the Transport seam in the native debug client, on
// Boost.Beast. One io_context runs on a dedicated I/O thread; every HTTP
// exchange and the one WebSocket live there. Their completions are queued
// and run on the UI thread by drain(), so LiveClient sees the same
// single-threaded world as in the browser and needs no locks.
//
//   auto origin = parse_origin("http://127.0.0.1:8080");
//   NativeTransport transport(*origin);
//   transport.set_wake([] { glfwPostEmptyEvent(); });  // before any request
//   LiveClient live(transport, LiveConfig{}, random);
//   live.start(token, "alice", now);
//   for (;;) {                                          // the UI loop
//     glfwWaitEventsTimeout(0.05);
//     transport.drain();                                // callbacks run here
//     live.update(now);
//   }
//
// Boost stays out of this header: the I/O side is private to the .cpp, so
// the UI code that includes it compiles without Asio.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/transport.hpp"

namespace dashboard::platform {

// Where the dashboard's server is: plain HTTP, host and port.
struct Origin {
  std::string host;
  std::uint16_t port = 80;
};

// Reads "http://host[:port]" (an optional trailing "/"; IPv6 as "[::1]").
// nullopt for any other scheme, an empty host, a bad port or a path.
std::optional<Origin> parse_origin(std::string_view text);

class NativeTransport final : public app::Transport {
 public:
  // How long one HTTP exchange (connect, write, read) or one WebSocket
  // handshake (opening or closing) may take.
  static constexpr std::chrono::milliseconds kDefaultTimeout{15000};

  // Starts the I/O thread; nothing connects until the first request.
  explicit NativeTransport(Origin origin, std::chrono::milliseconds timeout = kDefaultTimeout);
  NativeTransport(const NativeTransport&) = delete;
  NativeTransport& operator=(const NativeTransport&) = delete;

  // Closes the socket with a close frame, gives in-flight work a moment to
  // finish, then stops the io_context and joins the I/O thread. Queued
  // completions that drain() did not run are dropped.
  ~NativeTransport() override;

  // [SECTION] Transport (UI thread only)
  void http(app::HttpRequest request, HttpDone done) override;
  void ws_open(std::string path, app::WebSocketHandlers handlers) override;
  void ws_send(std::string_view text) override;
  void ws_close() override;

  // Runs the completions the I/O thread queued since the last call, in
  // order, on the calling (UI) thread. Returns how many ran.
  std::size_t drain();

  // Called on the I/O thread each time a completion is queued, so a UI
  // loop that sleeps (glfwWaitEventsTimeout) wakes up to drain it. Set it
  // before the first request; it must be safe to call from any thread.
  void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }

  const Origin& origin() const { return origin_; }

 private:
  struct Io;  // the io_context, its thread and the current socket

  // Any thread: hands `completion` to the next drain().
  void queue(std::function<void()> completion);

  // UI thread: deliveries from the socket of `generation`; stale ones are
  // dropped, so nothing from a closed or replaced socket reaches the app.
  void deliver_open(std::uint64_t generation);
  void deliver_message(std::uint64_t generation, const std::string& text);
  void deliver_close(std::uint64_t generation, std::string reason);

  const Origin origin_;
  const std::chrono::milliseconds timeout_;
  std::function<void()> wake_;

  std::mutex queue_mutex_;
  std::vector<std::function<void()>> queued_;  // guarded by queue_mutex_

  // UI thread only.
  app::WebSocketHandlers handlers_;
  std::uint64_t socket_generation_ = 0;  // bumped by every ws_open and ws_close
  bool socket_open_ = false;

  std::unique_ptr<Io> io_;  // last: the I/O thread stops before the rest goes
};

}  // namespace dashboard::platform
