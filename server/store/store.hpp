// store: the collection's data and the event outbox, behind an interface
// the HTTP handlers use. SqliteStore is the embedded default; a PostgreSQL
// implementation can follow without touching the handlers.
//
// Every mutation writes its rows and its outbox events in one transaction
// and emits only the slices that changed (see SqliteStore for the rules).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace dashboard::server::store {

using UserId = std::int64_t;

struct User {
  UserId id = 0;
  std::string username;
  std::string password_hash;  // argon2id encoded string
};

// The wire's MOC and wishlist item are the store's rows.
using Moc = core::Moc;
using WishlistItem = core::WishlistItem;

struct NewMoc {
  std::string title;
  std::string theme;
  core::BuildStatus build_status = core::BuildStatus::Added;
  core::PartsCoverageStatus parts_coverage_status = core::PartsCoverageStatus::None;
  double coverage_percentage = 0;
  std::optional<std::string> cover_image_url;
};

// Only the fields that are set change. cover_image_url: outer optional is
// "change it", inner is the new value (nullopt clears it).
struct MocPatch {
  std::optional<std::string> title;
  std::optional<std::string> theme;
  std::optional<core::BuildStatus> build_status;
  std::optional<core::PartsCoverageStatus> parts_coverage_status;
  std::optional<double> coverage_percentage;
  std::optional<std::optional<std::string>> cover_image_url;
};

struct LegoSet {
  std::string id;
  std::string set_number;
  std::string name;
  std::string theme;
  std::string created_at;
};

// An outbox row as the stream and gap repair read it.
struct StoredEvent {
  std::int64_t seq = 0;
  std::string event_id;
  core::EventType type = core::EventType::SummaryUpdated;
  std::string payload_json;
  std::string created_at;
};

struct StoreError {
  enum class Kind { NotFound, Forbidden, Conflict, Gone, Internal };
  Kind kind = Kind::Internal;
  std::string message;
};

template <typename T>
using StoreResult = core::Result<T, StoreError>;

struct Done {};  // the value of a mutation that returns nothing

struct EventsPage {
  std::vector<StoredEvent> events;
  std::int64_t last_seq = 0;  // the user's newest seq when read
};

class DashboardStore {
 public:
  virtual ~DashboardStore() = default;

  // Users and sign-in.
  virtual StoreResult<User> create_user(const std::string& username,
                                        const std::string& password_hash) = 0;
  virtual std::optional<User> find_user(const std::string& username) = 0;
  virtual std::optional<User> find_user(UserId id) = 0;
  // False until the first user is created: the server's first start.
  virtual bool has_users() = 0;

  // The snapshot, consistent as of its version (one read transaction).
  virtual StoreResult<core::DashboardView> dashboard(UserId user) = 0;
  // The user's last event seq: the version a snapshot taken now would have.
  virtual StoreResult<std::int64_t> last_seq(UserId user) = 0;

  // Mutations. A MOC, item or set of another user is Forbidden; an unknown id NotFound.
  virtual StoreResult<Moc> create_moc(UserId user, const NewMoc& moc) = 0;
  virtual StoreResult<Moc> get_moc(UserId user, const std::string& moc_id) = 0;
  virtual StoreResult<Moc> update_moc(UserId user, const std::string& moc_id,
                                      const MocPatch& patch) = 0;
  virtual StoreResult<Done> delete_moc(UserId user, const std::string& moc_id) = 0;
  virtual StoreResult<WishlistItem> add_wishlist_item(
      UserId user, const std::string& name, const std::optional<std::string>& set_number) = 0;
  virtual StoreResult<Done> remove_wishlist_item(UserId user, const std::string& item_id) = 0;
  virtual StoreResult<LegoSet> add_set(UserId user, const std::string& set_number,
                                       const std::string& name, const std::string& theme) = 0;
  virtual StoreResult<Done> remove_set(UserId user, const std::string& set_id) = 0;

  // Events after `since`, oldest first, at most `limit`. Gone when the
  // outbox no longer reaches back to since + 1.
  virtual StoreResult<EventsPage> events_since(UserId user, std::int64_t since, int limit) = 0;

  // Drops outbox rows older than `keep_after_ms` (but never a user's newest
  // `keep_min` events), remembering per user how far it pruned.
  virtual StoreResult<std::int64_t> prune_outbox(core::UnixMillis keep_after_ms,
                                                 std::int64_t keep_min) = 0;

  // Called after every commit that appended events, with the user and the
  // new last seq; the realtime hub wakes on it. Set once, before serving.
  using CommitListener = std::function<void(UserId, std::int64_t last_seq)>;
  virtual void set_commit_listener(CommitListener listener) = 0;
};

}  // namespace dashboard::server::store
