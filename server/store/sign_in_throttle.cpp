#include "store/sign_in_throttle.hpp"

namespace dashboard::server::store {

std::chrono::milliseconds throttle_wait(sql::Database& db, const std::string& key,
                                        core::UnixMillis now) {
  core::UnixMillis until = 0;
  db.read_one([&](sql::Session& s) {
    until = s.scalar("SELECT blocked_until FROM auth_throttle WHERE key = $1", {key});
  });
  return std::chrono::milliseconds{until > now ? until - now : 0};
}

std::chrono::milliseconds record_sign_in_failure(sql::Database& db, const std::string& key,
                                                 const auth::ThrottlePolicy& policy,
                                                 core::UnixMillis now) {
  std::chrono::milliseconds delay{0};
  db.write([&](sql::Session& s) {
    // One statement counts, so instances failing the same key at once
    // never lose a count.
    const std::int64_t failures = s.scalar(
        "INSERT INTO auth_throttle (key, failures, blocked_until, updated_at) "
        "VALUES ($1, 1, 0, $2) ON CONFLICT (key) DO UPDATE SET "
        "failures = CASE WHEN auth_throttle.updated_at < $3 THEN 1 "
        "ELSE auth_throttle.failures + 1 END, updated_at = $2 RETURNING failures",
        {key, now, now - policy.forget_after.count()});
    delay = policy.delay_after(failures);
    s.exec("UPDATE auth_throttle SET blocked_until = $2 WHERE key = $1",
           {key, now + delay.count()});
  });
  return delay;
}

void reset_sign_in_failures(sql::Database& db, const std::string& key) {
  db.write([&](sql::Session& s) { s.exec("DELETE FROM auth_throttle WHERE key = $1", {key}); });
}

bool signed_in_from(sql::Database& db, std::int64_t user, const std::string& address,
                    core::UnixMillis since) {
  std::int64_t found = 0;
  db.read_one([&](sql::Session& s) {
    found = s.scalar(
        "SELECT COUNT(*) FROM sign_in_addresses "
        "WHERE user_id = $1 AND address = $2 AND signed_in_at >= $3",
        {user, address, since});
  });
  return found > 0;
}

void remember_sign_in_address(sql::Database& db, std::int64_t user, const std::string& address,
                              core::UnixMillis now, core::UnixMillis forget_before) {
  db.write([&](sql::Session& s) {
    s.exec(
        "INSERT INTO sign_in_addresses (user_id, address, signed_in_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (user_id, address) DO UPDATE SET signed_in_at = $3",
        {user, address, now});
    s.exec("DELETE FROM sign_in_addresses WHERE user_id = $1 AND signed_in_at < $2",
           {user, forget_before});
  });
}

}  // namespace dashboard::server::store
