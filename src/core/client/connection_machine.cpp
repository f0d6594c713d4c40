#include "core/client/connection_machine.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace dashboard::core::client {
namespace {

// Whole seconds for people, rounded to nearest.
std::int64_t rounded_seconds(std::int64_t ms) {
  return (ms + 500) / 1000;
}

}  // namespace

ConnectionConfig clamp_config(ConnectionConfig config) {
  config.backoff = clamp_policy(config.backoff);
  config.connect_timeout_ms = std::max<std::int64_t>(config.connect_timeout_ms, 1);
  config.degraded_after_failures = std::clamp(config.degraded_after_failures,
                                              kMinDegradedAfterFailures, kMaxDegradedAfterFailures);
  config.poll_interval_ms =
      std::clamp(config.poll_interval_ms, kMinPollIntervalMs, kMaxPollIntervalMs);
  return config;
}

std::string degraded_banner_text(std::int64_t poll_interval_ms) {
  return "Live updates paused, refreshing every " +
         std::to_string(rounded_seconds(poll_interval_ms)) + " s";
}

ConnectionMachine::ConnectionMachine(ConnectionConfig config, RandomSource random)
    : config_(clamp_config(config)), backoff_(config_.backoff, std::move(random)) {}

// [SECTION] Events

void ConnectionMachine::start(UnixMillis now) {
  if (phase_ == Phase::Idle) {
    start_fresh(now);
  }
}

void ConnectionMachine::on_connected(UnixMillis /*now*/) {
  if (phase_ != Phase::Connecting) {
    return;
  }
  phase_ = Phase::Live;
  reconnected_ = was_live_;
  was_live_ = true;
  forget_failures();
}

void ConnectionMachine::on_lost(UnixMillis now, std::string reason) {
  if (reason.empty()) {
    reason = "Connection lost";
  }
  if (phase_ == Phase::Connecting) {
    fail_attempt(now, std::move(reason));
  } else if (phase_ == Phase::Live) {
    // Losing a live connection is not a failed attempt; the attempts that follow may be.
    last_error_ = std::move(reason);
    recovering_ = true;
    schedule_retry(now);
  }
}

void ConnectionMachine::on_auth_failed(UnixMillis /*now*/) {
  if (phase_ != Phase::Connecting && phase_ != Phase::Live) {
    return;
  }
  actions_.push_back(ConnectionAction::Close);
  phase_ = Phase::AuthRequired;
  degraded_ = false;
  attempts_started_ = 0;
  last_error_ = "Sign-in required: the server refused the token (AUTH_FAILED)";
}

void ConnectionMachine::on_new_token(UnixMillis now) {
  if (phase_ == Phase::AuthRequired) {
    start_fresh(now);
  }
}

void ConnectionMachine::retry_now(UnixMillis now) {
  if (phase_ == Phase::Waiting) {
    begin_attempt(now);
  }
}

void ConnectionMachine::stop(UnixMillis /*now*/) {
  if (phase_ == Phase::Connecting || phase_ == Phase::Live) {
    actions_.push_back(ConnectionAction::Close);
  }
  phase_ = Phase::Idle;
  reconnected_ = false;
  forget_failures();
}

void ConnectionMachine::tick(UnixMillis now) {
  if (phase_ == Phase::Connecting && now >= attempt_deadline_) {
    actions_.push_back(ConnectionAction::Close);
    fail_attempt(now, "No response from the server within " +
                          std::to_string(rounded_seconds(config_.connect_timeout_ms)) + " s");
  } else if (phase_ == Phase::Waiting && now >= retry_at_) {
    begin_attempt(now);
  }
  if (degraded_ && now >= next_poll_at_) {
    actions_.push_back(ConnectionAction::PollSnapshot);
    // Keep the cadence when ticks are on time; after a long stall poll once, not in a burst.
    next_poll_at_ += config_.poll_interval_ms;
    if (next_poll_at_ <= now) {
      next_poll_at_ = now + config_.poll_interval_ms;
    }
  }
}

// [SECTION] Output

std::vector<ConnectionAction> ConnectionMachine::take_actions() {
  return std::exchange(actions_, {});
}

std::optional<UnixMillis> ConnectionMachine::next_deadline() const {
  std::optional<UnixMillis> deadline;
  if (phase_ == Phase::Connecting) {
    deadline = attempt_deadline_;
  } else if (phase_ == Phase::Waiting) {
    deadline = retry_at_;
  }
  if (degraded_) {
    deadline = deadline ? std::min(*deadline, next_poll_at_) : next_poll_at_;
  }
  return deadline;
}

ConnectionStatus ConnectionMachine::status() const {
  switch (phase_) {
    case Phase::Idle:
      return ConnectionStatus::Offline;
    case Phase::Live:
      return ConnectionStatus::Live;
    case Phase::AuthRequired:
      return ConnectionStatus::Disconnected;
    case Phase::Connecting:
    case Phase::Waiting:
      break;
  }
  if (degraded_) {
    return ConnectionStatus::Disconnected;
  }
  return phase_ == Phase::Connecting && !recovering_ ? ConnectionStatus::Connecting
                                                     : ConnectionStatus::Reconnecting;
}

int ConnectionMachine::attempt() const {
  if (phase_ == Phase::Connecting) {
    return attempts_started_;
  }
  if (phase_ == Phase::Waiting) {
    return attempts_started_ + 1;
  }
  return 0;
}

std::optional<std::int64_t> ConnectionMachine::ms_until_retry(UnixMillis now) const {
  if (phase_ != Phase::Waiting) {
    return std::nullopt;
  }
  return std::max<std::int64_t>(retry_at_ - now, 0);
}

bool ConnectionMachine::take_reconnected() {
  return std::exchange(reconnected_, false);
}

// [SECTION] Transitions

void ConnectionMachine::start_fresh(UnixMillis now) {
  forget_failures();
  begin_attempt(now);
}

void ConnectionMachine::forget_failures() {
  recovering_ = false;
  degraded_ = false;
  attempts_started_ = 0;
  failures_ = 0;
  backoff_.reset();
  last_error_.clear();
}

void ConnectionMachine::begin_attempt(UnixMillis now) {
  phase_ = Phase::Connecting;
  if (attempts_started_ < std::numeric_limits<int>::max() - 1) {
    ++attempts_started_;
  }
  attempt_deadline_ = now + config_.connect_timeout_ms;
  actions_.push_back(ConnectionAction::Connect);
}

void ConnectionMachine::fail_attempt(UnixMillis now, std::string reason) {
  last_error_ = std::move(reason);
  recovering_ = true;
  if (failures_ < std::numeric_limits<int>::max()) {
    ++failures_;
  }
  if (!degraded_ && failures_ >= config_.degraded_after_failures) {
    enter_degraded(now);
  }
  schedule_retry(now);
}

void ConnectionMachine::schedule_retry(UnixMillis now) {
  phase_ = Phase::Waiting;
  // Degraded mode polls for data; the socket is retried slowly, at the cap.
  const std::int64_t delay = degraded_ ? config_.backoff.max_ms : backoff_.next_delay_ms();
  retry_at_ = now + delay;
}

void ConnectionMachine::enter_degraded(UnixMillis now) {
  degraded_ = true;
  // The data may be minutes old by now: refresh at once, then on the cadence.
  actions_.push_back(ConnectionAction::PollSnapshot);
  next_poll_at_ = now + config_.poll_interval_ms;
}

}  // namespace dashboard::core::client
