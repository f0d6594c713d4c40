// revocation_watcher: ends what a revoked sign-in session still holds on
// this instance. Every `interval` (250 ms by default) it reads the sessions
// revoked since its last look (store::revocations_since: sign-out, sign out
// everywhere, a password change, a reused refresh token, on any instance
// sharing the database) and runs the callbacks the session's sockets
// registered; revoked() lets REST refuse the session's access tokens,
// which would otherwise stay valid until they expire.
//
// A poll rather than NOTIFY: it works the same on SQLite and PostgreSQL,
// and one indexed query four times a second costs nothing measurable. A
// revocation made here is acted on at once (note_revoked).
//
//   watcher.watch(sid, key, [weak] { if (auto s = weak.lock()) s->end_revoked(); });
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "clock.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::auth {

class RevocationWatcher {
 public:
  // Revocations are remembered for `remember_for` (the access tokens'
  // lifetime: after that their tokens are refused as expired anyway).
  RevocationWatcher(std::shared_ptr<store::sql::Database> db, std::shared_ptr<Clock> clock,
                    std::chrono::milliseconds remember_for,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~RevocationWatcher();
  RevocationWatcher(const RevocationWatcher&) = delete;
  RevocationWatcher& operator=(const RevocationWatcher&) = delete;

  void start();  // the polling thread
  void stop();

  // Any thread.
  bool revoked(const std::string& session_id) const;
  // `on_revoked` runs once, on the watcher's thread (or the caller's of
  // note_revoked), when the session is revoked; at once if it already is.
  void watch(const std::string& session_id, const void* key, std::function<void()> on_revoked);
  void unwatch(const std::string& session_id, const void* key);
  // This instance revoked it: act now instead of at the next poll.
  void note_revoked(const std::string& session_id);
  // One look at the store (the thread's loop; tests call it directly).
  void poll();

 private:
  void mark(const std::string& session_id, core::UnixMillis revoked_at);

  std::shared_ptr<store::sql::Database> db_;
  std::shared_ptr<Clock> clock_;
  std::chrono::milliseconds remember_for_;
  std::chrono::milliseconds interval_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, core::UnixMillis> revoked_;  // session id -> revoked at
  std::unordered_multimap<std::string, std::pair<const void*, std::function<void()>>> watchers_;
  core::UnixMillis cursor_ = 0;  // the newest revoked_at seen
  bool failing_ = false;         // the last poll failed (logged once per outage)

  std::mutex thread_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dashboard::server::auth
