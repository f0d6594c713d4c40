// Live-session registry for graceful shutdown; see shared_state.hpp.
#include "http/shared_state.hpp"

#include <utility>
#include <vector>

namespace dashboard::server::http {

bool SharedState::join(std::weak_ptr<Closable> session) {
  std::lock_guard lock(mutex_);
  if (stopping()) return false;
  auto strong = session.lock();
  if (!strong) return false;
  sessions_.emplace(strong.get(), std::move(session));
  return true;
}

void SharedState::leave(const Closable* session) {
  std::unique_lock lock(mutex_);
  sessions_.erase(session);
  maybe_drained(lock);
}

std::size_t SharedState::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SharedState::close_all(std::function<void()> on_drained) {
  std::vector<std::weak_ptr<Closable>> live;
  {
    std::unique_lock lock(mutex_);
    if (stopping()) return;
    stopping_.store(true, std::memory_order_release);
    on_drained_ = std::move(on_drained);
    live.reserve(sessions_.size());
    for (const auto& entry : sessions_) live.push_back(entry.second);
    maybe_drained(lock);
  }
  // Outside the lock: a session may leave (and re-enter the mutex) from
  // inside close_gracefully().
  for (auto& weak : live) {
    if (auto session = weak.lock()) session->close_gracefully();
  }
}

std::size_t SharedState::move_some(std::size_t count) {
  std::vector<std::shared_ptr<Closable>> chosen;
  {
    std::lock_guard lock(mutex_);
    if (stopping()) return 0;
    for (const auto& entry : sessions_) {
      if (chosen.size() >= count) break;
      auto session = entry.second.lock();
      if (session && session->movable()) chosen.push_back(std::move(session));
    }
  }
  // Outside the lock, as in close_all().
  for (const auto& session : chosen) session->move_elsewhere();
  return chosen.size();
}

void SharedState::forget_on_drained() {
  std::lock_guard lock(mutex_);
  on_drained_ = nullptr;
}

void SharedState::maybe_drained(std::unique_lock<std::mutex>& lock) {
  if (!stopping() || !sessions_.empty() || !on_drained_) return;
  auto callback = std::exchange(on_drained_, nullptr);
  lock.unlock();
  callback();
}

}  // namespace dashboard::server::http
