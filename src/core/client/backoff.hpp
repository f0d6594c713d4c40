// backoff: how long to wait before the next reconnect attempt. The same
// formula as socket.io-client's Backoff (npm backo2), so our WASM client
// spaces its attempts exactly like the JS client would:
//
//   ms = min_ms * factor^attempts++
//   deviation = floor(random * jitter * ms)
//   ms = floor(random * 10) is even ? ms - deviation : ms + deviation
//   delay = min(ms, max_ms), truncated to whole milliseconds
//
// Randomness is injected, so tests pin it:
//
//   Backoff backoff(BackoffPolicy{}, [] { return 0.5; });
//   backoff.next_delay_ms();  // 1250 (1000 + 25 %)
//   backoff.next_delay_ms();  // 2500
//   backoff.reset();          // after a successful connect
//   backoff.next_delay_ms();  // 1250 again
#pragma once

#include <cstdint>
#include <functional>

namespace dashboard::core::client {

// A source of uniform random numbers in [0, 1), like JS Math.random().
using RandomSource = std::function<double()>;

// The backoff schedule. Defaults are the dashboard's: 1 s, doubling, capped
// at 30 s, randomized by +/- 50 %.
struct BackoffPolicy {
  std::int64_t min_ms = 1000;   // the first delay, before jitter
  std::int64_t max_ms = 30000;  // no delay is longer than this
  double factor = 2;            // growth per attempt
  double jitter = 0.5;          // randomization factor, 0 (none) to 1

  bool operator==(const BackoffPolicy&) const = default;
};

// The policy with every field brought into range: min_ms >= 0,
// max_ms >= min_ms, factor finite and >= 1, jitter in [0, 1] (NaN -> 0).
BackoffPolicy clamp_policy(BackoffPolicy policy);

// The delay for the attempt numbered `attempts` (0 = first) given one draw
// `random` in [0, 1) (values outside are clamped into it). Pure: the
// building block of Backoff, exposed so the formula can be checked alone.
// `policy` is used as given; pass it through clamp_policy first.
std::int64_t backoff_delay_ms(const BackoffPolicy& policy, int attempts, double random);

// Successive reconnect delays; reset() after a connection succeeds.
class Backoff {
 public:
  // `policy` is clamped (clamp_policy). An empty `random` disables the
  // jitter, as if it always returned 0.
  Backoff(BackoffPolicy policy, RandomSource random);

  // The delay before the next attempt; draws one random number and counts
  // one attempt.
  std::int64_t next_delay_ms();

  // Starts the schedule over at min_ms.
  void reset() { attempts_ = 0; }

  // How many delays were handed out since construction or reset().
  int attempts() const { return attempts_; }

  // The policy in effect, after clamping.
  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  RandomSource random_;
  int attempts_ = 0;
};

}  // namespace dashboard::core::client
