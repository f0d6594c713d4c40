// timestamp: RFC 3339 timestamps as the wire carries them, in UTC.
//
//   parse_rfc3339("2026-11-23T10:00:00.250Z")   -> 1795428000250 (ms since epoch)
//   format_rfc3339_utc(1795428000250)            -> "2026-11-23T10:00:00.250Z"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dashboard::core {

// Milliseconds since the Unix epoch, for ordering and relative dates.
using UnixMillis = std::int64_t;

// Parses an RFC 3339 date-time ("T" or "t" separator, optional fraction,
// "Z" or a numeric offset) and returns it in UTC milliseconds; nullopt when
// the text is not a valid RFC 3339 timestamp (including impossible dates
// such as February 30th).
std::optional<UnixMillis> parse_rfc3339(std::string_view text);

// Formats as RFC 3339 UTC with millisecond precision and a "Z" suffix.
std::string format_rfc3339_utc(UnixMillis millis);

}  // namespace dashboard::core
