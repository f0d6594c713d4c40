#include "store/accounts.hpp"

#include "store/auth_sessions.hpp"
#include "store/topics.hpp"

namespace dashboard::server::store {

std::vector<UserSummary> list_users(sql::Database& db) {
  std::vector<UserSummary> users;
  db.read([&](sql::Session& s) {
    auto rows = s.query("SELECT id, username, role, created_at FROM users ORDER BY username");
    while (rows->next()) {
      users.push_back({rows->int64(0), rows->text(1),
                       parse_user_role(rows->text(2)).value_or(UserRole::Member), rows->text(3)});
    }
  });
  return users;
}

bool set_password_hash(sql::Database& db, UserId user, const std::string& password_hash,
                       core::UnixMillis now) {
  bool found = false;
  db.write([&](sql::Session& s) {
    found = s.exec("UPDATE users SET password_hash = $2 WHERE id = $1", {user, password_hash}) > 0;
    if (found) revoke_user_sessions(s, user, "password changed", now);
  });
  return found;
}

bool delete_user(sql::Database& db, const std::string& username, core::UnixMillis now) {
  bool found = false;
  db.write([&](sql::Session& s) {
    auto rows = s.query("SELECT id FROM users WHERE username = $1", {username});
    if (!rows->next()) return;
    const UserId user = rows->int64(0);
    rows.reset();
    found = true;
    revoke_user_sessions(s, user, "user removed", now);
    // Topic streams are named, not keyed: the board's and each MOC's.
    const std::string board = board_topic(username);
    const std::string moc_prefix = moc_topic("");
    for (const char* table : {"topic_events", "topic_streams"}) {
      s.exec(std::string("DELETE FROM ") + table + " WHERE topic = $1", {board});
      s.exec(std::string("DELETE FROM ") + table + " WHERE topic IN (SELECT $2 || id FROM mocs " +
                 "WHERE user_id = $1)",
             {user, moc_prefix});
    }
    s.exec("DELETE FROM shares WHERE owner_id = $1 OR grantee_id = $1", {user});
    // Conversations are the pair's: with one side gone, both sides' copies go.
    s.exec("DELETE FROM messages WHERE low_id = $1 OR high_id = $1", {user});
    s.exec("DELETE FROM conversations WHERE user_id = $1 OR other_id = $1", {user});
    for (const char* table : {"notifications", "notification_preferences", "sign_in_addresses"}) {
      s.exec(std::string("DELETE FROM ") + table + " WHERE user_id = $1", {user});
    }
    for (const char* table : {"outbox", "wishlist_items", "sets", "mocs"}) {
      s.exec(std::string("DELETE FROM ") + table + " WHERE user_id = $1", {user});
    }
    s.exec("DELETE FROM users WHERE id = $1", {user});
  });
  return found;
}

}  // namespace dashboard::server::store
