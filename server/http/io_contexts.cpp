// One io_context per I/O thread; see io_contexts.hpp.
#include "http/io_contexts.hpp"

#include <boost/asio/post.hpp>
#include <exception>
#include <thread>

namespace dashboard::server::http {
namespace net = boost::asio;

IoContexts::IoContexts(unsigned threads) {
  const unsigned count = threads == 0 ? 1 : threads;
  contexts_.reserve(count);
  guards_.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    // A hint of 1: each context is run by exactly one thread.
    contexts_.push_back(std::make_unique<net::io_context>(1));
    guards_.emplace_back(net::make_work_guard(*contexts_.back()));
  }
}

IoContexts::~IoContexts() = default;

net::io_context& IoContexts::next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoContexts::run(const std::function<void(const std::exception&)>& on_exception) {
  const auto run_one = [&on_exception](net::io_context& ioc) {
    // A handler that throws must not take the whole process down silently.
    while (true) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        on_exception(e);
      }
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(contexts_.size() - 1);
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    workers.emplace_back([&run_one, &ioc = *contexts_[i]] { run_one(ioc); });
  }
  run_one(main());
  for (auto& worker : workers) worker.join();
}

void IoContexts::release() {
  // The guards live on main() so release() may come from any thread.
  net::post(main(), [this] {
    for (auto& guard : guards_) guard.reset();
  });
}

void IoContexts::stop() {
  for (auto& ioc : contexts_) ioc->stop();
}

}  // namespace dashboard::server::http
