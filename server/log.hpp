// Structured logging: one JSON object per line on stderr.
//
// Every line carries ts (RFC 3339 UTC, milliseconds), level and msg, then
// the caller's fields in the order given. Lines from different threads never
// interleave, so tests and log shippers can parse stderr line by line.
//
//   log::info("listening", {{"host", "127.0.0.1"}, {"port", 8080}});
//
// Info and debug lines (one per request, per socket) are batched: a writer
// thread puts what gathered in about a millisecond out with one write(),
// instead of one write() per line on the I/O threads. Warn and error lines
// are written before log::warn()/error() returns, after everything queued
// before them; so is everything at exit. flush() writes what is pending now.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dashboard::server::log {

enum class Level { kDebug, kInfo, kWarn, kError };

std::string_view level_name(Level level);

// A field's value: text, a whole number, a decimal or a flag. Text is copied,
// so a field may be built from a temporary.
class Value {
 public:
  Value(const char* text) : value_(std::string(text)) {}       // NOLINT: implicit by design
  Value(std::string_view text) : value_(std::string(text)) {}  // NOLINT
  Value(const std::string& text) : value_(text) {}             // NOLINT
  Value(std::string&& text) : value_(std::move(text)) {}       // NOLINT
  Value(bool flag) : value_(flag) {}                           // NOLINT
  Value(double number) : value_(number) {}                     // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool>) Value(T number)
      : value_(static_cast<std::int64_t>(number)) {}  // NOLINT

  const std::variant<std::string, std::int64_t, double, bool>& get() const { return value_; }

 private:
  std::variant<std::string, std::int64_t, double, bool> value_;
};

struct Field {
  std::string key;
  Value value;
};
using Fields = std::vector<Field>;

// "2026-01-02T03:04:05.678Z"
std::string rfc3339_utc_ms(std::chrono::system_clock::time_point when);

// The line without its trailing newline; pure so tests can check the shape.
std::string format_line(Level level, std::string_view msg, const Fields& fields,
                        std::chrono::system_clock::time_point when);

void write(Level level, std::string_view msg, const Fields& fields = {});

inline void debug(std::string_view msg, const Fields& fields = {}) {
  write(Level::kDebug, msg, fields);
}
inline void info(std::string_view msg, const Fields& fields = {}) {
  write(Level::kInfo, msg, fields);
}
inline void warn(std::string_view msg, const Fields& fields = {}) {
  write(Level::kWarn, msg, fields);
}
inline void error(std::string_view msg, const Fields& fields = {}) {
  write(Level::kError, msg, fields);
}

// Redirects output (tests); nullptr restores stderr. Not for use while other
// threads are logging. Lines to a sink are written at once, not batched.
void set_sink(std::ostream* sink);

// Writes every line logged so far before returning.
void flush();

// The batching behind stderr, exposed so tests can drive it with their own
// output and without a thread: append() queues a whole line (with its
// newline); flush() hands everything queued to `out` in order, in one call.
// Any thread may append and flush; `out` is never called concurrently.
class BatchedWriter {
 public:
  using Output = std::function<void(std::string_view)>;
  // Past `max_pending` bytes an append flushes itself: a stalled stderr
  // slows logging threads down as a direct write would, it does not grow
  // memory without bound.
  explicit BatchedWriter(Output out, std::size_t max_pending = std::size_t{4} << 20);

  // True when the queue was empty before: the caller should wake whoever
  // flushes. `urgent` lines are flushed (with all before them) at once.
  bool append(std::string_view line, bool urgent);
  void flush();
  std::size_t pending_bytes() const;

 private:
  Output out_;
  std::size_t max_pending_;
  mutable std::mutex queue_mutex_;
  std::string queue_;        // guarded by queue_mutex_
  std::mutex output_mutex_;  // keeps batches in order on the way out
  std::string writing_;      // guarded by output_mutex_; keeps its capacity
};

}  // namespace dashboard::server::log
