// Structured logging: one JSON object per line on stderr.
//
// Every line carries ts (RFC 3339 UTC, milliseconds), level and msg, then
// the caller's fields in the order given. Lines from different threads never
// interleave, so tests and log shippers can parse stderr line by line.
//
//   log::info("listening", {{"host", "127.0.0.1"}, {"port", 8080}});
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <iosfwd>
#include <string>
#include <string_view>

namespace dashboard::server::log {

enum class Level { kDebug, kInfo, kWarn, kError };

std::string_view level_name(Level level);

// "2026-01-02T03:04:05.678Z"
std::string rfc3339_utc_ms(std::chrono::system_clock::time_point when);

// The line without its trailing newline; pure so tests can check the shape.
std::string format_line(Level level, std::string_view msg, const boost::json::object& fields,
                        std::chrono::system_clock::time_point when);

void write(Level level, std::string_view msg, const boost::json::object& fields = {});

inline void debug(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::kDebug, msg, fields);
}
inline void info(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::kInfo, msg, fields);
}
inline void warn(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::kWarn, msg, fields);
}
inline void error(std::string_view msg, const boost::json::object& fields = {}) {
  write(Level::kError, msg, fields);
}

// Redirects output (tests); nullptr restores stderr. Not for use while other
// threads are logging.
void set_sink(std::ostream* sink);

}  // namespace dashboard::server::log
