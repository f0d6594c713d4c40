// status_events: the system-status events of a /dashboard socket.
//
//   subscribe:status    -> service:bulk-update, then service:status deltas
//   unsubscribe:status  -> no more of them
//   request:refresh     {serviceId} (or "id"): runs that check now; the ack
//                       is [{ok:true, service:{...}}] or [{ok:false, error:{code, message}}]
//
// Members see the public services, admins all of them; a refresh of a
// service the caller may not see is refused (FORBIDDEN), and refreshes are
// rate limited per socket (RATE_LIMITED). Frames reach the socket through
// Subscriber::deliver, from whichever thread has them.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/socketio/socketio.hpp"
#include "realtime/hub.hpp"
#include "realtime/rate_limiter.hpp"
#include "store/store.hpp"

namespace dashboard::server::status {
class StatusMonitor;
}

namespace dashboard::server::realtime {

class StatusEvents {
 public:
  // Refreshes a socket may ask for: a burst, then one per interval.
  static constexpr double kRefreshPerSecond = 0.5;
  static constexpr double kRefreshBurst = 3;

  explicit StatusEvents(std::shared_ptr<status::StatusMonitor> monitor);

  // On the socket's strand. False when `event` is not one of ours.
  bool handle(store::UserId user, const core::sio::EventMessage& event,
              std::optional<std::uint64_t> ack_id, const std::shared_ptr<Subscriber>& socket);
  // The socket closed or left the namespace.
  void forget(const Subscriber* socket);

 private:
  void refresh(store::UserId user, const core::sio::EventMessage& event,
               std::optional<std::uint64_t> ack_id, const std::shared_ptr<Subscriber>& socket);

  std::shared_ptr<status::StatusMonitor> monitor_;
  std::mutex mutex_;
  std::unordered_map<const Subscriber*, TokenBucket> refresh_buckets_;
};

}  // namespace dashboard::server::realtime
