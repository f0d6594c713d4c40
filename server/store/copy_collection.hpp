// copy_collection: `dashboard-server migrate --from <data-dir> --to
// postgres://...`. Copies every table of one database into another that
// has no users yet (users with their ids, roles and seqs, MOCs, sets,
// wishlist items, the outbox, shares and the board's topic streams,
// messages, conversations, notifications and preferences, sign-in sessions,
// status history), in one write transaction on the target, so a failed copy
// leaves it empty. Clients keep their resume points (seqs and event ids are
// the same rows) and their refresh cookies.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/sql/database.hpp"

namespace dashboard::server::store {

// Rows copied per table. Throws sql::Error on a database failure, and
// std::runtime_error when the target already holds users.
std::map<std::string, std::int64_t> copy_collection(sql::Database& from, sql::Database& to);

}  // namespace dashboard::server::store
