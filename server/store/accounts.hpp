// accounts: the operator's view of users (the `user` command): list them,
// set a password (which ends every session of the user), remove one with
// everything that is theirs. Free functions over the database, beside the
// DashboardStore the API uses, like server_settings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

struct UserSummary {
  UserId id = 0;
  std::string username;
  UserRole role = UserRole::Member;
  std::string created_at;
};

// Every user, by username.
std::vector<UserSummary> list_users(sql::Database& db);

// Replaces the user's password hash and revokes all of their sessions in
// the same transaction (a password change signs out everywhere). False
// when there is no such user.
bool set_password_hash(sql::Database& db, UserId user, const std::string& password_hash,
                       core::UnixMillis now);

// Deletes the user and their MOCs, sets, wishlist, events, shares (both
// ways) and topic streams; their sessions are revoked (kept as revoked
// rows, so every instance closes their sockets). False when there is no
// such user.
bool delete_user(sql::Database& db, const std::string& username, core::UnixMillis now);

}  // namespace dashboard::server::store
