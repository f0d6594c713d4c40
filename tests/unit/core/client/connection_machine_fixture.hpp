// connection_machine_fixture: the helpers the ConnectionMachine tests share,
// which drive a machine through failures with no jitter, so every delay and
// deadline in the tests is exact. The tests are split by topic:
//   connection_machine_test.cpp           connecting, Live, backoff, config
//   connection_machine_degraded_test.cpp  degraded mode and polling
//   connection_machine_auth_test.cpp      AUTH_FAILED, Retry button, toast, stop
//
//   ConnectionMachine machine = machine_with(degraded_after(5));
//   const UnixMillis entry = degrade(machine);
//   EXPECT_EQ(count(machine.take_actions(), kPoll), 1);
#pragma once

#include <cstdint>
#include <vector>

#include "core/client/connection_machine.hpp"

namespace dashboard::core::client::connection_machine_fixture {

using Actions = std::vector<ConnectionAction>;
inline constexpr ConnectionAction kConnect = ConnectionAction::Connect;
inline constexpr ConnectionAction kClose = ConnectionAction::Close;
inline constexpr ConnectionAction kPoll = ConnectionAction::PollSnapshot;

// random 0 means no jitter: delays are exactly 1 s, 2 s, 4 s, ... capped at 30 s.
inline ConnectionMachine machine_with(ConnectionConfig config = {}, double random = 0.0) {
  return ConnectionMachine(config, [random] { return random; });
}

// Configs differing from the defaults in one field.
inline ConnectionConfig degraded_after(int failures) {
  ConnectionConfig config;
  config.degraded_after_failures = failures;
  return config;
}

inline ConnectionConfig polling_every(std::int64_t interval_ms) {
  ConnectionConfig config;
  config.poll_interval_ms = interval_ms;
  return config;
}

// Fails the attempt in flight at `now`, then ticks to the next attempt and
// returns its time. Asserts nothing about the actions; the caller drains them.
inline UnixMillis fail_and_wait(ConnectionMachine& machine, UnixMillis now) {
  machine.on_lost(now, "connection refused");
  const UnixMillis next = now + machine.ms_until_retry(now).value();
  machine.tick(next);
  return next;
}

inline int count(const Actions& actions, ConnectionAction wanted) {
  int n = 0;
  for (ConnectionAction action : actions) {
    n += action == wanted ? 1 : 0;
  }
  return n;
}

// Brings a machine to degraded mode from start(); returns the time of entry.
inline UnixMillis degrade(ConnectionMachine& machine, UnixMillis now = 0) {
  machine.start(now);
  while (!machine.degraded()) {
    machine.on_lost(now, "connection refused");
    if (machine.degraded()) {
      break;
    }
    now += machine.ms_until_retry(now).value();
    machine.tick(now);
  }
  return now;
}

}  // namespace dashboard::core::client::connection_machine_fixture
