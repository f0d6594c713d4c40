// server_settings: values every instance sharing a database must agree on,
// kept in the database itself (table server_settings). The JWT signing
// secret lives here on PostgreSQL, so instances behind one load balancer
// verify each other's tokens without the operator copying a secret around.
#pragma once

#include <functional>
#include <string>

#include "store/sql/database.hpp"

namespace dashboard::server::store {

// The value of `name`, created with `make` the first time. Instances
// starting at once agree: the first insert wins and every caller reads it.
std::string setting_or_create(sql::Database& db, const std::string& name,
                              const std::function<std::string()>& make);

}  // namespace dashboard::server::store
