// State shared by every connection: the set of live sessions, so shutdown
// can ask each one to finish, and the "stopping" flag new work checks.
//
// Sessions of any kind (HTTP now, WebSocket later) implement Closable and
// register themselves once they are owned by a shared_ptr:
//
//   if (!state->join(weak_from_this())) return;  // shutdown already began
//   ...                                          // destructor: state->leave(this)
//
// close_all() marks the state stopping, calls close_gracefully() on every
// live session, and runs on_drained once the last one has left.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace dashboard::server::http {

// Something that can be asked to wind down: an idle HTTP connection closes,
// a busy one finishes its response first; a WebSocket would send a close
// frame. Must be safe to call from any thread.
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close_gracefully() = 0;
  // A live socket a client will reopen, through the load balancer, and
  // resume from its last seq: one the instance may ask to move when the
  // cluster's load is uneven (cluster_balance.hpp). Must not block.
  virtual bool movable() const { return false; }
  virtual void move_elsewhere() { close_gracefully(); }
};

class SharedState {
 public:
  // False once shutdown has begun; the caller should close instead.
  bool join(std::weak_ptr<Closable> session);
  void leave(const Closable* session);

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  std::size_t size() const;

  // Asks up to `count` movable sessions to move elsewhere; returns how
  // many were asked.
  std::size_t move_some(std::size_t count);

  // on_drained runs exactly once, on the thread that saw the last session
  // leave (or right here if none are live).
  void close_all(std::function<void()> on_drained);

  // Drops a pending on_drained. Call once the I/O threads have stopped: the
  // sessions the io_context destroys afterwards must not call back into
  // objects that are already gone.
  void forget_on_drained();

 private:
  void maybe_drained(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mutex_;
  std::atomic<bool> stopping_{false};
  std::unordered_map<const Closable*, std::weak_ptr<Closable>> sessions_;
  std::function<void()> on_drained_;
};

}  // namespace dashboard::server::http
