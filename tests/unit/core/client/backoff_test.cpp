#include "core/client/backoff.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace dashboard::core::client {
namespace {

std::vector<std::int64_t> first_delays(double random, int count, BackoffPolicy policy = {}) {
  Backoff backoff(policy, [random] { return random; });
  std::vector<std::int64_t> delays;
  for (int i = 0; i < count; ++i) {
    delays.push_back(backoff.next_delay_ms());
  }
  return delays;
}

// Expected values computed with socket.io-client's Backoff.duration() in Node.
TEST(Backoff, MatchesSocketIoFormulaForPinnedRandoms) {
  using V = std::vector<std::int64_t>;
  const V cap(6, 30000);
  auto with_cap = [&cap](V head) {
    head.insert(head.end(), cap.begin(), cap.end());
    return head;
  };
  EXPECT_EQ(first_delays(0.0, 11), with_cap({1000, 2000, 4000, 8000, 16000}));
  // 0.25: even tenth, so the deviation is subtracted; attempt 5 lands under the cap.
  EXPECT_EQ(first_delays(0.25, 11),
            (V{875, 1750, 3500, 7000, 14000, 28000, 30000, 30000, 30000, 30000, 30000}));
  EXPECT_EQ(first_delays(0.35, 11), with_cap({1175, 2350, 4700, 9400, 18800}));
  EXPECT_EQ(first_delays(0.5, 11), with_cap({1250, 2500, 5000, 10000, 20000}));
  EXPECT_EQ(first_delays(0.99, 11), with_cap({1495, 2990, 5980, 11960, 23920}));
  EXPECT_EQ(first_delays(0.123456, 11), with_cap({1061, 2123, 4246, 8493, 16987}));
  EXPECT_EQ(first_delays(0.777, 11), with_cap({1388, 2777, 5554, 11108, 22216}));
}

TEST(Backoff, CustomPolicyMatchesFormula) {
  const BackoffPolicy policy{.min_ms = 500, .max_ms = 10000, .factor = 3, .jitter = 0.2};
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(first_delays(0.61, 6, policy), (V{439, 1317, 3951, 10000, 10000, 10000}));
  EXPECT_EQ(first_delays(0.07, 6, policy), (V{493, 1479, 4437, 10000, 10000, 10000}));
  EXPECT_EQ(first_delays(0.3, 6, policy), (V{530, 1590, 4770, 10000, 10000, 10000}));
}

TEST(Backoff, DelayStaysWithinJitterBoundsAndCap) {
  const BackoffPolicy policy;
  for (double random : {0.0, 0.1, 0.25, 0.49, 0.5, 0.51, 0.75, 0.99, 0.999999}) {
    for (int attempt = 0; attempt <= 10; ++attempt) {
      const double base = 1000.0 * std::pow(2.0, attempt);
      const std::int64_t delay = backoff_delay_ms(policy, attempt, random);
      SCOPED_TRACE(::testing::Message() << "random " << random << " attempt " << attempt);
      EXPECT_GE(delay, std::min<std::int64_t>(static_cast<std::int64_t>(base * 0.5), 30000));
      EXPECT_LE(delay, std::min<std::int64_t>(static_cast<std::int64_t>(base * 1.5), 30000));
    }
  }
}

TEST(Backoff, ResetStartsOverAtMin) {
  Backoff backoff(BackoffPolicy{}, [] { return 0.5; });
  EXPECT_EQ(backoff.next_delay_ms(), 1250);
  EXPECT_EQ(backoff.next_delay_ms(), 2500);
  EXPECT_EQ(backoff.next_delay_ms(), 5000);
  EXPECT_EQ(backoff.attempts(), 3);
  backoff.reset();
  EXPECT_EQ(backoff.attempts(), 0);
  EXPECT_EQ(backoff.next_delay_ms(), 1250);
  EXPECT_EQ(backoff.attempts(), 1);
}

TEST(Backoff, DrawsOneRandomPerDelay) {
  std::vector<double> draws = {0.0, 0.5, 0.99};
  std::size_t next = 0;
  Backoff backoff(BackoffPolicy{}, [&] { return draws[next++ % draws.size()]; });
  EXPECT_EQ(backoff.next_delay_ms(), 1000);  // attempt 0, random 0
  EXPECT_EQ(backoff.next_delay_ms(), 2500);  // attempt 1, random 0.5
  EXPECT_EQ(backoff.next_delay_ms(), 5980);  // attempt 2, random 0.99
  EXPECT_EQ(next, 3u);
}

TEST(Backoff, EmptyRandomDisablesJitter) {
  Backoff backoff(BackoffPolicy{}, nullptr);
  EXPECT_EQ(backoff.next_delay_ms(), 1000);
  EXPECT_EQ(backoff.next_delay_ms(), 2000);
  EXPECT_EQ(backoff.next_delay_ms(), 4000);
}

TEST(Backoff, RandomOutsideUnitIntervalIsClamped) {
  const BackoffPolicy policy;
  EXPECT_EQ(backoff_delay_ms(policy, 0, -3.0), 1000);
  EXPECT_EQ(backoff_delay_ms(policy, 0, std::nan("")), 1000);
  // 1.0 counts as just below 1: odd tenth, so the deviation (499) is added.
  EXPECT_EQ(backoff_delay_ms(policy, 0, 1.0), 1499);
  EXPECT_EQ(backoff_delay_ms(policy, 0, 7.0), 1499);
}

TEST(Backoff, HugeAttemptCountStaysAtCap) {
  const BackoffPolicy policy;
  // JS overflows to Infinity, then NaN, then 0 here; the cap is the sane answer.
  EXPECT_EQ(backoff_delay_ms(policy, 5000, 0.5), 30000);
  EXPECT_EQ(backoff_delay_ms(policy, std::numeric_limits<int>::max(), 0.0), 30000);
  EXPECT_EQ(backoff_delay_ms({.min_ms = 0, .max_ms = 30000, .factor = 2, .jitter = 0.5}, 5000, 0.5),
            0);
}

TEST(Backoff, ClampPolicyBringsFieldsIntoRange) {
  const BackoffPolicy clamped =
      clamp_policy({.min_ms = -5, .max_ms = -10, .factor = 0.5, .jitter = 2.0});
  EXPECT_EQ(clamped.min_ms, 0);
  EXPECT_EQ(clamped.max_ms, 0);
  EXPECT_EQ(clamped.factor, 1.0);
  EXPECT_EQ(clamped.jitter, 1.0);

  const BackoffPolicy swapped =
      clamp_policy({.min_ms = 5000, .max_ms = 1000, .factor = 2, .jitter = 0.5});
  EXPECT_EQ(swapped.max_ms, 5000);

  const BackoffPolicy nan = clamp_policy(
      {.min_ms = 1000, .max_ms = 30000, .factor = std::nan(""), .jitter = std::nan("")});
  EXPECT_EQ(nan.factor, 1.0);
  EXPECT_EQ(nan.jitter, 0.0);

  EXPECT_EQ(clamp_policy(BackoffPolicy{}), BackoffPolicy{});
}

TEST(Backoff, ConstructorClampsPolicy) {
  Backoff backoff({.min_ms = 1000, .max_ms = 500, .factor = 2, .jitter = 0}, nullptr);
  EXPECT_EQ(backoff.policy().max_ms, 1000);
  EXPECT_EQ(backoff.next_delay_ms(), 1000);
  EXPECT_EQ(backoff.next_delay_ms(), 1000);
}

}  // namespace
}  // namespace dashboard::core::client
