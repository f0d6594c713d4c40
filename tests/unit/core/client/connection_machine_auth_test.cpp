// ConnectionMachine after AUTH_FAILED (no retries until a new token), and
// what the person controls or is told: the Retry button, the one-shot
// "Reconnected" toast, and stop().
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "connection_machine_fixture.hpp"
#include "core/client/connection_machine.hpp"

namespace dashboard::core::client {
namespace {

using namespace connection_machine_fixture;

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

}  // namespace
}  // namespace dashboard::core::client
