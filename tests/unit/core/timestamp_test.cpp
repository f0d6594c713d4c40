#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace dashboard::core {
namespace {

TEST(Timestamp, ParsesUtcWithAndWithoutFraction) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_rfc3339("2026-11-23T10:00:00.250Z"), 1795428000250);
  EXPECT_EQ(parse_rfc3339("2026-11-23t10:00:00.250z"), 1795428000250);
  // Digits past milliseconds are accepted and truncated.
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00.123456789Z"), 123);
}

TEST(Timestamp, AppliesOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-11-23T12:00:00+02:00"), parse_rfc3339("2026-11-23T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-11-23T05:30:00-04:30"), parse_rfc3339("2026-11-23T10:00:00Z"));
}

TEST(Timestamp, RejectsWhatIsNotRfc3339) {
  for (const char* bad :
       {"", "2026-11-23", "2026-11-23 10:00:00Z", "2026-11-23T10:00:00", "2026-11-23T10:00Z",
        "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:00.Z",
        "2026-11-23T10:00:00+2:00", "2026-11-23T10:00:00+02:00x", "2026-11-23T10:00:00Zjunk",
        "+2026-11-23T10:00:00Z", "2026-1a-23T10:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z").has_value());  // leap year
  EXPECT_TRUE(parse_rfc3339("2016-12-31T23:59:60Z").has_value());  // leap second
}

TEST(Timestamp, FormatsUtcMilliseconds) {
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_utc(1795428000250), "2026-11-23T10:00:00.250Z");
  EXPECT_EQ(format_rfc3339_utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Timestamp, FormatThenParseRoundTrips) {
  for (UnixMillis ms : {UnixMillis{0}, UnixMillis{951782400000}, UnixMillis{1795428000250},
                        UnixMillis{4102444799999}}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339_utc(ms)), ms);
  }
}

}  // namespace
}  // namespace dashboard::core
