// format: numbers and dates as the dashboard shows them to a person.
// Pure functions: the current time and the viewer's UTC offset are passed
// in, never read from a clock, so every case is testable.
//
//   format_count(1234567)                          -> "1,234,567"
//   format_percent(72.5)                           -> "72.5%"
//   format_relative_date("2026-03-12T09:55:00Z", parse_rfc3339("2026-03-12T10:00:00Z").value())
//                                                  -> "5 min ago"
//   format_exact_time("2026-03-12T09:55:00Z", 60)  -> "12 Mar 2026, 10:55:00"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"

namespace dashboard::core {

// What a date cell shows when its timestamp cannot be parsed (an em dash).
inline constexpr std::string_view kUnknownDate = "\xE2\x80\x94";

// A count with thousands separators: "0", "1,234", "-12,000".
std::string format_count(std::int64_t value);

// A percentage with at most one decimal and no trailing ".0": "72.5%",
// "100%". Rounding never claims a bound that was not reached: 99.97 shows
// "99.9%", 0.02 shows "0.1%". Non-finite input shows "0%".
std::string format_percent(double percent);

// How long ago `then` was, as a person says it: "just now" (under a minute,
// or up to a minute in the future for clock skew), "5 min ago", "3 h ago",
// then by calendar day in the viewer's zone: "yesterday", "4 days ago"
// (under a week), and past that (or further in the future) the date,
// "12 Mar 2026". `utc_offset_minutes` is the viewer's offset from UTC.
std::string format_relative_time(UnixMillis then, UnixMillis now, int utc_offset_minutes = 0);

// format_relative_time for an RFC 3339 timestamp; kUnknownDate when it does
// not parse.
std::string format_relative_date(std::string_view rfc3339, UnixMillis now,
                                 int utc_offset_minutes = 0);

// The calendar date in the viewer's zone: "12 Mar 2026".
std::string format_date(UnixMillis millis, int utc_offset_minutes = 0);

// The exact time in the viewer's zone, for a tooltip: "12 Mar 2026, 14:03:11";
// kUnknownDate when the timestamp does not parse.
std::string format_exact_time(std::string_view rfc3339, int utc_offset_minutes = 0);

}  // namespace dashboard::core
