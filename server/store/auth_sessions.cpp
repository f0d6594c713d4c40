#include "store/auth_sessions.hpp"

namespace dashboard::server::store {

void create_auth_session(sql::Database& db, const NewAuthSession& session, core::UnixMillis now) {
  db.write([&](sql::Session& s) {
    s.exec(
        "INSERT INTO auth_sessions (id, user_id, refresh_hash, created_at, rotated_at, expires_at) "
        "VALUES ($1, $2, $3, $4, $4, $5)",
        {session.id, session.user, session.refresh_hash, now, session.expires_at});
  });
}

namespace {

bool revoke(sql::Session& s, const std::string& session_id, const std::string& why,
            core::UnixMillis now) {
  return s.exec(
             "UPDATE auth_sessions SET revoked_at = $2, revoked_why = $3 "
             "WHERE id = $1 AND revoked_at IS NULL",
             {session_id, now, why}) > 0;
}

}  // namespace

RefreshResult rotate_refresh_token(sql::Database& db, const std::string& presented_hash,
                                   const std::string& next_hash, core::UnixMillis now,
                                   core::UnixMillis expires_at,
                                   std::chrono::milliseconds race_grace) {
  RefreshResult result;
  db.write([&](sql::Session& s) {
    auto current = s.query(
        "SELECT id, user_id, expires_at, revoked_at FROM auth_sessions WHERE refresh_hash = $1",
        {presented_hash});
    if (current->next()) {
      result.session_id = current->text(0);
      result.user = current->int64(1);
      const bool ended = current->int64(2) <= now || !current->is_null(3);
      current.reset();
      if (ended) {
        result.outcome = RefreshOutcome::Ended;
        return;
      }
      s.exec(
          "INSERT INTO auth_refresh_used (refresh_hash, session_id, replaced_at) "
          "VALUES ($1, $2, $3)",
          {presented_hash, result.session_id, now});
      s.exec(
          "UPDATE auth_sessions SET refresh_hash = $2, rotated_at = $3, expires_at = $4 "
          "WHERE id = $1",
          {result.session_id, next_hash, now, expires_at});
      result.outcome = RefreshOutcome::Rotated;
      return;
    }
    current.reset();
    auto used = s.query(
        "SELECT u.session_id, a.user_id, u.replaced_at, a.expires_at, a.revoked_at "
        "FROM auth_refresh_used u JOIN auth_sessions a ON a.id = u.session_id "
        "WHERE u.refresh_hash = $1",
        {presented_hash});
    if (!used->next()) return;  // Unknown
    result.session_id = used->text(0);
    result.user = used->int64(1);
    const core::UnixMillis replaced_at = used->int64(2);
    const bool ended = used->int64(3) <= now || !used->is_null(4);
    used.reset();
    if (ended) {
      result.outcome = RefreshOutcome::Ended;
    } else if (now - replaced_at <= race_grace.count()) {
      result.outcome = RefreshOutcome::Raced;
    } else {
      revoke(s, result.session_id, "refresh token reused", now);
      result.outcome = RefreshOutcome::Reused;
    }
  });
  return result;
}

std::optional<RefreshResult> find_live_session(sql::Database& db, const std::string& refresh_hash,
                                               core::UnixMillis now) {
  std::optional<RefreshResult> found;
  db.read_one([&](sql::Session& s) {
    auto rows = s.query(
        "SELECT id, user_id FROM auth_sessions WHERE refresh_hash = $1 AND revoked_at IS NULL "
        "AND expires_at > $2",
        {refresh_hash, now});
    if (rows->next()) found = RefreshResult{RefreshOutcome::Rotated, rows->text(0), rows->int64(1)};
  });
  return found;
}

bool revoke_auth_session(sql::Database& db, const std::string& session_id, const std::string& why,
                         core::UnixMillis now) {
  bool revoked = false;
  db.write([&](sql::Session& s) { revoked = revoke(s, session_id, why, now); });
  return revoked;
}

int revoke_user_sessions(sql::Session& s, UserId user, const std::string& why,
                         core::UnixMillis now) {
  return static_cast<int>(
      s.exec("UPDATE auth_sessions SET revoked_at = $2, revoked_why = $3 "
             "WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
             {user, now, why}));
}

int revoke_user_sessions(sql::Database& db, UserId user, const std::string& why,
                         core::UnixMillis now) {
  int revoked = 0;
  db.write([&](sql::Session& s) { revoked = revoke_user_sessions(s, user, why, now); });
  return revoked;
}

std::vector<Revocation> revocations_since(sql::Database& db, core::UnixMillis since) {
  std::vector<Revocation> out;
  db.read_one([&](sql::Session& s) {
    auto rows = s.query(
        "SELECT id, user_id, revoked_at FROM auth_sessions WHERE revoked_at >= $1 "
        "ORDER BY revoked_at",
        {since});
    while (rows->next()) out.push_back({rows->text(0), rows->int64(1), rows->int64(2)});
  });
  return out;
}

int prune_auth_sessions(sql::Database& db, core::UnixMillis horizon) {
  int pruned = 0;
  db.write([&](sql::Session& s) {
    s.exec(
        "DELETE FROM auth_refresh_used WHERE session_id IN (SELECT id FROM auth_sessions "
        "WHERE expires_at < $1 OR revoked_at < $1)",
        {horizon});
    pruned = static_cast<int>(
        s.exec("DELETE FROM auth_sessions WHERE expires_at < $1 OR revoked_at < $1", {horizon}));
  });
  return pruned;
}

}  // namespace dashboard::server::store
