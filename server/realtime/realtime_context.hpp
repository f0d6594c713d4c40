// realtime_context: what every socket shares: the hub, the token service,
// the session registry (for shutdown), metrics and the limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "auth/revocation_watcher.hpp"
#include "auth/token_service.hpp"
#include "clock.hpp"
#include "http/shared_state.hpp"
#include "metrics.hpp"
#include "realtime/hub.hpp"
#include "realtime/status_events.hpp"
#include "realtime/topic_hub.hpp"

namespace dashboard::server::realtime {

struct RealtimeLimits {
  std::chrono::milliseconds ping_interval{30000};
  std::chrono::milliseconds ping_timeout{10000};
  std::size_t max_message_bytes = 64 * 1024;  // a client frame larger than this closes the socket
  std::size_t max_queued_bytes = 4 * 1024 * 1024;  // a slower consumer is disconnected
  double packets_per_second = 20;                  // client packets, token bucket
  double packet_burst = 40;
  std::size_t max_topics_per_socket = 50;  // topic subscriptions; more are refused in the ack
  double subscribes_per_second = 5;        // subscribe events, token bucket; over: RATE_LIMITED
  double subscribe_burst = 20;
};

struct RealtimeContext {
  std::shared_ptr<Hub> hub;
  std::shared_ptr<TopicHub> topic_hub;  // board:<user> and moc:<id> subscriptions
  std::shared_ptr<const auth::TokenService> tokens;
  std::shared_ptr<http::SharedState> state;
  std::shared_ptr<IdSource> ids;
  Metrics* metrics = nullptr;
  RealtimeLimits limits;
  // Browser origins allowed to open sockets. Empty: same origin only
  // (Origin's host equals Host); "*": any. Requests without Origin (non-
  // browser clients) are always allowed: the token is what authorizes.
  std::vector<std::string> allowed_origins;
  // subscribe:status, unsubscribe:status, request:refresh; null: not served.
  std::shared_ptr<StatusEvents> status_events;
  // Sign-in sessions that end (sign-out, a password change, a reused
  // refresh token): their sockets are refused and closed. Null in tests.
  std::shared_ptr<auth::RevocationWatcher> revocations;
};

}  // namespace dashboard::server::realtime
