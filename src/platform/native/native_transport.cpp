#include "platform/native/native_transport.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <future>
#include <thread>
#include <utility>

#include "platform/native/http_exchange.hpp"
#include "platform/native/socket_session.hpp"

// [SECTION] Origin
// [SECTION] The I/O side — io_context, thread, shutdown
// [SECTION] Transport     — requests from the UI thread, posted to the I/O thread
// [SECTION] Delivery      — completions run by drain() on the UI thread

namespace dashboard::platform {

namespace asio = boost::asio;

// [SECTION] Origin

std::optional<Origin> parse_origin(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) return std::nullopt;
  text.remove_prefix(kScheme.size());
  if (text.ends_with('/')) text.remove_suffix(1);
  if (text.empty() || text.find('/') != std::string_view::npos) return std::nullopt;
  Origin origin;
  std::string_view port;  // what follows the host's ':', if any
  bool has_port = false;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    origin.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    const auto colon = text.find(':');
    origin.host = std::string(text.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port = text.substr(colon + 1);
  }
  if (origin.host.empty()) return std::nullopt;
  if (has_port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return std::nullopt;
    }
    origin.port = static_cast<std::uint16_t>(value);
  }
  return origin;
}

// [SECTION] The I/O side

namespace {

// How long the destructor waits for a closing handshake or a request in
// flight before it stops the io_context regardless.
constexpr std::chrono::milliseconds kShutdownGrace{1000};

}  // namespace

struct NativeTransport::Io {
  asio::io_context context{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{context.get_executor()};
  // I/O thread only: the current socket and the generation it was opened for.
  std::shared_ptr<SocketSession> socket;
  std::uint64_t socket_generation = 0;
  std::future<void> finished;
  std::thread thread;
};

NativeTransport::NativeTransport(Origin origin, std::chrono::milliseconds timeout)
    : origin_(std::move(origin)), timeout_(timeout), io_(std::make_unique<Io>()) {
  std::promise<void> finished;
  io_->finished = finished.get_future();
  io_->thread = std::thread([io = io_.get(), done = std::move(finished)]() mutable {
    for (;;) {
      // Handlers report errors as values; this only catches the unforeseen
      // (bad_alloc) so it cannot take the process down from this thread.
      try {
        io->context.run();
        break;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "dashboard-native: I/O thread: %s\n", e.what());
      }
    }
    done.set_value();
  });
}

NativeTransport::~NativeTransport() {
  asio::post(io_->context, [io = io_.get()] {
    if (io->socket) io->socket->close();
    io->socket.reset();
    io->work.reset();  // run() returns once the close and any requests are done
  });
  if (io_->finished.wait_for(kShutdownGrace) != std::future_status::ready) io_->context.stop();
  io_->thread.join();
}

void NativeTransport::queue(std::function<void()> completion) {
  {
    const std::lock_guard<std::mutex> lock(queue_mutex_);
    queued_.push_back(std::move(completion));
  }
  if (wake_) wake_();
}

// [SECTION] Transport

void NativeTransport::http(app::HttpRequest request, HttpDone done) {
  asio::post(io_->context, [this, request = std::move(request), done = std::move(done)]() mutable {
    start_http_exchange(io_->context, origin_, std::move(request), timeout_,
                        [this, done = std::move(done)](app::HttpResponse response) mutable {
                          queue([done = std::move(done), response = std::move(response)]() mutable {
                            done(std::move(response));
                          });
                        });
  });
}

void NativeTransport::ws_open(std::string path, app::WebSocketHandlers handlers) {
  const std::uint64_t generation = ++socket_generation_;
  handlers_ = std::move(handlers);
  socket_open_ = false;
  asio::post(io_->context, [this, generation, path = std::move(path)]() mutable {
    if (io_->socket) io_->socket->close();
    SocketEvents events;
    events.opened = [this, generation] { queue([this, generation] { deliver_open(generation); }); };
    events.message = [this, generation](std::string text) {
      queue([this, generation, text = std::move(text)] { deliver_message(generation, text); });
    };
    events.closed = [this, generation](std::string reason) {
      queue([this, generation, reason = std::move(reason)]() mutable {
        deliver_close(generation, std::move(reason));
      });
    };
    io_->socket = std::make_shared<SocketSession>(io_->context, origin_, std::move(path), timeout_,
                                                  std::move(events));
    io_->socket_generation = generation;
    io_->socket->start();
  });
}

void NativeTransport::ws_send(std::string_view text) {
  if (!socket_open_) return;
  asio::post(io_->context,
             [io = io_.get(), generation = socket_generation_, text = std::string(text)]() mutable {
               if (io->socket && io->socket_generation == generation)
                 io->socket->send(std::move(text));
             });
}

void NativeTransport::ws_close() {
  ++socket_generation_;  // whatever the old socket already queued is now stale
  handlers_ = {};
  socket_open_ = false;
  asio::post(io_->context, [io = io_.get()] {
    if (io->socket) io->socket->close();
    io->socket.reset();
  });
}

// [SECTION] Delivery

std::size_t NativeTransport::drain() {
  std::vector<std::function<void()>> ready;
  {
    const std::lock_guard<std::mutex> lock(queue_mutex_);
    ready.swap(queued_);
  }
  for (std::function<void()>& completion : ready) completion();
  return ready.size();
}

// The handlers are copied before they run: they may call ws_close() or
// ws_open(), which replace handlers_ while the copy is still executing.

void NativeTransport::deliver_open(std::uint64_t generation) {
  if (generation != socket_generation_) return;
  socket_open_ = true;
  if (const auto on_open = handlers_.on_open) on_open();
}

void NativeTransport::deliver_message(std::uint64_t generation, const std::string& text) {
  if (generation != socket_generation_) return;
  if (const auto on_message = handlers_.on_message) on_message(text);
}

void NativeTransport::deliver_close(std::uint64_t generation, std::string reason) {
  if (generation != socket_generation_) return;
  socket_open_ = false;
  app::WebSocketHandlers handlers = std::exchange(handlers_, {});
  if (handlers.on_close) handlers.on_close(std::move(reason));
}

}  // namespace dashboard::platform
