#include "core/client/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace dashboard::core::client {

BackoffPolicy clamp_policy(BackoffPolicy policy) {
  policy.min_ms = std::max<std::int64_t>(policy.min_ms, 0);
  policy.max_ms = std::max(policy.max_ms, policy.min_ms);
  if (!std::isfinite(policy.factor) || policy.factor < 1) {
    policy.factor = 1;
  }
  if (!(policy.jitter >= 0)) {  // also catches NaN
    policy.jitter = 0;
  }
  policy.jitter = std::min(policy.jitter, 1.0);
  return policy;
}

std::int64_t backoff_delay_ms(const BackoffPolicy& policy, int attempts, double random) {
  if (!(random >= 0)) {
    random = 0;
  }
  random = std::min(random, std::nextafter(1.0, 0.0));
  // Evaluated in doubles in the same order as the JS, so results match bit for bit.
  double ms = static_cast<double>(policy.min_ms) * std::pow(policy.factor, attempts);
  if (!std::isfinite(ms)) {
    // JS turns this into NaN and then 0; a delay that grew past any bound is the cap.
    return policy.min_ms == 0 ? 0 : policy.max_ms;
  }
  if (policy.jitter != 0) {
    const double deviation = std::floor(random * policy.jitter * ms);
    const bool even = (static_cast<int>(std::floor(random * 10)) & 1) == 0;
    ms = even ? ms - deviation : ms + deviation;
  }
  const double capped = std::min(ms, static_cast<double>(policy.max_ms));
  return static_cast<std::int64_t>(std::trunc(capped));
}

Backoff::Backoff(BackoffPolicy policy, RandomSource random)
    : policy_(clamp_policy(policy)), random_(std::move(random)) {}

std::int64_t Backoff::next_delay_ms() {
  const double random = random_ ? random_() : 0.0;
  const std::int64_t delay = backoff_delay_ms(policy_, attempts_, random);
  if (attempts_ < std::numeric_limits<int>::max()) {
    ++attempts_;
  }
  return delay;
}

}  // namespace dashboard::core::client
