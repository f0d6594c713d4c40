// rate_limiter: a token bucket for packets a client sends, so one socket
// cannot keep an I/O thread busy. Time is passed in, for tests.
#pragma once

#include <algorithm>
#include <chrono>

namespace dashboard::server::realtime {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double per_second, double burst, Clock::time_point now)
      : per_second_(per_second), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token; false when the client is over its rate.
  bool try_take(Clock::time_point now) {
    const std::chrono::duration<double> elapsed = now - last_;
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * per_second_);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace dashboard::server::realtime
