// sign_in_throttle: failed sign-in counts per key ("user:alice",
// "addr:203.0.113.7") in the store, so every instance sharing the database
// sees the same counts and a restart forgets nothing. The policy (how long
// a count makes a key wait) is auth::ThrottlePolicy.
#pragma once

#include <chrono>
#include <string>

#include "auth/throttle_policy.hpp"
#include "core/timestamp.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::store {

// How long `key` must still wait before its next attempt (0: go ahead).
std::chrono::milliseconds throttle_wait(sql::Database& db, const std::string& key,
                                        core::UnixMillis now);

// Counts a failure for `key`; returns the wait it now has.
std::chrono::milliseconds record_sign_in_failure(sql::Database& db, const std::string& key,
                                                 const auth::ThrottlePolicy& policy,
                                                 core::UnixMillis now);

// A successful sign-in: the key starts over.
void reset_sign_in_failures(sql::Database& db, const std::string& key);

}  // namespace dashboard::server::store
