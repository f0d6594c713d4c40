// sql_store: the store, written once over either engine (sql::Database:
// SqliteDatabase or PostgresDatabase).
//
// Every mutation runs in one write transaction that:
//   1. locks the user's stream row (writers for one user serialize, across
//      instances on PostgreSQL) and reads the four slices,
//   2. changes the rows, noting the entity event (mocAdded, ...),
//   3. reads the slices again and appends the entity event, then one
//      outbox event per slice that changed, payload = the new slice (a new
//      head of Recent MOCs is recentMocAdded with the MOC; any other change
//      to that list is recentMocsUpdated with the whole list),
//   4. bumps users.last_seq (and on PostgreSQL queues the NOTIFY) and
//      commits; then the commit listener runs.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "clock.hpp"
#include "store/messaging.hpp"
#include "store/notification_rows.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

class SqlStore final : public DashboardStore, public MessagingStore {
 public:
  SqlStore(std::shared_ptr<sql::Database> db, std::shared_ptr<Clock> clock,
           std::shared_ptr<IdSource> ids);

  StoreResult<User> create_user(const std::string& username, const std::string& password_hash,
                                UserRole role) override;
  std::optional<User> find_user(const std::string& username) override;
  std::optional<User> find_user(UserId id) override;
  bool has_users() override;

  StoreResult<core::DashboardView> dashboard(UserId user) override;
  StoreResult<std::int64_t> last_seq(UserId user) override;

  StoreResult<MocPage> list_mocs(UserId user, const MocQuery& query) override;
  StoreResult<WishlistPage> list_wishlist(UserId user) override;
  StoreResult<std::vector<std::string>> list_themes(UserId user) override;

  StoreResult<Moc> create_moc(const Actor& actor, const NewMoc& moc) override;
  StoreResult<std::vector<Moc>> import_mocs(const Actor& actor,
                                            std::span<const NewMoc> mocs) override;
  StoreResult<Moc> get_moc(UserId user, const std::string& moc_id) override;
  StoreResult<Moc> update_moc(const Actor& actor, const std::string& moc_id, const MocPatch& patch,
                              std::optional<std::int64_t> expected_version) override;
  StoreResult<Done> delete_moc(const Actor& actor, const std::string& moc_id,
                               std::optional<std::int64_t> expected_version) override;
  StoreResult<Moc> restore_moc(const Actor& actor, const std::string& moc_id) override;
  StoreResult<WishlistItem> add_wishlist_item(
      UserId user, const std::string& name, const std::optional<std::string>& set_number) override;
  StoreResult<Done> remove_wishlist_item(UserId user, const std::string& item_id) override;
  StoreResult<LegoSet> add_set(UserId user, const std::string& set_number, const std::string& name,
                               const std::string& theme) override;
  StoreResult<Done> remove_set(UserId user, const std::string& set_id) override;

  StoreResult<Board> board(UserId user, const std::string& owner_name) override;
  StoreResult<Share> share_board(const Actor& owner, const std::string& grantee_name,
                                 BoardRole role) override;
  StoreResult<Done> revoke_share(const Actor& actor, const std::string& share_id) override;
  StoreResult<SharesList> list_shares(UserId user) override;
  StoreResult<TopicAccess> topic_access(UserId user, const std::string& topic) override;
  StoreResult<TopicPage> topic_events_since(const std::string& topic, std::int64_t since,
                                            int limit) override;

  StoreResult<EventsPage> events_since(UserId user, std::int64_t since, int limit) override;
  StoreResult<EventsPage> events_after_time(UserId user, const std::string& after,
                                            int limit) override;
  StoreResult<std::int64_t> prune_outbox(core::UnixMillis keep_after_ms,
                                         std::int64_t keep_min) override;

  void set_commit_listener(CommitListener listener) override;
  void set_topic_commit_listener(TopicCommitListener listener) override;

  // Messages and notifications (message_store.cpp, notification_store.cpp).
  StoreResult<ConversationList> list_conversations(UserId user) override;
  StoreResult<MessagePage> conversation_messages(UserId user, const std::string& other,
                                                 std::optional<std::int64_t> before,
                                                 int limit) override;
  StoreResult<Message> send_message(const Actor& from, const std::string& to,
                                    const std::string& text, const std::string& client_id) override;
  StoreResult<ReadState> mark_conversation_read(UserId user, const std::string& other) override;
  StoreResult<NotificationPage> list_notifications(UserId user, std::optional<std::int64_t> before,
                                                   int limit) override;
  StoreResult<NotificationsReadState> mark_notifications_read(
      UserId user, std::optional<std::int64_t> id, std::optional<std::int64_t> through) override;
  StoreResult<NotificationPreferences> notification_preferences(UserId user) override;
  StoreResult<NotificationPreferences> set_notification_preferences(
      UserId user, const NotificationPreferences& preferences) override;
  StoreResult<std::int64_t> announce(const std::string& text) override;

  sql::Database& database() { return *db_; }

 private:
  // A MOC's change as the board's topics tell it (kind: ADDED, UPDATED,
  // STATUS_CHANGED, DELETED).
  struct TopicChange {
    const char* kind;
    Moc moc;
  };
  // What a change step reports besides its rows.
  struct MutationOutput {
    std::vector<core::EventPayload> entity_events;  // the owner's stream, before the slices
    std::vector<TopicChange> topic_changes;         // board:<owner> and moc:<id>
    std::vector<NewNotification> owner_notices;     // the owner's, after the slices
  };
  // What a mutation's change step does: changes rows inside the
  // transaction, fills `out`, and returns an error to roll everything back.
  // `now` is this mutation's RFC 3339 time.
  using Change = std::function<std::optional<StoreError>(sql::Session& s, const std::string& now,
                                                         MutationOutput& out)>;
  // Runs `change` in one transaction on `user`'s stream, made by `actor`.
  std::optional<StoreError> mutate(UserId user, const Actor& actor, const Change& change);

  // Runs `work` in a read transaction, turning database failures into StoreErrors.
  template <typename T>
  StoreResult<T> read(const std::function<StoreResult<T>(sql::Session&)>& work);

  // Deletes row `id` of `table` (sets, wishlist_items) after the ownership
  // check, inside the mutation transaction; `removed` is its entity event.
  StoreResult<Done> remove_owned(UserId user, const char* table, const std::string& id,
                                 std::optional<core::EventPayload> removed);

  // Whose live row `id` in `table` is: NotFound (absent or deleted),
  // Forbidden (another user's) or nullopt.
  static std::optional<StoreError> check_owner(sql::Session& s, const char* table,
                                               const std::string& id, UserId user);

  // Whether `user` may read (or with `edit`, change) live MOC `id`: its
  // owner, or an editor (a viewer only reads) of the owner's board.
  static std::optional<StoreError> check_moc_access(sql::Session& s, const std::string& id,
                                                    UserId user, bool edit);

  // The owner of MOC `id`, deleted or not (read before the write locks it).
  StoreResult<UserId> moc_owner(const std::string& id);

  // One notification for `user`, in a transaction of its own.
  std::optional<StoreError> notify(UserId user, const NewNotification& notification);
  // After a change to `owner`'s board: a notice to everyone it is shared
  // with but the actor (in their own transactions, after the change's).
  void notify_board_watchers(UserId owner, const Actor& actor, const std::string& topic_kind,
                             const Moc& moc);

  // The next mutation time: the clock, but strictly after the previous one,
  // so "newest first" stays exact for rows written within one millisecond.
  std::string next_mutation_time();

  std::shared_ptr<sql::Database> db_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<IdSource> ids_;
  std::mutex time_mutex_;
  core::UnixMillis last_mutation_ms_ = 0;  // guarded by time_mutex_
  CommitListener listener_;
  TopicCommitListener topic_listener_;
};

// StoreError for a database failure: Unavailable stays Unavailable (503),
// everything else is Internal (500, logged).
StoreError store_error(const std::exception& e);

template <typename T>
StoreResult<T> SqlStore::read(const std::function<StoreResult<T>(sql::Session&)>& work) {
  try {
    std::optional<StoreResult<T>> result;
    db_->read([&](sql::Session& s) { result.emplace(work(s)); });
    return std::move(*result);
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

}  // namespace dashboard::server::store
