// accounts_context: what the sign-in, refresh, sign-out, sign-up and
// password handlers (account_handlers.cpp) need beyond the ApiContext.
#pragma once

#include <chrono>
#include <memory>

#include "auth/revocation_watcher.hpp"
#include "auth/throttle_policy.hpp"
#include "clock.hpp"
#include "metrics.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::api {

struct AccountsContext {
  std::shared_ptr<store::sql::Database> database;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<IdSource> ids;
  std::shared_ptr<auth::RevocationWatcher> revocations;
  Metrics* metrics = nullptr;  // null in tests that do not read /metrics
  std::chrono::seconds session_ttl{std::chrono::hours(24 * 30)};
  bool allow_signup = false;
  // Failed sign-ins are counted per address + username ("pair:"), per
  // address ("addr:") and per username ("user:"). The first two block;
  // the username's count, which anyone anywhere can raise, only slows a
  // sign-in down (by at most username_slowdown_cap) and never one from an
  // address that signed in to that account within known_address_for.
  auth::ThrottlePolicy user_throttle{.free_failures = 5};  // "pair:" and "user:"
  auth::ThrottlePolicy address_throttle{.free_failures = 20};
  std::chrono::milliseconds username_slowdown_cap{std::chrono::seconds(30)};
  std::chrono::milliseconds known_address_for{std::chrono::hours(24 * 30)};
  bool trust_forwarded_for = false;
  // Two tabs refreshing at once present the same token: the later one,
  // within this long, gets an access token instead of a theft alarm.
  std::chrono::milliseconds refresh_race_grace{std::chrono::seconds(10)};
};

}  // namespace dashboard::server::api
