#include "core/format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace dashboard::core {
namespace {

UnixMillis at(std::string_view rfc3339) {
  return parse_rfc3339(rfc3339).value();
}

TEST(Format, CountsGetThousandsSeparators) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(7), "7");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_count(1234), "1,234");
  EXPECT_EQ(format_count(123456), "123,456");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(-12000), "-12,000");
  EXPECT_EQ(format_count(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(Format, PercentagesKeepOneDecimalAndDropTrailingZero) {
  EXPECT_EQ(format_percent(72.5), "72.5%");
  EXPECT_EQ(format_percent(100), "100%");
  EXPECT_EQ(format_percent(0), "0%");
  EXPECT_EQ(format_percent(33.333), "33.3%");
  EXPECT_EQ(format_percent(66.66), "66.7%");
  EXPECT_EQ(format_percent(50.04), "50%");
}

TEST(Format, PercentagesNeverRoundToAFalseBound) {
  EXPECT_EQ(format_percent(99.97), "99.9%");
  EXPECT_EQ(format_percent(0.02), "0.1%");
  EXPECT_EQ(format_percent(-0.01), "0%");
  EXPECT_EQ(format_percent(std::nan("")), "0%");
  EXPECT_EQ(format_percent(std::numeric_limits<double>::infinity()), "0%");
}

TEST(Format, RelativeDatesWithinADay) {
  const UnixMillis now = at("2026-03-12T10:00:00Z");
  EXPECT_EQ(format_relative_date("2026-03-12T10:00:00Z", now), "just now");
  EXPECT_EQ(format_relative_date("2026-03-12T09:59:01Z", now), "just now");
  EXPECT_EQ(format_relative_date("2026-03-12T09:59:00Z", now), "1 min ago");
  EXPECT_EQ(format_relative_date("2026-03-12T09:55:00Z", now), "5 min ago");
  EXPECT_EQ(format_relative_date("2026-03-12T09:00:01Z", now), "59 min ago");
  EXPECT_EQ(format_relative_date("2026-03-12T09:00:00Z", now), "1 h ago");
  EXPECT_EQ(format_relative_date("2026-03-12T07:00:00Z", now), "3 h ago");
  EXPECT_EQ(format_relative_date("2026-03-11T10:00:01Z", now), "23 h ago");
}

TEST(Format, RelativeDatesByCalendarDay) {
  const UnixMillis now = at("2026-03-12T10:00:00Z");
  EXPECT_EQ(format_relative_date("2026-03-11T10:00:00Z", now), "yesterday");
  EXPECT_EQ(format_relative_date("2026-03-11T00:00:00Z", now), "yesterday");
  EXPECT_EQ(format_relative_date("2026-03-10T23:59:59Z", now), "2 days ago");
  EXPECT_EQ(format_relative_date("2026-03-08T12:00:00Z", now), "4 days ago");
  EXPECT_EQ(format_relative_date("2026-03-06T12:00:00Z", now), "6 days ago");
  EXPECT_EQ(format_relative_date("2026-03-05T12:00:00Z", now), "5 Mar 2026");
  EXPECT_EQ(format_relative_date("2025-12-31T23:00:00Z", now), "31 Dec 2025");
}

TEST(Format, RelativeDatesFollowTheViewersZone) {
  // 00:30 local in UTC+2 is 22:30 UTC the day before; 25 h earlier is two
  // local calendar days back.
  const UnixMillis now = at("2026-03-11T22:30:00Z");
  EXPECT_EQ(format_relative_date("2026-03-10T21:30:00Z", now, 120), "2 days ago");
  EXPECT_EQ(format_relative_date("2026-03-10T21:30:00Z", now, 0), "yesterday");
  // A numeric offset in the timestamp names the same instant.
  EXPECT_EQ(format_relative_date("2026-03-12T00:25:00+02:00", now), "5 min ago");
}

TEST(Format, RelativeDatesInTheFutureOrUnparseable) {
  const UnixMillis now = at("2026-03-12T10:00:00Z");
  EXPECT_EQ(format_relative_date("2026-03-12T10:00:30Z", now), "just now");  // small skew
  EXPECT_EQ(format_relative_date("2026-03-14T10:00:00Z", now), "14 Mar 2026");
  EXPECT_EQ(format_relative_date("not a date", now), kUnknownDate);
  EXPECT_EQ(format_relative_date("", now), kUnknownDate);
}

TEST(Format, DatesAndExactTimesInTheViewersZone) {
  EXPECT_EQ(format_date(at("2026-03-12T23:30:00Z")), "12 Mar 2026");
  EXPECT_EQ(format_date(at("2026-03-12T23:30:00Z"), 60), "13 Mar 2026");
  EXPECT_EQ(format_date(at("1969-12-31T23:59:59Z")), "31 Dec 1969");
  EXPECT_EQ(format_exact_time("2026-03-12T09:55:07.250Z"), "12 Mar 2026, 09:55:07");
  EXPECT_EQ(format_exact_time("2026-03-12T09:55:07Z", 60), "12 Mar 2026, 10:55:07");
  EXPECT_EQ(format_exact_time("2026-03-12T00:10:00Z", -30), "11 Mar 2026, 23:40:00");
  EXPECT_EQ(format_exact_time("2026-02-30T00:00:00Z"), kUnknownDate);
}

}  // namespace
}  // namespace dashboard::core
