// Structured JSON-lines logger; see log.hpp.
#include "log.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <mutex>
#include <ostream>
#include <type_traits>

#include "core/timestamp.hpp"

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
  return core::format_rfc3339_utc(
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count());
}

std::string format_line(Level level, std::string_view msg, const Fields& fields,
                        std::chrono::system_clock::time_point when) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.SetMaxDecimalPlaces(3);  // durations in ms: microseconds are enough
  const auto text = [&w](std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartObject();
  w.Key("ts");
  text(rfc3339_utc_ms(when));
  w.Key("level");
  text(level_name(level));
  w.Key("msg");
  text(msg);
  for (const Field& field : fields) {
    // The fixed keys stay authoritative so every line parses the same way.
    if (field.key == "ts" || field.key == "level" || field.key == "msg") continue;
    w.Key(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            text(v);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            w.Int64(v);
          } else if constexpr (std::is_same_v<T, double>) {
            w.Double(v);
          } else {
            w.Bool(v);
          }
        },
        field.value.get());
  }
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

void write(Level level, std::string_view msg, const Fields& fields) {
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
