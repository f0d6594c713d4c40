// status_board: the current state of every watched service, its history
// (one point a minute for 24 h), and the live feed to sockets.
//
// A check's result goes in with record(); readers take a snapshot(), and
// subscribers get `service:bulk-update` when they subscribe, then
// `service:status` deltas carrying only the fields that changed since the
// last delta of that service, at most one per second per service: results
// inside the second are folded into the next delta (the latest state wins,
// never dropped). Time is passed in, so the throttle is tested without
// sleeping; record() and flush_due() say when flush_due() must run next.
//
//   board.add_service("database", "Database", /*is_public=*/true);
//   auto next = board.record("database", result, wall_ms, steady_now);
//   if (next) arm_timer_at(*next, [&] { board.flush_due(steady_clock::now()); });
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "status/service_status.hpp"

namespace dashboard::server::status {

// An immutable socket.io frame shared by its recipients.
using StatusFrame = std::shared_ptr<const std::string>;

class StatusBoard {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  static constexpr std::chrono::milliseconds kMinDeltaGap{1000};
  static constexpr std::chrono::hours kHistorySpan{24};

  // `nsp`: the socket.io namespace the frames are for ("/dashboard").
  explicit StatusBoard(std::string nsp);

  // Setup, before any record(): services in display order.
  void add_service(const std::string& id, const std::string& name, bool is_public);

  bool has_service(const std::string& id) const;
  // Admins see every service; members only the public ones.
  bool visible(const std::string& id, bool admin) const;

  // A check finished. Returns when flush_due() must run for a delta held
  // back by the one-per-second limit (nullopt: nothing held).
  std::optional<SteadyTime> record(const std::string& id, const CheckResult& result,
                                   core::UnixMillis wall_now, SteadyTime steady_now);
  // Sends the held deltas that are due; returns the next due time, if any.
  std::optional<SteadyTime> flush_due(SteadyTime steady_now);

  // A socket's feed. `send` must not block (it hands the frame to the
  // socket's strand); `alive` expires with the socket, which then gets
  // nothing more. Subscribing sends the bulk update (and an `error` event
  // per visible check that cannot run) before any delta.
  void subscribe(const void* key, bool admin, std::function<void(StatusFrame)> send,
                 std::weak_ptr<const void> alive);
  void unsubscribe(const void* key);
  std::size_t subscribers() const;

  // Each service's two newest history points (the minute so far and the
  // one before), to save.
  std::vector<std::pair<std::string, HistoryPoint>> latest_points() const;
  // Setup, before any record(): history saved by an earlier run.
  void restore(const std::string& id, const std::vector<HistoryPoint>& points);

  // Every service `admin` may see, in display order.
  std::vector<ServiceState> snapshot(bool admin) const;
  std::optional<ServiceState> state(const std::string& id) const;

  // JSON texts (also the REST body's parts).
  static std::string state_json(const ServiceState& state);
  // {"overall":"operational"|"degraded"|"outage","role":"admin"|"member","services":[...]};
  // `role` is the reader's (the client shows admin-only parts by it).
  static std::string snapshot_json(const std::vector<ServiceState>& services, bool admin);

 private:
  // What the last delta (or the bulk update) told subscribers.
  struct Told {
    std::optional<ServiceStatus> status;
    std::optional<double> response_ms;
    std::string details;
    std::optional<double> uptime_tenths;  // uptime % rounded to 0.1
    std::optional<HistoryPoint> minute;
  };
  struct Service {
    ServiceState state;
    std::deque<HistoryPoint> history;  // oldest first, at most 24 h
    Told told;
    SteadyTime last_delta{};
    bool pending = false;       // a result not yet in a delta
    std::string misconfigured;  // the error last announced, empty when it runs
  };
  struct Subscriber {
    bool admin = false;
    std::function<void(StatusFrame)> send;
    std::weak_ptr<const void> alive;
  };

  Service* find(const std::string& id);
  const Service* find(const std::string& id) const;
  ServiceState public_state(const Service& service) const;
  // Sends `service`'s delta now (caller holds the lock).
  void emit_delta(Service& service, SteadyTime steady_now);
  void broadcast(const Service& service, const StatusFrame& frame);
  StatusFrame error_frame(const Service& service) const;

  std::string nsp_;
  mutable std::mutex mutex_;
  std::vector<Service> services_;  // display order; fixed after setup
  std::map<const void*, Subscriber> subscribers_;
};

}  // namespace dashboard::server::status
