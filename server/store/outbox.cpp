#include "store/outbox.hpp"

#include <algorithm>

#include "core/json_codec.hpp"
#include "store/slices.hpp"

namespace dashboard::server::store {

Slices read_slices(sql::Session& s, UserId user) {
  return {read_summary(s, user), read_theme_breakdown(s, user), read_recent_mocs(s, user),
          read_partial_parts(s, user)};
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

std::optional<std::int64_t> lock_user_stream(sql::Session& s, UserId user) {
  // SQLite has one writer at a time already; PostgreSQL needs the row lock,
  // since several instances write for the same user.
  const char* sql = s.dialect() == sql::Dialect::Postgres
                        ? "SELECT last_seq FROM users WHERE id = $1 FOR UPDATE"
                        : "SELECT last_seq FROM users WHERE id = $1";
  auto rows = s.query(sql, {user});
  if (!rows->next()) return std::nullopt;
  return rows->int64(0);
}

std::int64_t append_events(sql::Session& s, UserId user, std::int64_t last_seq,
                           const std::vector<core::EventPayload>& payloads, const std::string& now,
                           IdSource& ids) {
  if (payloads.empty()) return last_seq;
  const auto commit_last = last_seq + static_cast<std::int64_t>(payloads.size());
  std::int64_t seq = last_seq;
  for (const core::EventPayload& payload : payloads) {
    ++seq;
    const auto type = static_cast<core::EventType>(payload.index());
    const std::string event_id = ids.next_uuid();
    const std::string json = core::encode_payload(payload);
    s.exec(
        "INSERT INTO outbox (user_id, seq, event_id, type, payload, created_at, commit_last_seq) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {user, seq, event_id, core::to_string(type), json, now, commit_last});
  }
  s.exec("UPDATE users SET last_seq = $2 WHERE id = $1", {user, seq});
  if (s.dialect() == sql::Dialect::Postgres) {
    // Delivered at commit, to every instance listening; only a wake-up (the
    // events themselves are read from the outbox), so its loss costs latency.
    const std::string wake = "u " + std::to_string(user) + " " + std::to_string(seq);
    s.query("SELECT pg_notify($1, $2)", {kCommitChannel, wake})->next();
  }
  return seq;
}

namespace {

std::vector<StoredEvent> read_stored_events(sql::Rows& q) {
  std::vector<StoredEvent> out;
  while (q.next()) {
    StoredEvent e;
    e.seq = q.int64(0);
    e.event_id = q.text(1);
    e.type = core::event_type_from(q.text(2)).value_or(core::EventType::Error);
    e.payload_json = q.text(3);
    e.created_at = q.text(4);
    e.commit_last_seq = q.is_null(5) ? 0 : q.int64(5);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<StoredEvent> read_events_after(sql::Session& s, UserId user, std::int64_t since,
                                           int limit) {
  auto q = s.query(
      "SELECT seq, event_id, type, payload, created_at, commit_last_seq FROM outbox "
      "WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      {user, since, limit});
  return read_stored_events(*q);
}

std::vector<StoredEvent> read_events_after_time(sql::Session& s, UserId user,
                                                const std::string& after, int limit) {
  // created_at is fixed-width RFC 3339 UTC text (COLLATE "C" on PostgreSQL),
  // so text order is time order.
  auto q = s.query(
      "SELECT seq, event_id, type, payload, created_at, commit_last_seq FROM outbox "
      "WHERE user_id = $1 AND created_at > $2 ORDER BY seq LIMIT $3",
      {user, after, limit});
  return read_stored_events(*q);
}

}  // namespace dashboard::server::store
