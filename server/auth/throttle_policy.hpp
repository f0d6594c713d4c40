// throttle_policy: how long a sign-in key (a username, a client address)
// must wait after a run of failed attempts. The first `free_failures` cost
// nothing; each one after doubles the wait from `first_delay`, up to
// `max_delay`. A key quiet for `forget_after` starts over.
//
//   ThrottlePolicy p{.free_failures = 5};
//   p.delay_after(5) == 0s;  p.delay_after(6) == 1s;  p.delay_after(7) == 2s; ...
#pragma once

#include <chrono>

namespace dashboard::server::auth {

struct ThrottlePolicy {
  int free_failures = 5;
  std::chrono::milliseconds first_delay{1000};
  std::chrono::milliseconds max_delay{std::chrono::minutes(15)};
  std::chrono::milliseconds forget_after{std::chrono::hours(1)};

  // The wait after `failures` consecutive failures.
  std::chrono::milliseconds delay_after(long long failures) const {
    if (failures <= free_failures) return std::chrono::milliseconds{0};
    const long long doublings = failures - free_failures - 1;
    std::chrono::milliseconds delay = first_delay;
    for (long long i = 0; i < doublings && delay < max_delay; ++i) delay *= 2;
    return delay < max_delay ? delay : max_delay;
  }
};

}  // namespace dashboard::server::auth
