// Idempotency-Key making and Retry-After reading.
#include "app/idempotency_keys.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "app/transport.hpp"

namespace dashboard::app {
namespace {

TEST(IdempotencyKeys, CountUpBehindARandomPrefix) {
  IdempotencyKeys keys;
  EXPECT_TRUE(std::regex_match(keys.prefix(), std::regex("[0-9a-f]{16}"))) << keys.prefix();
  EXPECT_EQ(keys.next(), keys.prefix() + "-1");
  EXPECT_EQ(keys.next(), keys.prefix() + "-2");
  EXPECT_EQ(IdempotencyKeys("p").next(), "p-1");
}

TEST(IdempotencyKeys, TwoGeneratorsDoNotShareAPrefix) {
  std::set<std::string> prefixes;
  for (int i = 0; i < 64; ++i) prefixes.insert(IdempotencyKeys().prefix());
  EXPECT_EQ(prefixes.size(), 64u);
}

TEST(RetryAfter, ReadsSecondsAndNothingElse) {
  EXPECT_EQ(parse_retry_after("1"), 1);
  EXPECT_EQ(parse_retry_after(" 30\r"), 30);
  EXPECT_EQ(parse_retry_after("0"), 0);
  EXPECT_EQ(parse_retry_after(""), -1);
  EXPECT_EQ(parse_retry_after("-1"), -1);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), -1);
  EXPECT_EQ(parse_retry_after("99999"), -1);
}

}  // namespace
}  // namespace dashboard::app
