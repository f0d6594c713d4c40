// [SECTION] Errors and time
// [SECTION] Users
// [SECTION] Reads — snapshot, last seq, events, one MOC
// [SECTION] Mutation transaction and outbox pruning
// (The mutations are in mutations.cpp, the collection pages' reads in
// collection_reads.cpp.)
#include "store/sql_store.hpp"

#include <algorithm>

#include "core/timestamp.hpp"
#include "store/outbox.hpp"
#include "store/slices.hpp"

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

std::string SqlStore::next_mutation_time() {
  std::lock_guard lock(time_mutex_);
  last_mutation_ms_ = std::max(clock_->now(), last_mutation_ms_ + 1);
  return core::format_rfc3339_utc(last_mutation_ms_);
}

// [SECTION] Users

StoreResult<User> SqlStore::create_user(const std::string& username,
                                        const std::string& password_hash) {
  try {
    std::optional<User> created;
    db_->write([&](sql::Session& s) {
      auto rows = s.query(
          "INSERT INTO users (username, password_hash, created_at) VALUES ($1, $2, $3) "
          "ON CONFLICT (username) DO NOTHING RETURNING id",
          {username, password_hash, core::format_rfc3339_utc(clock_->now())});
      if (rows->next()) created = User{rows->int64(0), username, password_hash};
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
  return User{rows.int64(0), rows.text(1), rows.text(2)};
}

}  // namespace

std::optional<User> SqlStore::find_user(const std::string& username) {
  std::optional<User> user;
  db_->read([&](sql::Session& s) {
    user = read_user(
        *s.query("SELECT id, username, password_hash FROM users WHERE username = $1", {username}));
  });
  return user;
}

std::optional<User> SqlStore::find_user(UserId id) {
  std::optional<User> user;
  db_->read([&](sql::Session& s) {
    user = read_user(*s.query("SELECT id, username, password_hash FROM users WHERE id = $1", {id}));
  });
  return user;
}

bool SqlStore::has_users() {
  bool any = false;
  db_->read([&](sql::Session& s) { any = s.query("SELECT 1 FROM users LIMIT 1")->next(); });
  return any;
}

// [SECTION] Reads

StoreResult<core::DashboardView> SqlStore::dashboard(UserId user) {
  return read<core::DashboardView>(
      [&](sql::Session& s) -> StoreResult<core::DashboardView> { return read_view(s, user); });
}

StoreResult<std::int64_t> SqlStore::last_seq(UserId user) {
  return read<std::int64_t>([&](sql::Session& s) -> StoreResult<std::int64_t> {
    auto rows = s.query("SELECT last_seq FROM users WHERE id = $1", {user});
    if (!rows->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    return rows->int64(0);
  });
}

StoreResult<EventsPage> SqlStore::events_since(UserId user, std::int64_t since, int limit) {
  return read<EventsPage>([&](sql::Session& s) -> StoreResult<EventsPage> {
    auto bounds = s.query("SELECT last_seq, pruned_through FROM users WHERE id = $1", {user});
    if (!bounds->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    const std::int64_t last = bounds->int64(0);
    const std::int64_t pruned = bounds->int64(1);
    // Asking from before the pruned horizon, or from a seq this server never
    // issued (the client saw another database), can only be repaired by a snapshot.
    if (since < pruned || since > last) {
      return StoreError{StoreError::Kind::Gone,
                        "events after seq " + std::to_string(since) +
                            " are no longer available; fetch a fresh snapshot",
                        {}};
    }
    return EventsPage{read_events_after(s, user, since, limit), last};
  });
}

StoreResult<Moc> SqlStore::get_moc(UserId user, const std::string& moc_id) {
  return read<Moc>([&](sql::Session& s) -> StoreResult<Moc> {
    if (std::optional<StoreError> error = check_owner(s, "mocs", moc_id, user)) return *error;
    return *find_moc(s, moc_id);
  });
}

// [SECTION] Mutation transaction and outbox pruning

std::optional<StoreError> SqlStore::mutate(UserId user, const Change& change) {
  std::int64_t new_last = 0;
  bool appended = false;
  std::optional<StoreError> refused;
  try {
    db_->write([&](sql::Session& s) {
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      if (!last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Rollback{};
      }
      const std::string now = next_mutation_time();
      const Slices before = read_slices(s, user);
      std::vector<core::EventPayload> events;
      refused = change(s, now, events);
      if (refused) throw Rollback{};
      for (core::EventPayload& slice : events_between(before, read_slices(s, user))) {
        events.push_back(std::move(slice));
      }
      new_last = append_events(s, user, *last, events, now, *ids_);
      appended = !events.empty();
    });
  } catch (const Rollback&) {
    return refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (appended && listener_) listener_(user, new_last);
  return std::nullopt;
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

StoreResult<std::int64_t> SqlStore::prune_outbox(core::UnixMillis keep_after_ms,
                                                 std::int64_t keep_min) {
  try {
    std::int64_t deleted = 0;
    const std::string horizon = core::format_rfc3339_utc(keep_after_ms);
    db_->write([&](sql::Session& s) {
      // The newest prunable seq per user, and only ever forward.
      constexpr const char* kPrunable = R"sql(COALESCE(
        (SELECT MAX(seq) FROM outbox o
          WHERE o.user_id = users.id AND o.created_at < $1 AND o.seq <= users.last_seq - $2), 0))sql";
      s.exec(std::string("UPDATE users SET pruned_through = ") + kPrunable + " WHERE " + kPrunable +
                 " > pruned_through",
             {horizon, keep_min});
      deleted = s.exec(
          "DELETE FROM outbox WHERE seq <= (SELECT pruned_through FROM users WHERE id = "
          "outbox.user_id)");
      // A deleted MOC can be restored for as long as its events can be replayed.
      s.exec("DELETE FROM mocs WHERE deleted_at IS NOT NULL AND deleted_at < $1", {horizon});
    });
    return deleted;
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

}  // namespace dashboard::server::store
