// [SECTION] Connections — open, pragmas, the reader pool
// [SECTION] Users
// [SECTION] Reads — snapshot, last seq, events
// [SECTION] Mutation transaction and outbox pruning
// (The mutations themselves are in sqlite_mutations.cpp.)
#include "store/sqlite_store.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include "core/timestamp.hpp"
#include "store/migrations.hpp"
#include "store/outbox.hpp"
#include "store/slices.hpp"

namespace dashboard::server::store {

// [SECTION] Connections

struct SqliteStore::Reader {
  explicit Reader(const std::filesystem::path& file)
      : db(file.string(), SQLite::OPEN_READONLY),
        last_seq(db, "SELECT last_seq FROM users WHERE id = ?1") {
    db.setBusyTimeout(5000);
  }
  SQLite::Database db;
  SQLite::Statement last_seq;  // the hot path of every snapshot request
};

// Borrows a reader connection and gives it back on scope exit.
class SqliteStore::ReaderLease {
 public:
  ReaderLease(SqliteStore& store, std::unique_ptr<Reader> reader)
      : store_(store), reader_(std::move(reader)) {}
  ReaderLease(ReaderLease&&) = default;
  ReaderLease& operator=(ReaderLease&&) = delete;
  ~ReaderLease() {
    if (!reader_) return;
    std::lock_guard lock(store_.readers_mutex_);
    store_.idle_readers_.push_back(std::move(reader_));
  }
  Reader& operator*() { return *reader_; }
  Reader* operator->() { return reader_.get(); }

 private:
  SqliteStore& store_;
  std::unique_ptr<Reader> reader_;
};

namespace {

StoreError internal(const std::exception& e) {
  return StoreError{StoreError::Kind::Internal, e.what()};
}

void configure_writer(SQLite::Database& db) {
  db.setBusyTimeout(5000);
  // WAL: readers never block the writer. synchronous=NORMAL is durable
  // against a process crash (the OS holds the pages); an OS crash may lose
  // the last transactions but never corrupts the file.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, std::shared_ptr<Clock> clock,
                         std::shared_ptr<IdSource> ids, int reader_connections)
    : file_(file), clock_(std::move(clock)), ids_(std::move(ids)) {
  writer_ = std::make_unique<SQLite::Database>(file.string(),
                                               SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  configure_writer(*writer_);
  migrate(*writer_);
  for (int i = 0; i < reader_connections; ++i) {
    idle_readers_.push_back(std::make_unique<Reader>(file_));
  }
}

SqliteStore::~SqliteStore() = default;

SqliteStore::ReaderLease SqliteStore::lease_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Reader> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(*this, std::move(reader));
    }
  }
  // All busy: open another; it joins the pool when returned.
  return ReaderLease(*this, std::make_unique<Reader>(file_));
}

void SqliteStore::set_commit_listener(CommitListener listener) {
  listener_ = std::move(listener);
}

// [SECTION] Users

StoreResult<User> SqliteStore::create_user(const std::string& username,
                                           const std::string& password_hash) {
  try {
    std::lock_guard lock(writer_mutex_);
    SQLite::Statement insert(*writer_,
                             "INSERT INTO users (username, password_hash, created_at) "
                             "VALUES (?1, ?2, ?3) ON CONFLICT (username) DO NOTHING");
    insert.bind(1, username);
    insert.bind(2, password_hash);
    insert.bind(3, core::format_rfc3339_utc(clock_->now()));
    if (insert.exec() == 0) {
      return StoreError{StoreError::Kind::Conflict, "user " + username + " already exists"};
    }
    return User{writer_->getLastInsertRowid(), username, password_hash};
  } catch (const std::exception& e) {
    return internal(e);
  }
}

namespace {

std::optional<User> read_user(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return User{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

}  // namespace

std::optional<User> SqliteStore::find_user(const std::string& username) {
  ReaderLease reader = lease_reader();
  SQLite::Statement q(reader->db,
                      "SELECT id, username, password_hash FROM users WHERE username = ?1");
  q.bind(1, username);
  return read_user(q);
}

std::optional<User> SqliteStore::find_user(UserId id) {
  ReaderLease reader = lease_reader();
  SQLite::Statement q(reader->db, "SELECT id, username, password_hash FROM users WHERE id = ?1");
  q.bind(1, id);
  return read_user(q);
}

bool SqliteStore::has_users() {
  ReaderLease reader = lease_reader();
  return reader->db.execAndGet("SELECT EXISTS (SELECT 1 FROM users)").getInt() != 0;
}

// [SECTION] Reads

StoreResult<core::DashboardView> SqliteStore::dashboard(UserId user) {
  try {
    ReaderLease reader = lease_reader();
    // One read transaction: every slice and the version see the same commit.
    SQLite::Transaction tx(reader->db, SQLite::TransactionBehavior::DEFERRED);
    core::DashboardView view = read_view(reader->db, user);
    tx.commit();
    return view;
  } catch (const std::exception& e) {
    return internal(e);
  }
}

StoreResult<std::int64_t> SqliteStore::last_seq(UserId user) {
  try {
    ReaderLease reader = lease_reader();
    SQLite::Statement& q = reader->last_seq;
    q.reset();
    q.bind(1, user);
    if (!q.executeStep()) return StoreError{StoreError::Kind::NotFound, "no such user"};
    const std::int64_t seq = q.getColumn(0).getInt64();
    q.reset();
    return seq;
  } catch (const std::exception& e) {
    return internal(e);
  }
}

StoreResult<EventsPage> SqliteStore::events_since(UserId user, std::int64_t since, int limit) {
  try {
    ReaderLease reader = lease_reader();
    SQLite::Transaction tx(reader->db, SQLite::TransactionBehavior::DEFERRED);
    SQLite::Statement bounds(reader->db,
                             "SELECT last_seq, pruned_through FROM users WHERE id = ?1");
    bounds.bind(1, user);
    if (!bounds.executeStep()) return StoreError{StoreError::Kind::NotFound, "no such user"};
    const std::int64_t last = bounds.getColumn(0).getInt64();
    const std::int64_t pruned = bounds.getColumn(1).getInt64();
    // Asking from before the pruned horizon, or from a seq this server never
    // issued (the client saw another database), can only be repaired by a snapshot.
    if (since < pruned || since > last) {
      return StoreError{StoreError::Kind::Gone,
                        "events after seq " + std::to_string(since) +
                            " are no longer available; fetch a fresh snapshot"};
    }
    EventsPage page{read_events_after(reader->db, user, since, limit), last};
    tx.commit();
    return page;
  } catch (const std::exception& e) {
    return internal(e);
  }
}

StoreResult<Moc> SqliteStore::get_moc(UserId user, const std::string& moc_id) {
  try {
    ReaderLease reader = lease_reader();
    if (std::optional<StoreError> error = check_owner(reader->db, "mocs", moc_id, user)) {
      return *error;
    }
    return read_moc(reader->db, moc_id);
  } catch (const std::exception& e) {
    return StoreError{StoreError::Kind::Internal, e.what()};
  }
}

// [SECTION] Mutation transaction and outbox pruning

std::optional<StoreError> SqliteStore::mutate(UserId user, const Change& change) {
  std::int64_t new_last = 0;
  bool appended = false;
  try {
    std::lock_guard lock(writer_mutex_);
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    // Strictly increasing mutation times keep "newest first" exact even for
    // MOCs created within the same millisecond.
    last_mutation_ms_ = std::max(clock_->now(), last_mutation_ms_ + 1);
    const std::string now = core::format_rfc3339_utc(last_mutation_ms_);
    const Slices before = read_slices(*writer_, user);
    if (std::optional<StoreError> error = change(*writer_, now)) return error;  // rolls back
    const std::vector<core::EventPayload> events =
        events_between(before, read_slices(*writer_, user));
    new_last = append_events(*writer_, user, events, now, *ids_);
    appended = !events.empty();
    tx.commit();
  } catch (const std::exception& e) {
    return internal(e);
  }
  if (appended && listener_) listener_(user, new_last);
  return std::nullopt;
}

std::optional<StoreError> SqliteStore::check_owner(SQLite::Database& db, const char* table,
                                                   const std::string& id, UserId user) {
  SQLite::Statement q(db, std::string("SELECT user_id FROM ") + table + " WHERE id = ?1");
  q.bind(1, id);
  if (!q.executeStep()) return StoreError{StoreError::Kind::NotFound, id + " does not exist"};
  if (q.getColumn(0).getInt64() != user) {
    return StoreError{StoreError::Kind::Forbidden, id + " belongs to another user"};
  }
  return std::nullopt;
}

StoreResult<std::int64_t> SqliteStore::prune_outbox(core::UnixMillis keep_after_ms,
                                                    std::int64_t keep_min) {
  try {
    std::lock_guard lock(writer_mutex_);
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement horizon(*writer_, R"sql(
      UPDATE users SET pruned_through = MAX(pruned_through, COALESCE(
        (SELECT MAX(seq) FROM outbox o
          WHERE o.user_id = users.id AND o.created_at < ?1 AND o.seq <= users.last_seq - ?2), 0)))sql");
    horizon.bind(1, core::format_rfc3339_utc(keep_after_ms));
    horizon.bind(2, keep_min);
    horizon.exec();
    const int deleted = writer_->exec(
        "DELETE FROM outbox WHERE seq <= (SELECT pruned_through FROM users WHERE id = "
        "outbox.user_id)");
    tx.commit();
    return static_cast<std::int64_t>(deleted);
  } catch (const std::exception& e) {
    return internal(e);
  }
}

}  // namespace dashboard::server::store
