// sqlite_store: the embedded default store, one SQLite file in WAL mode.
//
// One writer connection (SQLite allows one writer at a time anyway) and a
// small pool of reader connections, so snapshot reads never wait behind a
// write. Every mutation runs in one IMMEDIATE transaction that:
//   1. reads the four slices (summary, themes, recent, partial parts),
//   2. changes the rows,
//   3. reads the slices again and appends one outbox event per slice that
//      changed, payload = the new slice (a new head of Recent MOCs is
//      recentMocAdded with the MOC; any other change to that list is
//      recentMocsUpdated with the whole list),
//   4. bumps users.last_seq and commits; then the commit listener runs.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "clock.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

class SqliteStore final : public DashboardStore {
 public:
  // Opens (creating if needed) `file` and migrates it. Throws
  // SQLite::Exception when the file cannot be opened or migrated.
  SqliteStore(const std::filesystem::path& file, std::shared_ptr<Clock> clock,
              std::shared_ptr<IdSource> ids, int reader_connections = 4);
  ~SqliteStore() override;

  StoreResult<User> create_user(const std::string& username,
                                const std::string& password_hash) override;
  std::optional<User> find_user(const std::string& username) override;
  std::optional<User> find_user(UserId id) override;
  bool has_users() override;

  StoreResult<core::DashboardView> dashboard(UserId user) override;
  StoreResult<std::int64_t> last_seq(UserId user) override;

  StoreResult<Moc> create_moc(UserId user, const NewMoc& moc) override;
  StoreResult<Moc> get_moc(UserId user, const std::string& moc_id) override;
  StoreResult<Moc> update_moc(UserId user, const std::string& moc_id,
                              const MocPatch& patch) override;
  StoreResult<Done> delete_moc(UserId user, const std::string& moc_id) override;
  StoreResult<WishlistItem> add_wishlist_item(
      UserId user, const std::string& name, const std::optional<std::string>& set_number) override;
  StoreResult<Done> remove_wishlist_item(UserId user, const std::string& item_id) override;
  StoreResult<LegoSet> add_set(UserId user, const std::string& set_number, const std::string& name,
                               const std::string& theme) override;
  StoreResult<Done> remove_set(UserId user, const std::string& set_id) override;

  StoreResult<EventsPage> events_since(UserId user, std::int64_t since, int limit) override;
  StoreResult<std::int64_t> prune_outbox(core::UnixMillis keep_after_ms,
                                         std::int64_t keep_min) override;

  void set_commit_listener(CommitListener listener) override;

 private:
  struct Reader;
  class ReaderLease;
  friend class ReaderLease;

  // Runs `change` inside the mutation transaction described above; `now`
  // is this mutation's RFC 3339 time. A returned error rolls back.
  using Change =
      std::function<std::optional<StoreError>(SQLite::Database& db, const std::string& now)>;
  std::optional<StoreError> mutate(UserId user, const Change& change);

  // Deletes row `id` of `table` (mocs, sets, wishlist_items) after the
  // ownership check, inside the mutation transaction.
  StoreResult<Done> remove_owned(UserId user, const char* table, const std::string& id);

  // Whose row `id` in `table` is: NotFound, Forbidden (another user's) or nullopt.
  std::optional<StoreError> check_owner(SQLite::Database& db, const char* table,
                                        const std::string& id, UserId user);

  ReaderLease lease_reader();

  std::filesystem::path file_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<IdSource> ids_;
  std::mutex writer_mutex_;
  std::unique_ptr<SQLite::Database> writer_;
  core::UnixMillis last_mutation_ms_ = 0;  // guarded by writer_mutex_
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;
  CommitListener listener_;
};

}  // namespace dashboard::server::store
