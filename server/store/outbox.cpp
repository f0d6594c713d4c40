#include "store/outbox.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "core/json_codec.hpp"
#include "store/slices.hpp"

namespace dashboard::server::store {

Slices read_slices(SQLite::Database& db, UserId user) {
  return {read_summary(db, user), read_theme_breakdown(db, user), read_recent_mocs(db, user),
          read_partial_parts(db, user)};
}

namespace {

// True when `after` is `before` with one new MOC in front (and the oldest
// pushed out when the list was full): the case recentMocAdded describes.
bool is_prepend(const std::vector<core::RecentMoc>& before,
                const std::vector<core::RecentMoc>& after) {
  if (after.empty()) return false;
  if (std::any_of(before.begin(), before.end(),
                  [&](const core::RecentMoc& m) { return m.id == after.front().id; })) {
    return false;
  }
  const std::size_t kept = after.size() - 1;
  if (kept > before.size()) return false;
  return std::equal(after.begin() + 1, after.end(), before.begin());
}

}  // namespace

std::vector<core::EventPayload> events_between(const Slices& before, const Slices& after) {
  std::vector<core::EventPayload> events;
  if (before.recent != after.recent) {
    if (is_prepend(before.recent, after.recent)) {
      events.emplace_back(after.recent.front());
    } else {
      events.emplace_back(after.recent);
    }
  }
  if (before.summary != after.summary) events.emplace_back(after.summary);
  if (before.themes != after.themes) events.emplace_back(after.themes);
  if (before.partial != after.partial) events.emplace_back(after.partial);
  return events;
}

std::int64_t append_events(SQLite::Database& db, UserId user,
                           const std::vector<core::EventPayload>& payloads, const std::string& now,
                           IdSource& ids) {
  SQLite::Statement last(db, "SELECT last_seq FROM users WHERE id = ?1");
  last.bind(1, user);
  last.executeStep();
  std::int64_t seq = last.getColumn(0).getInt64();
  if (payloads.empty()) return seq;

  SQLite::Statement insert(db,
                           "INSERT INTO outbox (user_id, seq, event_id, type, payload, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const core::EventPayload& payload : payloads) {
    ++seq;
    const auto type = static_cast<core::EventType>(payload.index());
    insert.bind(1, user);
    insert.bind(2, seq);
    insert.bind(3, ids.next_uuid());
    insert.bind(4, std::string(core::to_string(type)));
    insert.bind(5, core::encode_payload(payload));
    insert.bind(6, now);
    insert.exec();
    insert.reset();
  }
  SQLite::Statement bump(db, "UPDATE users SET last_seq = ?2 WHERE id = ?1");
  bump.bind(1, user);
  bump.bind(2, seq);
  bump.exec();
  return seq;
}

std::vector<StoredEvent> read_events_after(SQLite::Database& db, UserId user, std::int64_t since,
                                           int limit) {
  SQLite::Statement q(db,
                      "SELECT seq, event_id, type, payload, created_at FROM outbox "
                      "WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
  q.bind(1, user);
  q.bind(2, since);
  q.bind(3, limit);
  std::vector<StoredEvent> out;
  while (q.executeStep()) {
    StoredEvent e;
    e.seq = q.getColumn(0).getInt64();
    e.event_id = q.getColumn(1).getString();
    e.type = core::event_type_from(q.getColumn(2).getString()).value_or(core::EventType::Error);
    e.payload_json = q.getColumn(3).getString();
    e.created_at = q.getColumn(4).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace dashboard::server::store
