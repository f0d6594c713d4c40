#include "core/format.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace dashboard::core {
namespace {

constexpr std::int64_t kMinuteMs = 60 * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Division rounding towards negative infinity, so dates before 1970 still
// land on the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct LocalTime {
  std::chrono::year_month_day date;
  std::int64_t day_number = 0;  // days since the epoch, in the viewer's zone
  int hour = 0;
  int minute = 0;
  int second = 0;
};

LocalTime to_local(UnixMillis millis, int utc_offset_minutes) {
  const std::int64_t local = millis + static_cast<std::int64_t>(utc_offset_minutes) * kMinuteMs;
  LocalTime t;
  t.day_number = floor_div(local, kDayMs);
  const std::int64_t in_day = local - t.day_number * kDayMs;
  t.date = std::chrono::year_month_day{
      std::chrono::sys_days{std::chrono::days{static_cast<int>(t.day_number)}}};
  t.hour = static_cast<int>(in_day / kHourMs);
  t.minute = static_cast<int>(in_day % kHourMs / kMinuteMs);
  t.second = static_cast<int>(in_day % kMinuteMs / 1000);
  return t;
}

std::string date_text(const std::chrono::year_month_day& date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u %s %d", static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()));
  return buf;
}

}  // namespace

std::string format_count(std::int64_t value) {
  // Work on the magnitude as unsigned so INT64_MIN has no overflow.
  const bool negative = value < 0;
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string reversed;
  int digits = 0;
  do {
    if (digits > 0 && digits % 3 == 0) reversed.push_back(',');
    reversed.push_back(static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
    ++digits;
  } while (magnitude != 0);
  if (negative) reversed.push_back('-');
  return {reversed.rbegin(), reversed.rend()};
}

std::string format_percent(double percent) {
  if (!std::isfinite(percent)) return "0%";
  double tenths = std::round(percent * 10);
  // A bar at 99.97% is not complete and one at 0.02% is not empty; the
  // label must not say otherwise.
  if (tenths >= 1000 && percent < 100) tenths = 999;
  if (tenths <= 0 && percent > 0) tenths = 1;
  if (tenths == 0) tenths = 0;  // no "-0%"
  char buf[32];
  if (std::fmod(tenths, 10) == 0) {
    std::snprintf(buf, sizeof buf, "%.0f%%", tenths / 10);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f%%", tenths / 10);
  }
  return buf;
}

std::string format_relative_time(UnixMillis then, UnixMillis now, int utc_offset_minutes) {
  const std::int64_t elapsed = now - then;
  if (elapsed < -kMinuteMs) return format_date(then, utc_offset_minutes);
  if (elapsed < kMinuteMs) return "just now";
  if (elapsed < kHourMs) return std::to_string(elapsed / kMinuteMs) + " min ago";
  if (elapsed < kDayMs) return std::to_string(elapsed / kHourMs) + " h ago";

  const std::int64_t days =
      to_local(now, utc_offset_minutes).day_number - to_local(then, utc_offset_minutes).day_number;
  if (days <= 1) return "yesterday";
  if (days < 7) return std::to_string(days) + " days ago";
  return format_date(then, utc_offset_minutes);
}

std::string format_relative_date(std::string_view rfc3339, UnixMillis now, int utc_offset_minutes) {
  const std::optional<UnixMillis> then = parse_rfc3339(rfc3339);
  if (!then) return std::string(kUnknownDate);
  return format_relative_time(*then, now, utc_offset_minutes);
}

std::string format_date(UnixMillis millis, int utc_offset_minutes) {
  return date_text(to_local(millis, utc_offset_minutes).date);
}

std::string format_exact_time(std::string_view rfc3339, int utc_offset_minutes) {
  const std::optional<UnixMillis> millis = parse_rfc3339(rfc3339);
  if (!millis) return std::string(kUnknownDate);
  const LocalTime t = to_local(*millis, utc_offset_minutes);
  char buf[24];
  std::snprintf(buf, sizeof buf, ", %02d:%02d:%02d", t.hour, t.minute, t.second);
  return date_text(t.date) + buf;
}

}  // namespace dashboard::core
