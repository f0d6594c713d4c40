// Test doubles for the server's injected time and identifiers: a clock the
// test sets by hand and ids that count up, so results are exact.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "clock.hpp"
#include "core/timestamp.hpp"

namespace dashboard::server::testing {

// 2026-11-23T10:00:00Z: a whole second, so JWT times (seconds) are exact.
inline constexpr core::UnixMillis kStartMillis = 1795428000000;

class FakeClock final : public Clock {
 public:
  explicit FakeClock(core::UnixMillis now = kStartMillis) : now_(now) {}
  core::UnixMillis now() const override { return now_; }
  void set(core::UnixMillis now) { now_ = now; }
  void advance_ms(core::UnixMillis delta) { now_ += delta; }

 private:
  core::UnixMillis now_;
};

// UUID v4 strings from a counter: 00000000-0000-4000-8000-000000000001, ...
// A negative step counts down from `first`. Safe to share between threads
// (the concurrent-writer tests do).
class CountingIds final : public IdSource {
 public:
  explicit CountingIds(std::int64_t first = 1, std::int64_t step = 1) : next_(first), step_(step) {}
  std::string next_uuid() override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                  static_cast<long long>(next_.fetch_add(step_)));
    return buf;
  }

 private:
  std::atomic<std::int64_t> next_;
  std::int64_t step_;
};

}  // namespace dashboard::server::testing
