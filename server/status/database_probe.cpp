#include "status/database_probe.hpp"

namespace dashboard::server::status {

DatabaseProbe::DatabaseProbe(std::shared_ptr<store::sql::Database> db,
                             std::chrono::milliseconds interval)
    : db_(std::move(db)), interval_(interval) {}

DatabaseProbe::~DatabaseProbe() {
  stop();
}

void DatabaseProbe::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void DatabaseProbe::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DatabaseHealth DatabaseProbe::probe_now() {
  DatabaseHealth health;
  health.checked = true;
  const auto start = std::chrono::steady_clock::now();
  try {
    db_->read([](store::sql::Session& s) { s.query("SELECT 1")->next(); });
    health.reachable = true;
  } catch (const std::exception& e) {
    health.error = e.what();
  }
  health.latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  health.checked_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::lock_guard lock(mutex_);
  last_ = health;
  return health;
}

DatabaseHealth DatabaseProbe::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

void DatabaseProbe::run() {
  for (;;) {
    probe_now();
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace dashboard::server::status
