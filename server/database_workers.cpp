// The database's own threads; see database_workers.hpp.
#include "database_workers.hpp"

#include <exception>

#include "log.hpp"

namespace dashboard::server {

DatabaseWorkers::DatabaseWorkers(unsigned threads, std::size_t max_queued)
    : guard_(boost::asio::make_work_guard(context_)), max_queued_(max_queued) {
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        try {
          context_.run();
          return;
        } catch (const std::exception& e) {
          // One failed job must not take the worker (or the process) with it.
          log::error("unhandled exception in database worker", {{"error", e.what()}});
        }
      }
    });
  }
}

DatabaseWorkers::~DatabaseWorkers() {
  stop();
}

void DatabaseWorkers::stop() {
  guard_.reset();
  context_.stop();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace dashboard::server
