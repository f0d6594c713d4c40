// ConnectionMachine: connecting, going Live, retrying a lost or timed-out
// connection with backoff, and clamping the config. Degraded mode is in
// connection_machine_degraded_test.cpp; AUTH_FAILED and the user's controls
// (Retry, toast, stop) in connection_machine_auth_test.cpp.
#include "core/client/connection_machine.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "connection_machine_fixture.hpp"

namespace dashboard::core::client {
namespace {

using namespace connection_machine_fixture;

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
