// database_workers: the threads that may wait on the database.
//
// Store calls block (libpq and SQLite are synchronous), so they never run
// on the I/O threads that serve sockets, static files and /healthz: a
// frozen or partitioned database then costs only the requests that need it.
// The hubs' strands, the outbox pruner and every /api request run here. The
// queue is bounded: past `max_queued` requests waiting or running, a new
// one is refused at once (503) instead of piling up behind a stuck database.
//
//   DatabaseWorkers workers{8, 256};
//   Hub hub{workers.executor(), ...};
//   if (!workers.try_post([...] { ...store call... })) answer 503;
//   ... workers.stop() after the I/O threads returned
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstddef>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace dashboard::server {

class DatabaseWorkers {
 public:
  DatabaseWorkers(unsigned threads, std::size_t max_queued);
  DatabaseWorkers(const DatabaseWorkers&) = delete;
  DatabaseWorkers& operator=(const DatabaseWorkers&) = delete;
  ~DatabaseWorkers();

  boost::asio::io_context& context() { return context_; }
  boost::asio::any_io_executor executor() { return context_.get_executor(); }

  // Runs `work` on a worker, unless max_queued requests are already queued
  // or running: then false, and `work` is dropped. Any thread.
  template <class Work>
  bool try_post(Work&& work) {
    if (queued_.fetch_add(1, std::memory_order_relaxed) >= max_queued_) {
      queued_.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    boost::asio::post(context_, [this, work = std::forward<Work>(work)]() mutable {
      Done done{queued_};
      work();
    });
    return true;
  }

  std::size_t queued() const { return queued_.load(std::memory_order_relaxed); }

  // Lets go of the threads; whatever is still queued is dropped. Idempotent.
  void stop();

 private:
  struct Done {  // counts a request out however its work ends
    std::atomic<std::size_t>& queued;
    ~Done() { queued.fetch_sub(1, std::memory_order_relaxed); }
  };

  boost::asio::io_context context_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::vector<std::thread> threads_;
  const std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
};

}  // namespace dashboard::server
