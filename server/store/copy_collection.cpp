#include "store/copy_collection.hpp"

#include <array>
#include <optional>
#include <stdexcept>
#include <variant>
#include <vector>

namespace dashboard::server::store {
namespace {

// A column's type decides how it is read and bound: PostgreSQL types every
// parameter, so an id must travel as an integer, not as text.
enum class Type { Integer, Real, Text };

struct Column {
  const char* name;
  Type type;
};

struct Table {
  const char* name;
  std::vector<Column> columns;
  const char* order;  // parents first: users before the rows that reference them
};

// Everything a person would miss: not the sign-in throttle (minutes of
// state) nor instance heartbeats (each instance writes its own).
const std::array<Table, 15>& tables() {
  static const std::array<Table, 15> kTables{{
      {"users",
       {{"id", Type::Integer},
        {"username", Type::Text},
        {"password_hash", Type::Text},
        {"last_seq", Type::Integer},
        {"pruned_through", Type::Integer},
        {"created_at", Type::Text},
        {"role", Type::Text},
        {"unread_notifications", Type::Integer}},
       "id"},
      {"mocs",
       {{"id", Type::Text},
        {"user_id", Type::Integer},
        {"title", Type::Text},
        {"theme", Type::Text},
        {"build_status", Type::Text},
        {"parts_coverage_status", Type::Text},
        {"coverage_percentage", Type::Real},
        {"cover_image_url", Type::Text},
        {"created_at", Type::Text},
        {"updated_at", Type::Text},
        {"version", Type::Integer},
        {"deleted_at", Type::Text},
        {"board_rank", Type::Text}},
       "id"},
      {"sets",
       {{"id", Type::Text},
        {"user_id", Type::Integer},
        {"set_number", Type::Text},
        {"name", Type::Text},
        {"theme", Type::Text},
        {"created_at", Type::Text}},
       "id"},
      {"wishlist_items",
       {{"id", Type::Text},
        {"user_id", Type::Integer},
        {"name", Type::Text},
        {"set_number", Type::Text},
        {"created_at", Type::Text}},
       "id"},
      {"outbox",
       {{"user_id", Type::Integer},
        {"seq", Type::Integer},
        {"event_id", Type::Text},
        {"type", Type::Text},
        {"payload", Type::Text},
        {"created_at", Type::Text},
        {"commit_last_seq", Type::Integer}},
       "user_id, seq"},
      {"shares",
       {{"id", Type::Text},
        {"owner_id", Type::Integer},
        {"grantee_id", Type::Integer},
        {"role", Type::Text},
        {"created_at", Type::Text}},
       "id"},
      {"topic_streams",
       {{"topic", Type::Text}, {"last_seq", Type::Integer}, {"pruned_through", Type::Integer}},
       "topic"},
      {"topic_events",
       {{"topic", Type::Text},
        {"seq", Type::Integer},
        {"event_id", Type::Text},
        {"kind", Type::Text},
        {"payload", Type::Text},
        {"created_at", Type::Text}},
       "topic, seq"},
      {"messages",
       {{"low_id", Type::Integer},
        {"high_id", Type::Integer},
        {"seq", Type::Integer},
        {"id", Type::Text},
        {"sender_id", Type::Integer},
        {"body", Type::Text},
        {"client_id", Type::Text},
        {"created_at", Type::Text}},
       "low_id, high_id, seq"},
      {"conversations",
       {{"user_id", Type::Integer},
        {"other_id", Type::Integer},
        {"last_seq", Type::Integer},
        {"last_message_at", Type::Text},
        {"read_through", Type::Integer},
        {"unread", Type::Integer}},
       "user_id, other_id"},
      {"notifications",
       {{"id", Type::Integer},
        {"user_id", Type::Integer},
        {"kind", Type::Text},
        {"body", Type::Text},
        {"link", Type::Text},
        {"actor", Type::Text},
        {"created_at", Type::Text},
        {"read_at", Type::Text}},
       "id"},
      {"notification_preferences",
       {{"user_id", Type::Integer},
        {"kind", Type::Text},
        {"toast", Type::Integer},
        {"sound", Type::Integer},
        {"browser", Type::Integer}},
       "user_id, kind"},
      // Signed-in browsers stay signed in: their refresh cookies still match.
      {"auth_sessions",
       {{"id", Type::Text},
        {"user_id", Type::Integer},
        {"refresh_hash", Type::Text},
        {"created_at", Type::Integer},
        {"rotated_at", Type::Integer},
        {"expires_at", Type::Integer},
        {"revoked_at", Type::Integer},
        {"revoked_why", Type::Text}},
       "id"},
      {"auth_refresh_used",
       {{"refresh_hash", Type::Text}, {"session_id", Type::Text}, {"replaced_at", Type::Integer}},
       "refresh_hash"},
      {"status_history",
       {{"service_id", Type::Text},
        {"minute", Type::Integer},
        {"status", Type::Text},
        {"response_ms", Type::Real},
        {"checks", Type::Integer},
        {"up", Type::Integer}},
       "service_id, minute"},
  }};
  return kTables;
}

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

}  // namespace

std::map<std::string, std::int64_t> copy_collection(sql::Database& from, sql::Database& to) {
  std::map<std::string, std::int64_t> copied;
  to.write([&](sql::Session& target) {
    if (target.query("SELECT 1 FROM users LIMIT 1")->next()) {
      throw std::runtime_error("the target database already has users; migrate into an empty one");
    }
    for (const Table& table : tables()) {
      std::string columns;
      std::string placeholders;
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        columns += (i ? ", " : "") + std::string(table.columns[i].name);
        placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
      }
      std::vector<std::vector<Value>> rows;
      from.read([&](sql::Session& source) {
        auto q =
            source.query("SELECT " + columns + " FROM " + table.name + " ORDER BY " + table.order);
        while (q->next()) {
          std::vector<Value>& row = rows.emplace_back();
          for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const int c = static_cast<int>(i);
            if (q->is_null(c)) {
              row.emplace_back(nullptr);
            } else if (table.columns[i].type == Type::Integer) {
              row.emplace_back(q->int64(c));
            } else if (table.columns[i].type == Type::Real) {
              row.emplace_back(q->real(c));
            } else {
              row.emplace_back(q->text(c));
            }
          }
        }
      });
      std::string insert = std::string("INSERT INTO ") + table.name;
      insert += " (" + columns + ") VALUES (";
      insert += placeholders + ")";
      for (const std::vector<Value>& row : rows) {
        std::vector<sql::Param> params;
        params.reserve(row.size());
        for (const Value& v : row) {
          std::visit([&params](const auto& x) { params.emplace_back(x); }, v);
        }
        target.exec(insert, params);
      }
      copied[table.name] = static_cast<std::int64_t>(rows.size());
    }
    if (target.dialect() == sql::Dialect::Postgres) {
      // Ids were copied as they were; new rows continue after the largest.
      for (const char* table : {"users", "notifications"}) {
        target
            .query(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                   "', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM " + table + "), false)")
            ->next();
      }
    }
  });
  return copied;
}

}  // namespace dashboard::server::store
