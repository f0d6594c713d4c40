// [SECTION] Errors and time
// [SECTION] Users
// [SECTION] Reads — snapshot, last seq, events, one MOC
// [SECTION] Mutation transaction
// (The mutations are in mutations.cpp, the collection pages' reads in
// collection_reads.cpp, outbox pruning in outbox_prune.cpp.)
#include "store/sql_store.hpp"

#include <algorithm>

#include "core/json_codec.hpp"
#include "core/timestamp.hpp"
#include "store/outbox.hpp"
#include "store/slices.hpp"
#include "store/topics.hpp"

namespace dashboard::server::store {

// [SECTION] Errors and time

namespace {

// Thrown inside a write transaction to roll it back when the change step
// refuses (the refusal itself travels beside it).
struct Rollback {};

}  // namespace

StoreError store_error(const std::exception& e) {
  if (const auto* db_error = dynamic_cast<const sql::Error*>(&e);
      db_error != nullptr && db_error->kind() == sql::Error::Kind::Unavailable) {
    return StoreError{StoreError::Kind::Unavailable, e.what(), std::nullopt};
  }
  return StoreError{StoreError::Kind::Internal, e.what(), std::nullopt};
}

SqlStore::SqlStore(std::shared_ptr<sql::Database> db, std::shared_ptr<Clock> clock,
                   std::shared_ptr<IdSource> ids)
    : db_(std::move(db)), clock_(std::move(clock)), ids_(std::move(ids)) {}

void SqlStore::set_commit_listener(CommitListener listener) {
  listener_ = std::move(listener);
}

void SqlStore::set_topic_commit_listener(TopicCommitListener listener) {
  topic_listener_ = std::move(listener);
}

std::string_view to_string(BoardRole role) {
  switch (role) {
    case BoardRole::Viewer:
      return "viewer";
    case BoardRole::Editor:
      return "editor";
    case BoardRole::Owner:
      return "owner";
    case BoardRole::None:
      break;
  }
  return "none";
}

std::string_view to_string(UserRole role) {
  return role == UserRole::Admin ? "admin" : "member";
}

std::optional<UserRole> parse_user_role(std::string_view text) {
  if (text == "admin") return UserRole::Admin;
  if (text == "member") return UserRole::Member;
  return std::nullopt;
}

std::string SqlStore::next_mutation_time() {
  std::lock_guard lock(time_mutex_);
  last_mutation_ms_ = std::max(clock_->now(), last_mutation_ms_ + 1);
  return core::format_rfc3339_utc(last_mutation_ms_);
}

// [SECTION] Users

StoreResult<User> SqlStore::create_user(const std::string& username,
                                        const std::string& password_hash, UserRole role) {
  try {
    std::optional<User> created;
    db_->write([&](sql::Session& s) {
      auto rows = s.query(
          "INSERT INTO users (username, password_hash, created_at, role) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT (username) DO NOTHING RETURNING id",
          {username, password_hash, core::format_rfc3339_utc(clock_->now()),
           std::string(to_string(role))});
      if (rows->next()) created = User{rows->int64(0), username, password_hash, role};
    });
    if (!created) {
      return StoreError{StoreError::Kind::Conflict, "user " + username + " already exists", {}};
    }
    return *created;
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

namespace {

std::optional<User> read_user(sql::Rows& rows) {
  if (!rows.next()) return std::nullopt;
  return User{rows.int64(0), rows.text(1), rows.text(2),
              parse_user_role(rows.text(3)).value_or(UserRole::Member)};
}

}  // namespace

std::optional<User> SqlStore::find_user(const std::string& username) {
  std::optional<User> user;
  db_->read_one([&](sql::Session& s) {
    user = read_user(*s.query(
        "SELECT id, username, password_hash, role FROM users WHERE username = $1", {username}));
  });
  return user;
}

std::optional<User> SqlStore::find_user(UserId id) {
  std::optional<User> user;
  db_->read_one([&](sql::Session& s) {
    user = read_user(
        *s.query("SELECT id, username, password_hash, role FROM users WHERE id = $1", {id}));
  });
  return user;
}

bool SqlStore::has_users() {
  bool any = false;
  db_->read_one([&](sql::Session& s) { any = s.query("SELECT 1 FROM users LIMIT 1")->next(); });
  return any;
}

// [SECTION] Reads

StoreResult<core::DashboardView> SqlStore::dashboard(UserId user) {
  return read<core::DashboardView>(
      [&](sql::Session& s) -> StoreResult<core::DashboardView> { return read_view(s, user); });
}

StoreResult<std::int64_t> SqlStore::last_seq(UserId user) {
  // The hot path of every snapshot request (the cache is keyed by it).
  try {
    std::optional<std::int64_t> seq;
    db_->read_one([&](sql::Session& s) {
      auto rows = s.query("SELECT last_seq FROM users WHERE id = $1", {user});
      if (rows->next()) seq = rows->int64(0);
    });
    if (!seq) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    return *seq;
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

StoreResult<EventsPage> SqlStore::events_since(UserId user, std::int64_t since, int limit) {
  return read<EventsPage>([&](sql::Session& s) -> StoreResult<EventsPage> {
    auto bounds = s.query("SELECT last_seq FROM users WHERE id = $1", {user});
    if (!bounds->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    const std::int64_t last = bounds->int64(0);
    std::vector<StoredEvent> events;
    if (since <= last) events = read_events_after(s, user, since, limit);
    // Asking from before what the pruner left, or from a seq this server
    // never issued (the client saw another database), can only be repaired
    // by a snapshot.
    if (since > last || !follows_on(events, since, last)) {
      return StoreError{StoreError::Kind::Gone,
                        "events after seq " + std::to_string(since) +
                            " are no longer available; fetch a fresh snapshot",
                        {}};
    }
    return EventsPage{std::move(events), last};
  });
}

StoreResult<EventsPage> SqlStore::events_after_time(UserId user, const std::string& after,
                                                    int limit) {
  return read<EventsPage>([&](sql::Session& s) -> StoreResult<EventsPage> {
    auto bounds = s.query("SELECT last_seq FROM users WHERE id = $1", {user});
    if (!bounds->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    const std::int64_t last = bounds->int64(0);
    return EventsPage{read_events_after_time(s, user, after, limit), last};
  });
}

StoreResult<Moc> SqlStore::get_moc(UserId user, const std::string& moc_id) {
  return read<Moc>([&](sql::Session& s) -> StoreResult<Moc> {
    if (std::optional<StoreError> error = check_moc_access(s, moc_id, user, false)) return *error;
    return *find_moc(s, moc_id);
  });
}

StoreResult<UserId> SqlStore::moc_owner(const std::string& id) {
  try {
    std::optional<UserId> owner;
    db_->read_one([&](sql::Session& s) {
      auto rows = s.query("SELECT user_id FROM mocs WHERE id = $1", {id});
      if (rows->next()) owner = rows->int64(0);
    });
    if (!owner) return StoreError{StoreError::Kind::NotFound, id + " does not exist", {}};
    return *owner;
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

// [SECTION] Mutation transaction and outbox pruning

std::optional<StoreError> SqlStore::mutate(UserId user, const Actor& actor, const Change& change) {
  std::int64_t new_last = 0;
  bool appended = false;
  std::vector<std::pair<std::string, std::int64_t>> topic_seqs;
  std::optional<StoreError> refused;
  std::optional<std::pair<std::string, Moc>> board_change;  // what the board's watchers hear
  try {
    db_->write([&](sql::Session& s) {
      topic_seqs.clear();
      board_change.reset();
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      if (!last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Rollback{};
      }
      const std::string now = next_mutation_time();
      const Slices before = read_slices(s, user);
      MutationOutput out;
      refused = change(s, now, out);
      if (refused) throw Rollback{};
      std::vector<core::EventPayload>& events = out.entity_events;
      for (core::EventPayload& slice : events_between(before, read_slices(s, user))) {
        events.push_back(std::move(slice));
      }
      for (const NewNotification& notice : out.owner_notices) {
        events.push_back(add_notification(s, user, notice, now));
      }
      new_last = append_events(s, user, *last, events, now, *ids_);
      appended = !events.empty();
      if (out.topic_changes.empty()) return;
      // The board's topics, after the owner's stream (its row is locked).
      auto names =
          s.query("SELECT id, username FROM users WHERE id IN ($1, $2)", {user, actor.user});
      std::string owner_name;
      std::string actor_name;
      while (names->next()) {
        if (names->int64(0) == user) owner_name = names->text(1);
        if (names->int64(0) == actor.user) actor_name = names->text(1);
      }
      if (!out.topic_changes.empty()) {
        board_change = {out.topic_changes.front().kind, out.topic_changes.front().moc};
      }
      for (const TopicChange& c : out.topic_changes) {
        const std::string moc_json = core::encode_moc(c.moc);
        for (const std::string& topic : {board_topic(owner_name), moc_topic(c.moc.id)}) {
          const std::string json = topic_event_json(topic, c.kind, c.moc.id, moc_json, actor.user,
                                                    actor_name, now, actor.trace_id);
          topic_seqs.emplace_back(topic, append_topic_event(s, topic, c.kind, json, now, *ids_));
        }
      }
    });
  } catch (const Rollback&) {
    return refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (appended && listener_) listener_(user, new_last);
  if (topic_listener_) {
    for (const auto& [topic, seq] : topic_seqs) topic_listener_(topic, seq);
  }
  if (board_change) notify_board_watchers(user, actor, board_change->first, board_change->second);
  return std::nullopt;
}

std::optional<StoreError> SqlStore::check_moc_access(sql::Session& s, const std::string& id,
                                                     UserId user, bool edit) {
  auto rows = s.query("SELECT user_id, deleted_at FROM mocs WHERE id = $1", {id});
  if (!rows->next() || !rows->is_null(1)) {
    return StoreError{StoreError::Kind::NotFound, id + " does not exist", {}};
  }
  const BoardRole role = board_role(s, user, rows->int64(0));
  if (role == BoardRole::Owner || role == BoardRole::Editor ||
      (!edit && role == BoardRole::Viewer)) {
    return std::nullopt;
  }
  return StoreError{StoreError::Kind::Forbidden,
                    role == BoardRole::Viewer ? "viewers of a shared board cannot change " + id
                                              : id + " belongs to another user",
                    {}};
}

std::optional<StoreError> SqlStore::check_owner(sql::Session& s, const char* table,
                                                const std::string& id, UserId user) {
  // Only MOCs are kept after a delete (for restore); to everyone else a
  // deleted one is gone.
  const bool soft_deleted = std::string_view(table) == "mocs";
  auto rows = s.query(std::string("SELECT user_id") + (soft_deleted ? ", deleted_at" : ", NULL") +
                          " FROM " + table + " WHERE id = $1",
                      {id});
  if (!rows->next() || !rows->is_null(1)) {
    return StoreError{StoreError::Kind::NotFound, id + " does not exist", {}};
  }
  if (rows->int64(0) != user) {
    return StoreError{StoreError::Kind::Forbidden, id + " belongs to another user", {}};
  }
  return std::nullopt;
}

}  // namespace dashboard::server::store
