// write_gate: the write side of one socket, shared by two writers in turn.
//
// A realtime session writes its frames itself, several per writev (see
// realtime_session.hpp: Beast's websocket::stream::async_write sends one
// message per call, and fan-out is one syscall per frame that way). Beast
// still owns the protocol around them: the handshake answer, the pong it
// sends for a client's ping while reading, the close frames. WriteGate sits
// between Beast's stream and the socket (websocket::stream<WriteGate<T>>),
// so every write from either side is queued here and goes out whole, one
// after the other: a frame can never be cut by another writer's bytes.
//
// Each write is written completely (net::async_write) before the next
// starts; to Beast that looks like an async_write_some that wrote all it
// was given. Reads pass straight through. Not thread-safe: one strand (the
// session's) uses it, as Beast requires of its stream anyway.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/container/devector.hpp>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace dashboard::server::realtime {

template <class NextLayer>
class WriteGate {
 public:
  using next_layer_type = NextLayer;
  using executor_type = typename NextLayer::executor_type;
  // A move-only completion handler, type-erased. (Asio 1.26's
  // any_completion_handler wraps itself again when moved from a non-const
  // lvalue, without end: it hung the unit tests.)
  class WriteHandler {
   public:
    WriteHandler() = default;
    // Implicit: a handler is one. Constrained, so a WriteHandler is moved,
    // not wrapped (what the forwarding-reference check warns of cannot happen).
    // NOLINTBEGIN(google-explicit-constructor,bugprone-forwarding-reference-overload)
    template <class Handler>
    requires(!std::is_same_v<std::decay_t<Handler>, WriteHandler>) WriteHandler(Handler&& handler)
        : impl_(std::make_unique<Impl<std::decay_t<Handler>>>(std::forward<Handler>(handler))) {}
    // NOLINTEND(google-explicit-constructor,bugprone-forwarding-reference-overload)
    explicit operator bool() const { return impl_ != nullptr; }
    void operator()(boost::beast::error_code ec, std::size_t bytes) && {
      auto impl = std::move(impl_);
      impl->call(ec, bytes);
    }

   private:
    struct Base {
      virtual ~Base() = default;
      virtual void call(boost::beast::error_code ec, std::size_t bytes) = 0;
    };
    template <class Handler>
    struct Impl final : Base {
      explicit Impl(Handler&& h) : handler(std::move(h)) {}
      explicit Impl(const Handler& h) : handler(h) {}
      void call(boost::beast::error_code ec, std::size_t bytes) override {
        std::move(handler)(ec, bytes);
      }
      Handler handler;
    };
    std::unique_ptr<Base> impl_;
  };

  // Real sockets can be written without waiting (non-blocking mode); Beast's
  // in-memory test stream cannot, and goes the asynchronous way only.
  static constexpr bool kCanTryWrite = requires(NextLayer & layer, boost::beast::error_code& ec) {
    layer.non_blocking(true, ec);
  };

  explicit WriteGate(NextLayer&& next) : next_(std::move(next)) {
    if constexpr (kCanTryWrite) {
      boost::beast::error_code ignored;  // a socket that refuses just never takes try_write's path
      next_.non_blocking(true, ignored);
    }
  }

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }

  template <class MutableBufferSequence, class ReadToken>
  auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
    return next_.async_read_some(buffers, std::forward<ReadToken>(token));
  }

  // Beast's writes: copied into the queue (they are rare and short).
  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    return boost::asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const ConstBufferSequence& seq) {
          Job job;
          job.owned.assign(boost::asio::buffer_sequence_begin(seq),
                           boost::asio::buffer_sequence_end(seq));
          job.view = job.owned;
          job.handler = std::move(handler);
          submit(std::move(job));
        },
        token, buffers);
  }

  // The session's writes: `buffers` (and what they point to) must stay
  // valid until `handler` runs; it runs once they are all written or the
  // write failed.
  void write(std::span<const boost::asio::const_buffer> buffers, WriteHandler handler) {
    Job job;
    job.view = buffers;
    job.handler = std::move(handler);
    submit(std::move(job));
  }

  // Writes what the socket takes right now and returns how much that was;
  // ec is would_block when it took nothing, or when a write is queued here
  // already (it goes first). Most fan-out writes complete right here,
  // without an asynchronous operation and its completion.
  std::size_t try_write(std::span<const boost::asio::const_buffer> buffers,
                        boost::beast::error_code& ec) {
    if constexpr (kCanTryWrite) {
      if (!busy_) return next_.write_some(buffers, ec);
    }
    ec = boost::asio::error::would_block;
    return 0;
  }

  // True while a write is on its way to the socket.
  bool busy() const noexcept { return busy_; }

 private:
  struct Job {
    std::vector<boost::asio::const_buffer> owned;  // Beast's buffers, copied
    std::span<const boost::asio::const_buffer> view;
    WriteHandler handler;
  };

  void submit(Job job) {
    if (busy_) {
      waiting_.push_back(std::move(job));
      return;
    }
    start(std::move(job));
  }

  void start(Job job) {
    busy_ = true;
    current_ = std::move(job);
    // The handler in the job keeps its owner (and so this gate) alive.
    boost::asio::async_write(next_, current_.view,
                             [this](boost::beast::error_code ec, std::size_t bytes) {
                               WriteHandler done = std::move(current_.handler);
                               current_ = Job{};
                               busy_ = false;
                               if (!waiting_.empty()) {
                                 Job next = std::move(waiting_.front());
                                 waiting_.pop_front();
                                 start(std::move(next));
                               }
                               std::move(done)(ec, bytes);
                             });
  }

  NextLayer next_;
  bool busy_ = false;
  Job current_;
  boost::container::devector<Job> waiting_;  // empty: no memory, like most sockets' queues
};

// Beast's close handshake ends with a teardown of the next layer; the gate
// hands it down (found by argument-dependent lookup, as Beast expects).
template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, WriteGate<NextLayer>& gate,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, gate.next_layer(), std::forward<TeardownHandler>(handler));
}

template <class NextLayer>
void teardown(boost::beast::role_type role, WriteGate<NextLayer>& gate,
              boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, gate.next_layer(), ec);
}

}  // namespace dashboard::server::realtime
