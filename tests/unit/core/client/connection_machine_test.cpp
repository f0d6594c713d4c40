#include "core/client/connection_machine.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace dashboard::core::client {
namespace {

using Actions = std::vector<ConnectionAction>;
constexpr ConnectionAction kConnect = ConnectionAction::Connect;
constexpr ConnectionAction kClose = ConnectionAction::Close;
constexpr ConnectionAction kPoll = ConnectionAction::PollSnapshot;

// random 0 means no jitter: delays are exactly 1 s, 2 s, 4 s, ... capped at 30 s.
ConnectionMachine machine_with(ConnectionConfig config = {}, double random = 0.0) {
  return ConnectionMachine(config, [random] { return random; });
}

// Configs differing from the defaults in one field.
ConnectionConfig degraded_after(int failures) {
  ConnectionConfig config;
  config.degraded_after_failures = failures;
  return config;
}

ConnectionConfig polling_every(std::int64_t interval_ms) {
  ConnectionConfig config;
  config.poll_interval_ms = interval_ms;
  return config;
}

// Fails the attempt in flight at `now`, then ticks to the next attempt and
// returns its time. Asserts nothing about the actions; the caller drains them.
UnixMillis fail_and_wait(ConnectionMachine& machine, UnixMillis now) {
  machine.on_lost(now, "connection refused");
  const UnixMillis next = now + machine.ms_until_retry(now).value();
  machine.tick(next);
  return next;
}

int count(const Actions& actions, ConnectionAction wanted) {
  int n = 0;
  for (ConnectionAction action : actions) {
    n += action == wanted ? 1 : 0;
  }
  return n;
}

// Brings a machine to degraded mode from start(); returns the time of entry.
UnixMillis degrade(ConnectionMachine& machine, UnixMillis now = 0) {
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

// [SECTION] Connecting and Live

TEST(ConnectionMachine, StartsOfflineAndStartEmitsConnect) {
  ConnectionMachine machine = machine_with();
  EXPECT_EQ(machine.status(), ConnectionStatus::Offline);
  EXPECT_EQ(machine.next_deadline(), std::nullopt);
  machine.start(1000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_EQ(machine.status(), ConnectionStatus::Connecting);
  EXPECT_EQ(machine.attempt(), 1);
  EXPECT_EQ(machine.next_deadline(), 21000);  // the 20 s connect timeout
  EXPECT_EQ(machine.ms_until_retry(1000), std::nullopt);
  machine.start(1000);
  EXPECT_TRUE(machine.take_actions().empty());
}

TEST(ConnectionMachine, ConnectedGoesLiveWithNoTimers) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.take_actions();
  machine.on_connected(300);
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
  EXPECT_EQ(machine.attempt(), 0);
  EXPECT_EQ(machine.next_deadline(), std::nullopt);
  EXPECT_TRUE(machine.last_error().empty());
  EXPECT_FALSE(machine.can_retry());
  machine.tick(10'000'000);
  EXPECT_TRUE(machine.take_actions().empty());
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
}

TEST(ConnectionMachine, LossRetriesWithExponentialBackoff) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_connected(0);
  machine.take_actions();

  machine.on_lost(10000, "ping timeout");
  EXPECT_TRUE(machine.take_actions().empty());  // socket.io waits before the first retry
  EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
  EXPECT_EQ(machine.last_error(), "ping timeout");
  EXPECT_EQ(machine.attempt(), 1);
  EXPECT_EQ(machine.ms_until_retry(10000), 1000);
  EXPECT_EQ(machine.next_deadline(), 11000);

  machine.tick(10999);
  EXPECT_TRUE(machine.take_actions().empty());
  machine.tick(11000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
  EXPECT_EQ(machine.attempt(), 1);

  UnixMillis now = 11500;
  for (std::int64_t expected : {2000, 4000, 8000, 16000, 30000}) {
    machine.on_lost(now, "connection refused");
    EXPECT_EQ(machine.ms_until_retry(now), expected);
    now += expected;
    machine.tick(now);
    EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  }
  EXPECT_EQ(machine.attempt(), 6);
  EXPECT_EQ(machine.consecutive_failures(), 5);
}

TEST(ConnectionMachine, JitterComesFromInjectedRandom) {
  ConnectionMachine machine = machine_with({}, 0.5);
  machine.start(0);
  machine.on_lost(0, "connection refused");
  EXPECT_EQ(machine.ms_until_retry(0), 1250);
}

TEST(ConnectionMachine, CountdownShrinksWithTime) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_lost(0, "connection refused");
  EXPECT_EQ(machine.ms_until_retry(0), 1000);
  EXPECT_EQ(machine.ms_until_retry(400), 600);
  EXPECT_EQ(machine.ms_until_retry(5000), 0);
}

TEST(ConnectionMachine, FailedFirstAttemptTurnsConnectingIntoReconnecting) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  EXPECT_EQ(machine.status(), ConnectionStatus::Connecting);
  fail_and_wait(machine, 0);
  EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
  EXPECT_EQ(machine.attempt(), 2);
}

TEST(ConnectionMachine, EmptyLossReasonGetsDefaultText) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_lost(0, "");
  EXPECT_EQ(machine.last_error(), "Connection lost");
}

TEST(ConnectionMachine, ConnectTimeoutClosesAndSchedulesRetry) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.take_actions();
  machine.tick(19999);
  EXPECT_TRUE(machine.take_actions().empty());
  machine.tick(20000);
  EXPECT_EQ(machine.take_actions(), Actions{kClose});
  EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
  EXPECT_EQ(machine.consecutive_failures(), 1);
  EXPECT_EQ(machine.last_error(), "No response from the server within 20 s");
  EXPECT_EQ(machine.ms_until_retry(20000), 1000);
  machine.tick(21000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_EQ(machine.next_deadline(), 41000);
}

TEST(ConnectionMachine, LateReportsFromClosedTransportAreIgnored) {
  ConnectionMachine machine = machine_with();
  machine.on_connected(0);
  machine.on_lost(0, "x");
  EXPECT_EQ(machine.status(), ConnectionStatus::Offline);

  machine.start(0);
  machine.tick(20000);  // timed out: Close, waiting
  machine.take_actions();
  machine.on_connected(20001);  // the closed attempt answering late
  machine.on_lost(20002, "closed");
  EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
  EXPECT_EQ(machine.consecutive_failures(), 1);
  EXPECT_EQ(machine.ms_until_retry(20002), 998);
}

// [SECTION] AUTH_FAILED

TEST(ConnectionMachine, AuthFailedStopsRetries) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.take_actions();
  machine.on_auth_failed(50);
  EXPECT_EQ(machine.take_actions(), Actions{kClose});
  EXPECT_EQ(machine.status(), ConnectionStatus::Disconnected);
  EXPECT_TRUE(machine.auth_required());
  EXPECT_FALSE(machine.can_retry());
  EXPECT_FALSE(machine.degraded());
  EXPECT_EQ(machine.attempt(), 0);
  EXPECT_EQ(machine.ms_until_retry(50), std::nullopt);
  EXPECT_EQ(machine.next_deadline(), std::nullopt);
  EXPECT_NE(machine.last_error().find("AUTH_FAILED"), std::string::npos);

  for (UnixMillis now = 0; now <= 3'600'000; now += 1000) {
    machine.tick(now);
  }
  machine.retry_now(3'600'000);
  machine.on_lost(3'600'000, "closed");
  EXPECT_TRUE(machine.take_actions().empty());
  EXPECT_TRUE(machine.auth_required());
}

TEST(ConnectionMachine, NewTokenResumesConnecting) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_auth_failed(0);
  machine.take_actions();
  machine.on_new_token(60000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_FALSE(machine.auth_required());
  EXPECT_EQ(machine.status(), ConnectionStatus::Connecting);
  EXPECT_EQ(machine.attempt(), 1);
  EXPECT_TRUE(machine.last_error().empty());
  EXPECT_EQ(machine.next_deadline(), 80000);
  machine.on_connected(60100);
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
}

TEST(ConnectionMachine, NewTokenRestartsBackoffFromMin) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  UnixMillis now = fail_and_wait(machine, 0);
  now = fail_and_wait(machine, now);
  machine.on_auth_failed(now);
  machine.on_new_token(now);
  machine.on_lost(now, "connection refused");
  EXPECT_EQ(machine.ms_until_retry(now), 1000);
  EXPECT_EQ(machine.consecutive_failures(), 1);
}

TEST(ConnectionMachine, AuthFailedEndsDegradedMode) {
  ConnectionMachine machine = machine_with();
  UnixMillis now = degrade(machine);
  now += machine.ms_until_retry(now).value();
  machine.tick(now);
  machine.on_auth_failed(now);
  machine.take_actions();
  EXPECT_FALSE(machine.degraded());
  for (UnixMillis t = now; t <= now + 600'000; t += 1000) {
    machine.tick(t);
  }
  EXPECT_TRUE(machine.take_actions().empty());  // no polls: the snapshot needs a token too
}

TEST(ConnectionMachine, NewTokenIgnoredUnlessAuthRequired) {
  ConnectionMachine machine = machine_with();
  machine.on_new_token(0);
  EXPECT_EQ(machine.status(), ConnectionStatus::Offline);
  machine.start(0);
  machine.on_connected(0);
  machine.take_actions();
  machine.on_new_token(10);
  EXPECT_TRUE(machine.take_actions().empty());
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
}

// [SECTION] Degraded mode

TEST(ConnectionMachine, DegradedAfterExactlyNFailures) {
  for (int n : {5, 8, 10}) {
    SCOPED_TRACE(::testing::Message() << "N = " << n);
    ConnectionMachine machine = machine_with(degraded_after(n));
    machine.start(0);
    UnixMillis now = 0;
    for (int failure = 1; failure < n; ++failure) {
      now = fail_and_wait(machine, now);
      EXPECT_FALSE(machine.degraded());
      EXPECT_EQ(machine.status(), ConnectionStatus::Reconnecting);
      EXPECT_EQ(count(machine.take_actions(), kPoll), 0);
    }
    machine.on_lost(now, "connection refused");
    EXPECT_TRUE(machine.degraded());
    EXPECT_EQ(machine.consecutive_failures(), n);
    EXPECT_EQ(machine.status(), ConnectionStatus::Disconnected);
    EXPECT_EQ(machine.take_actions(), Actions{kPoll});  // refresh at once on entry
  }
}

TEST(ConnectionMachine, DefaultDegradesAfterEightFailures) {
  ConnectionMachine machine = machine_with();
  degrade(machine);
  EXPECT_EQ(machine.consecutive_failures(), 8);
  EXPECT_EQ(machine.poll_interval_ms(), 30000);
}

TEST(ConnectionMachine, LossOfLiveConnectionIsNotAFailure) {
  ConnectionMachine machine = machine_with(degraded_after(5));
  machine.start(0);
  UnixMillis now = 0;
  for (int i = 0; i < 10; ++i) {
    machine.on_connected(now);
    machine.on_lost(now, "ping timeout");
    now += machine.ms_until_retry(now).value();
    machine.tick(now);
  }
  EXPECT_FALSE(machine.degraded());
  EXPECT_EQ(machine.consecutive_failures(), 0);
}

TEST(ConnectionMachine, SlowAttemptsContinueWhileDegraded) {
  ConnectionMachine machine = machine_with(degraded_after(5));
  UnixMillis now = degrade(machine);
  machine.take_actions();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(machine.ms_until_retry(now), 30000);  // the backoff cap
    EXPECT_EQ(machine.status(), ConnectionStatus::Disconnected);
    now += 30000;
    machine.tick(now);
    EXPECT_EQ(count(machine.take_actions(), kConnect), 1);
    machine.tick(now + 20000);  // this attempt times out too
    EXPECT_EQ(count(machine.take_actions(), kClose), 1);
    now += 20000;
    EXPECT_TRUE(machine.degraded());
  }
  EXPECT_EQ(machine.consecutive_failures(), 25);
}

TEST(ConnectionMachine, DegradedPollsEveryInterval) {
  for (std::int64_t interval : {30000, 45000, 60000}) {
    SCOPED_TRACE(::testing::Message() << "interval " << interval);
    ConnectionMachine machine = machine_with(polling_every(interval));
    const UnixMillis entry = degrade(machine);
    EXPECT_EQ(count(machine.take_actions(), kPoll), 1);
    std::vector<UnixMillis> polls;
    for (UnixMillis now = entry; now <= entry + 600'000; now += 250) {
      machine.tick(now);
      if (count(machine.take_actions(), kPoll) == 1) {
        polls.push_back(now);
      }
      if (machine.status() != ConnectionStatus::Disconnected) {
        break;
      }
      // Attempts keep failing: refuse each one as soon as it starts.
      if (machine.ms_until_retry(now) == std::nullopt) {
        machine.on_lost(now, "connection refused");
      }
    }
    ASSERT_EQ(polls.size(), static_cast<std::size_t>(600'000 / interval));
    for (std::size_t i = 0; i < polls.size(); ++i) {
      EXPECT_EQ(polls[i], entry + static_cast<UnixMillis>(i + 1) * interval);
    }
  }
}

TEST(ConnectionMachine, LateTickPollsOnceNotInABurst) {
  ConnectionMachine machine = machine_with();
  const UnixMillis entry = degrade(machine);
  machine.take_actions();
  machine.tick(entry + 100'000);  // three intervals late
  EXPECT_EQ(count(machine.take_actions(), kPoll), 1);
  EXPECT_EQ(machine.next_deadline().value() >= entry + 100'000, true);
  machine.tick(entry + 100'001);
  EXPECT_EQ(count(machine.take_actions(), kPoll), 0);
}

TEST(ConnectionMachine, SuccessEndsDegradedAndStopsPolling) {
  ConnectionMachine machine = machine_with();
  UnixMillis now = degrade(machine);
  now += machine.ms_until_retry(now).value();
  machine.tick(now);
  machine.take_actions();
  machine.on_connected(now + 100);
  EXPECT_FALSE(machine.degraded());
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
  EXPECT_EQ(machine.consecutive_failures(), 0);
  EXPECT_EQ(machine.next_deadline(), std::nullopt);
  for (UnixMillis t = now; t <= now + 600'000; t += 1000) {
    machine.tick(t);
  }
  EXPECT_TRUE(machine.take_actions().empty());
}

TEST(ConnectionMachine, NoPollingWhenLiveOrReconnecting) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_connected(0);
  UnixMillis now = 0;
  for (; now <= 600'000; now += 1000) {
    machine.tick(now);
  }
  machine.on_lost(now, "ping timeout");
  now += machine.ms_until_retry(now).value();
  machine.tick(now);
  for (int i = 0; i < 7; ++i) {
    now = fail_and_wait(machine, now);
  }
  EXPECT_EQ(count(machine.take_actions(), kPoll), 0);
}

TEST(ConnectionMachine, NextDeadlineIsEarliestTimer) {
  ConnectionMachine machine = machine_with();
  const UnixMillis entry = degrade(machine);
  // Retry at the cap (30 s) and the poll (30 s) coincide; move the retry earlier.
  EXPECT_EQ(machine.next_deadline(), entry + 30000);
  machine.retry_now(entry + 5000);
  EXPECT_EQ(machine.next_deadline(), entry + 25000);  // the connect timeout
  machine.on_lost(entry + 6000, "connection refused");
  EXPECT_EQ(machine.next_deadline(), entry + 30000);  // the poll, before the retry at +36 s
}

TEST(ConnectionMachine, BannerNamesThePollInterval) {
  EXPECT_EQ(degraded_banner_text(30000), "Live updates paused, refreshing every 30 s");
  ConnectionMachine machine = machine_with(polling_every(45000));
  EXPECT_EQ(degraded_banner_text(machine.poll_interval_ms()),
            "Live updates paused, refreshing every 45 s");
}

// [SECTION] Retry button, toast, stop

TEST(ConnectionMachine, RetryButtonConnectsNowAndResetsCountdown) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  UnixMillis now = fail_and_wait(machine, 0);  // retry after 1 s
  now = fail_and_wait(machine, now);           // retry after 2 s
  machine.on_lost(now, "connection refused");  // next in 4 s
  machine.take_actions();
  EXPECT_TRUE(machine.can_retry());
  EXPECT_EQ(machine.ms_until_retry(now), 4000);

  machine.retry_now(now + 1000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_FALSE(machine.can_retry());
  EXPECT_EQ(machine.ms_until_retry(now + 1000), std::nullopt);
  EXPECT_EQ(machine.attempt(), 4);
  machine.tick(now + 4000);  // the old countdown no longer fires
  EXPECT_TRUE(machine.take_actions().empty());

  machine.on_lost(now + 5000, "connection refused");  // the schedule carries on
  EXPECT_EQ(machine.ms_until_retry(now + 5000), 8000);
}

TEST(ConnectionMachine, RetryButtonWorksWhileDegraded) {
  ConnectionMachine machine = machine_with();
  const UnixMillis entry = degrade(machine);
  machine.take_actions();
  machine.retry_now(entry + 1000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  machine.on_connected(entry + 1200);
  EXPECT_FALSE(machine.degraded());
  EXPECT_EQ(machine.status(), ConnectionStatus::Live);
}

TEST(ConnectionMachine, RetryIgnoredUnlessWaiting) {
  ConnectionMachine machine = machine_with();
  machine.retry_now(0);
  EXPECT_TRUE(machine.take_actions().empty());
  machine.start(0);
  machine.take_actions();
  machine.retry_now(10);  // an attempt is already in flight
  EXPECT_TRUE(machine.take_actions().empty());
  machine.on_connected(20);
  machine.retry_now(30);
  EXPECT_TRUE(machine.take_actions().empty());
}

TEST(ConnectionMachine, ReconnectedToastIsOneShot) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  EXPECT_FALSE(machine.take_reconnected());
  machine.on_connected(0);
  EXPECT_FALSE(machine.take_reconnected());  // the first connect is not a reconnect

  machine.on_lost(100, "ping timeout");
  machine.tick(1100);
  EXPECT_FALSE(machine.take_reconnected());
  machine.on_connected(1200);
  EXPECT_TRUE(machine.take_reconnected());
  EXPECT_FALSE(machine.take_reconnected());
}

TEST(ConnectionMachine, ReconnectedAfterSignInFollowingLivePeriod) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_connected(0);
  machine.on_lost(100, "server closed");
  machine.tick(1100);
  machine.on_auth_failed(1200);
  machine.on_new_token(5000);
  machine.on_connected(5100);
  EXPECT_TRUE(machine.take_reconnected());
}

TEST(ConnectionMachine, StopClosesAndGoesOffline) {
  ConnectionMachine machine = machine_with();
  machine.start(0);
  machine.on_connected(0);
  machine.take_actions();
  machine.stop(100);
  EXPECT_EQ(machine.take_actions(), Actions{kClose});
  EXPECT_EQ(machine.status(), ConnectionStatus::Offline);
  EXPECT_EQ(machine.next_deadline(), std::nullopt);
  machine.tick(10'000'000);
  EXPECT_TRUE(machine.take_actions().empty());
  machine.start(20'000'000);
  EXPECT_EQ(machine.take_actions(), Actions{kConnect});
  EXPECT_EQ(machine.status(), ConnectionStatus::Connecting);
}

TEST(ConnectionMachine, StopWhileDegradedStopsPollingAndRetries) {
  ConnectionMachine machine = machine_with();
  const UnixMillis entry = degrade(machine);
  machine.take_actions();
  machine.stop(entry);
  EXPECT_TRUE(machine.take_actions().empty());  // nothing open while waiting
  EXPECT_FALSE(machine.degraded());
  for (UnixMillis t = entry; t <= entry + 600'000; t += 1000) {
    machine.tick(t);
  }
  EXPECT_TRUE(machine.take_actions().empty());
}

// [SECTION] Config

TEST(ConnectionMachine, ConfigIsClamped) {
  ConnectionConfig low;
  low.connect_timeout_ms = -5;
  low.degraded_after_failures = 3;
  low.poll_interval_ms = 10000;
  low = clamp_config(low);
  EXPECT_EQ(low.connect_timeout_ms, 1);
  EXPECT_EQ(low.degraded_after_failures, 5);
  EXPECT_EQ(low.poll_interval_ms, 30000);

  ConnectionConfig high;
  high.degraded_after_failures = 12;
  high.poll_interval_ms = 90000;
  high = clamp_config(high);
  EXPECT_EQ(high.degraded_after_failures, 10);
  EXPECT_EQ(high.poll_interval_ms, 60000);

  ConnectionConfig odd;
  odd.backoff.min_ms = 2000;
  odd.backoff.max_ms = 100;
  EXPECT_EQ(clamp_config(odd).backoff.max_ms, 2000);

  ConnectionConfig in_range;
  in_range.degraded_after_failures = 7;
  in_range.poll_interval_ms = 40000;
  EXPECT_EQ(clamp_config(in_range), in_range);
  EXPECT_EQ(clamp_config(ConnectionConfig{}), ConnectionConfig{});
}

TEST(ConnectionMachine, UsesClampedConfig) {
  ConnectionMachine machine = machine_with(degraded_after(2));
  EXPECT_EQ(machine.config().degraded_after_failures, 5);
  degrade(machine);
  EXPECT_EQ(machine.consecutive_failures(), 5);
}

}  // namespace
}  // namespace dashboard::core::client
