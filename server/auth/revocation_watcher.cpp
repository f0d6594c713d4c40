#include "auth/revocation_watcher.hpp"

#include <vector>

#include "log.hpp"
#include "store/auth_sessions.hpp"

namespace dashboard::server::auth {
namespace {

// Instances' clocks differ a little, and a revocation committed just after
// a poll may carry a revoked_at just before it: each poll looks back this far.
constexpr core::UnixMillis kLookBackMs = 5000;

}  // namespace

RevocationWatcher::RevocationWatcher(std::shared_ptr<store::sql::Database> db,
                                     std::shared_ptr<Clock> clock,
                                     std::chrono::milliseconds remember_for,
                                     std::chrono::milliseconds interval)
    : db_(std::move(db)),
      clock_(std::move(clock)),
      remember_for_(remember_for),
      interval_(interval),
      cursor_(clock_->now() - remember_for.count()) {}

RevocationWatcher::~RevocationWatcher() {
  stop();
}

void RevocationWatcher::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(thread_mutex_);
    while (!stopping_) {
      lock.unlock();
      poll();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void RevocationWatcher::stop() {
  {
    std::lock_guard lock(thread_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool RevocationWatcher::revoked(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  return revoked_.contains(session_id);
}

void RevocationWatcher::watch(const std::string& session_id, const void* key,
                              std::function<void()> on_revoked) {
  {
    std::lock_guard lock(mutex_);
    if (!revoked_.contains(session_id)) {
      watchers_.emplace(session_id, std::make_pair(key, std::move(on_revoked)));
      return;
    }
  }
  on_revoked();
}

void RevocationWatcher::unwatch(const std::string& session_id, const void* key) {
  std::lock_guard lock(mutex_);
  auto [begin, end] = watchers_.equal_range(session_id);
  for (auto it = begin; it != end; ++it) {
    if (it->second.first == key) {
      watchers_.erase(it);
      return;
    }
  }
}

void RevocationWatcher::note_revoked(const std::string& session_id) {
  mark(session_id, clock_->now());
}

void RevocationWatcher::mark(const std::string& session_id, core::UnixMillis revoked_at) {
  std::vector<std::function<void()>> to_run;
  {
    std::lock_guard lock(mutex_);
    if (!revoked_.emplace(session_id, revoked_at).second) return;
    auto [begin, end] = watchers_.equal_range(session_id);
    for (auto it = begin; it != end; ++it) to_run.push_back(std::move(it->second.second));
    watchers_.erase(begin, end);
  }
  for (auto& run : to_run) run();  // outside the lock: they post to the sockets' strands
}

void RevocationWatcher::poll() {
  std::vector<store::Revocation> found;
  core::UnixMillis since = 0;
  {
    std::lock_guard lock(mutex_);
    since = cursor_ - kLookBackMs;
  }
  try {
    found = store::revocations_since(*db_, since);
    if (failing_) log::info("revocation watcher reading again", {});
    failing_ = false;
  } catch (const std::exception& e) {
    if (!failing_) log::warn("revocation watcher cannot read the store", {{"error", e.what()}});
    failing_ = true;
    return;
  }
  // What no live access token can name any more is forgotten (and not
  // learnt again from the look-back).
  const core::UnixMillis horizon = clock_->now() - remember_for_.count() - kLookBackMs;
  for (const auto& revocation : found) {
    {
      std::lock_guard lock(mutex_);
      cursor_ = std::max(cursor_, revocation.revoked_at);
    }
    if (revocation.revoked_at >= horizon) mark(revocation.session_id, revocation.revoked_at);
  }
  std::lock_guard lock(mutex_);
  std::erase_if(revoked_, [horizon](const auto& entry) { return entry.second < horizon; });
}

}  // namespace dashboard::server::auth
