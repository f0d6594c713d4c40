#include "clock.hpp"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <chrono>
#include <mutex>

namespace dashboard::server {
namespace {

class SystemClock final : public Clock {
 public:
  core::UnixMillis now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class RandomIds final : public IdSource {
 public:
  std::string next_uuid() override {
    // The generator is not thread-safe; ids are made on several I/O threads.
    std::lock_guard lock(mutex_);
    return boost::uuids::to_string(generator_());
  }

 private:
  std::mutex mutex_;
  boost::uuids::random_generator generator_;
};

}  // namespace

std::shared_ptr<Clock> system_clock() {
  return std::make_shared<SystemClock>();
}
std::shared_ptr<IdSource> random_ids() {
  return std::make_shared<RandomIds>();
}

}  // namespace dashboard::server
