// Structured JSON-lines logger; see log.hpp.
#include "log.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <ostream>

namespace dashboard::server::log {
namespace {

std::mutex& sink_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::ostream* g_sink = nullptr;

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string rfc3339_utc_ms(std::chrono::system_clock::time_point when) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  auto since_epoch = duration_cast<milliseconds>(when.time_since_epoch());
  auto millis = since_epoch.count() % 1000;
  auto seconds = since_epoch.count() / 1000;
  // Before the epoch the remainder is negative; borrow a second instead.
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // room for any int the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

std::string format_line(Level level, std::string_view msg, const boost::json::object& fields,
                        std::chrono::system_clock::time_point when) {
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["ts"] = rfc3339_utc_ms(when);
  line["level"] = level_name(level);
  line["msg"] = msg;
  for (const auto& field : fields) {
    // The fixed keys stay authoritative so every line parses the same way.
    if (field.key() == "ts" || field.key() == "level" || field.key() == "msg") continue;
    line[field.key()] = field.value();
  }
  return boost::json::serialize(line);
}

void write(Level level, std::string_view msg, const boost::json::object& fields) {
  std::string line = format_line(level, msg, fields, std::chrono::system_clock::now());
  line.push_back('\n');
  std::lock_guard lock(sink_mutex());
  if (g_sink != nullptr) {
    *g_sink << line << std::flush;
    return;
  }
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void set_sink(std::ostream* sink) {
  std::lock_guard lock(sink_mutex());
  g_sink = sink;
}

}  // namespace dashboard::server::log
