// sign_in_throttle: failed sign-in counts per key ("user:alice",
// "addr:203.0.113.7", "pair:203.0.113.7|alice") in the store, and the
// addresses each account signed in from (its known devices), so every instance sharing the database
// sees the same counts and a restart forgets nothing. The policy (how long
// a count makes a key wait) is auth::ThrottlePolicy.
#pragma once

#include <chrono>
#include <cstdint>
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

// Whether `user` signed in successfully from `address` at or after `since`.
bool signed_in_from(sql::Database& db, std::int64_t user, const std::string& address,
                    core::UnixMillis since);

// A successful sign-in of `user` from `address` at `now`; the user's
// addresses last seen before `forget_before` are dropped, so the table stays
// small.
void remember_sign_in_address(sql::Database& db, std::int64_t user, const std::string& address,
                              core::UnixMillis now, core::UnixMillis forget_before);

}  // namespace dashboard::server::store
