// ConnectionMachine degraded mode: entered after N failed attempts in a row,
// it polls the snapshot on a fixed cadence while the socket is retried at
// the backoff cap, and a connect ends it.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "connection_machine_fixture.hpp"
#include "core/client/connection_machine.hpp"

namespace dashboard::core::client {
namespace {

using namespace connection_machine_fixture;

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

}  // namespace
}  // namespace dashboard::core::client
