// demo_data: the demo users alice and bob with a believable collection
// (64 MOCs over 10 themes each, most with a cover served from /covers/,
// sets, wishlist items, PARTIAL_ORDERED MOCs with varied coverage), created
// through the store like any other writes, so the outbox and versions are
// exactly what real use would produce.
// Deterministic except for dates, which end at the time of seeding.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/sql/database.hpp"

namespace dashboard::server::store {

struct DemoLogin {
  std::string username;
  std::string password;
  bool created = false;  // false: the user already existed and was left alone
};

struct DemoSeedResult {
  std::vector<DemoLogin> logins;
};

inline constexpr int kDemoMocsPerUser = 64;

// Seeds `database` (already migrated). Existing demo users are left
// untouched, so running it twice is harmless.
DemoSeedResult seed_demo(const std::shared_ptr<sql::Database>& database);

}  // namespace dashboard::server::store
