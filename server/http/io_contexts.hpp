// io_contexts: one io_context per I/O thread. A connection lives on one
// context for its whole life, so its handlers never run concurrently and
// need no strand, and no thread has to wake another to hand over work: each
// blocks in its own epoll_wait. One io_context shared by every thread spent
// a measurable share of each request in the scheduler's lock, strand queues
// and cross-thread wake-ups.
//
//   IoContexts io(config.threads);
//   Listener listener(io, ...);          // accepts on main(), spreads sockets over next()
//   io.run();                            // every context, one on this thread
//   ... io.release() at shutdown (contexts without work return), io.stop() to force
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace dashboard::server::http {

class IoContexts {
 public:
  explicit IoContexts(unsigned threads);
  IoContexts(const IoContexts&) = delete;
  IoContexts& operator=(const IoContexts&) = delete;
  ~IoContexts();

  // Context 0: signals, timers, the acceptor, the hub.
  boost::asio::io_context& main() { return *contexts_.front(); }
  // The context for the next new connection (round robin). Any thread.
  boost::asio::io_context& next();
  std::size_t size() const { return contexts_.size(); }

  // Runs every context, main() on the calling thread; returns once all have
  // returned. `on_exception` hears of a handler that threw (the context
  // then goes on running).
  void run(const std::function<void(const std::exception&)>& on_exception);

  // Contexts no longer stay up for want of work: each returns once its own
  // work (sessions, timers) is done. Any thread.
  void release();
  // Every context returns as soon as it can. Any thread.
  void stop();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<std::optional<Guard>> guards_;  // only touched under post to main()
  std::atomic<std::size_t> next_{0};
};

}  // namespace dashboard::server::http
