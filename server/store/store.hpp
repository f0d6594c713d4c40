// store: the collection's data and the event outbox, behind an interface
// the HTTP handlers use. SqlStore implements it once over either engine
// (SQLite, the embedded default, or PostgreSQL for several instances).
//
// Every mutation writes its rows and its outbox events in one transaction:
// its entity event first, then one event per dashboard slice it changed
// (see SqlStore for the rules).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace dashboard::server::store {

using UserId = std::int64_t;

// Admins see every service on /status and may post announcements; members
// see the public subset.
enum class UserRole { Member, Admin };
std::string_view to_string(UserRole role);  // "member", "admin"
std::optional<UserRole> parse_user_role(std::string_view text);

struct User {
  UserId id = 0;
  std::string username;
  std::string password_hash;  // argon2id encoded string
  UserRole role = UserRole::Member;
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

// Who makes a change, and the request that carried it (X-Request-Id): the
// board's topic events name both, so one change can be followed from the
// click to every socket. A bare user id converts, for callers with no request.
struct Actor {
  Actor(UserId id) : user(id) {}  // NOLINT(google-explicit-constructor)
  Actor(UserId id, std::string trace) : user(id), trace_id(std::move(trace)) {}
  UserId user = 0;
  std::string trace_id;
};

// What a user may do on another user's board (and that user's MOCs).
enum class BoardRole { None, Viewer, Editor, Owner };
std::string_view to_string(BoardRole role);  // "none", "viewer", "editor", "owner"

// A board shared by its owner with one other user.
struct Share {
  std::string id;
  UserId owner = 0;
  std::string owner_name;
  UserId grantee = 0;
  std::string grantee_name;
  BoardRole role = BoardRole::Viewer;  // Viewer or Editor
  std::string created_at;
};

struct SharesList {
  std::vector<Share> owned;     // boards this user shares with others
  std::vector<Share> received;  // others' boards shared with this user
};

// One user's board as a viewer sees it: every MOC ordered by build status,
// then rank, then id, and the topic's seq the read is consistent with.
struct Board {
  UserId owner = 0;
  std::string owner_name;
  BoardRole role = BoardRole::None;  // the caller's
  std::int64_t seq = 0;              // board:<owner_name>'s last seq
  std::vector<core::Moc> cards;
};

// A topic stream's row: the requirements' event {topic, event, data, trace_id}.
struct TopicEvent {
  std::int64_t seq = 0;
  std::string event_id;
  std::string kind;          // ADDED, UPDATED, DELETED, STATUS_CHANGED; ACCESS_REVOKED is internal
  std::string payload_json;  // the whole {topic, event, data, trace_id} object
  std::string created_at;
};

struct TopicPage {
  std::vector<TopicEvent> events;
  std::int64_t last_seq = 0;
};

// Who may read a topic and where its stream stands.
struct TopicAccess {
  UserId owner = 0;  // whose board (or MOC) it is
  BoardRole role = BoardRole::None;
  std::int64_t last_seq = 0;
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
  std::optional<std::string> board_rank;  // a move on the board (with build_status)
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
  std::int64_t commit_last_seq = 0;  // the last seq of its commit; 0: not recorded
};

struct StoreError {
  enum class Kind {
    NotFound,
    Forbidden,
    Conflict,
    Gone,
    Unavailable,  // the database cannot be reached right now: try again later (503)
    Internal,
  };
  Kind kind = Kind::Internal;
  std::string message;
  // A stale edit's conflict: the MOC as it is now, for the client to show.
  std::optional<Moc> current;
};

template <typename T>
using StoreResult = core::Result<T, StoreError>;

struct Done {};  // the value of a mutation that returns nothing

// How the MOC list is ordered; ties are broken by id in the same direction.
enum class MocSort { Title, Created, Updated, Coverage };

// Where a page of the MOC list ends: the last row's sort key (as the
// database returned it) and id. The API wraps it in an opaque cursor.
struct MocListPosition {
  std::string key;
  std::string id;
};

// GET /api/mocs: a filter, an order and a page.
struct MocQuery {
  std::optional<std::string> text;  // substring of the title, ASCII case-insensitive
  std::optional<std::string> theme;
  std::optional<core::BuildStatus> build_status;
  std::optional<core::PartsCoverageStatus> coverage_status;
  MocSort sort = MocSort::Created;
  bool descending = true;
  int limit = 50;
  std::optional<MocListPosition> after;  // continue after this row
};

struct MocPage {
  std::vector<Moc> items;
  std::optional<MocListPosition> next;  // nullopt on the last page
  std::int64_t total = 0;               // rows matching the filter, all pages
  std::int64_t version = 0;             // the user's last seq when read
};

struct WishlistPage {
  std::vector<WishlistItem> items;  // newest first
  std::int64_t version = 0;
};

struct EventsPage {
  std::vector<StoredEvent> events;
  std::int64_t last_seq = 0;  // the user's newest seq when read
};

class DashboardStore {
 public:
  virtual ~DashboardStore() = default;

  // Users and sign-in.
  virtual StoreResult<User> create_user(const std::string& username,
                                        const std::string& password_hash, UserRole role) = 0;
  virtual std::optional<User> find_user(const std::string& username) = 0;
  virtual std::optional<User> find_user(UserId id) = 0;
  // False until the first user is created: the server's first start.
  virtual bool has_users() = 0;

  // The snapshot, consistent as of its version (one read transaction).
  virtual StoreResult<core::DashboardView> dashboard(UserId user) = 0;
  // The user's last event seq: the version a snapshot taken now would have.
  virtual StoreResult<std::int64_t> last_seq(UserId user) = 0;

  // The collection pages' reads.
  virtual StoreResult<MocPage> list_mocs(UserId user, const MocQuery& query) = 0;
  virtual StoreResult<WishlistPage> list_wishlist(UserId user) = 0;
  // Every theme on the user's MOCs and sets, sorted case-insensitively.
  virtual StoreResult<std::vector<std::string>> list_themes(UserId user) = 0;

  // Mutations. A MOC, item or set of another user is Forbidden; an unknown
  // (or deleted) id NotFound. `expected_version`, when set, must be the
  // MOC's current version, or the edit is a Conflict carrying the current MOC.
  // Owners and editors of the board may edit a MOC; owners, editors and
  // viewers read it. Only the owner creates, deletes and restores.
  virtual StoreResult<Moc> create_moc(const Actor& actor, const NewMoc& moc) = 0;
  // Every MOC or none, in one transaction; each is its own MocAdded event.
  virtual StoreResult<std::vector<Moc>> import_mocs(const Actor& actor,
                                                    std::span<const NewMoc> mocs) = 0;
  virtual StoreResult<Moc> get_moc(UserId user, const std::string& moc_id) = 0;
  virtual StoreResult<Moc> update_moc(const Actor& actor, const std::string& moc_id,
                                      const MocPatch& patch,
                                      std::optional<std::int64_t> expected_version) = 0;
  // Deleted MOCs leave every read at once but are kept (for restore_moc)
  // until prune_outbox's horizon passes them.
  virtual StoreResult<Done> delete_moc(const Actor& actor, const std::string& moc_id,
                                       std::optional<std::int64_t> expected_version) = 0;
  // Undoes a delete: same id, version + 1. NotFound when there is nothing
  // to restore, Conflict when it is not deleted.
  virtual StoreResult<Moc> restore_moc(const Actor& actor, const std::string& moc_id) = 0;
  virtual StoreResult<WishlistItem> add_wishlist_item(
      UserId user, const std::string& name, const std::optional<std::string>& set_number) = 0;
  virtual StoreResult<Done> remove_wishlist_item(UserId user, const std::string& item_id) = 0;
  virtual StoreResult<LegoSet> add_set(UserId user, const std::string& set_number,
                                       const std::string& name, const std::string& theme) = 0;
  virtual StoreResult<Done> remove_set(UserId user, const std::string& set_id) = 0;

  // The build board. NotFound for an unknown username; Forbidden unless
  // the caller owns the board or it is shared with them.
  virtual StoreResult<Board> board(UserId user, const std::string& owner_name) = 0;
  // Shares (or changes the role of an existing share); NotFound names an
  // unknown username, Conflict is sharing with oneself.
  virtual StoreResult<Share> share_board(const Actor& owner, const std::string& grantee_name,
                                         BoardRole role) = 0;
  // By the owner, or by the grantee leaving. The revocation is written into
  // the board's stream, so every instance ends the grantee's subscriptions
  // at exactly that point of the stream.
  virtual StoreResult<Done> revoke_share(const Actor& actor, const std::string& share_id) = 0;
  virtual StoreResult<SharesList> list_shares(UserId user) = 0;

  // Topics: board:<username>, moc:<id>. NotFound for a malformed or
  // unknown topic; the role None means the user may not read it.
  virtual StoreResult<TopicAccess> topic_access(UserId user, const std::string& topic) = 0;
  // Like events_since, for a topic stream (no access check: see topic_access).
  virtual StoreResult<TopicPage> topic_events_since(const std::string& topic, std::int64_t since,
                                                    int limit) = 0;

  // Events after `since`, oldest first, at most `limit`. Gone when the
  // outbox no longer reaches back to since + 1.
  virtual StoreResult<EventsPage> events_since(UserId user, std::int64_t since, int limit) = 0;
  // Events created after the instant `after` (RFC 3339 UTC with milliseconds,
  // as format_rfc3339_utc writes it), in seq order, at most `limit`. Whether
  // the outbox still reaches back that far is the caller's question (the
  // retention period): pruning only ever removes events older than it.
  virtual StoreResult<EventsPage> events_after_time(UserId user, const std::string& after,
                                                    int limit) = 0;

  // Drops outbox rows older than `keep_after_ms` (but never a user's newest
  // `keep_min` events), remembering per user how far it pruned, and purges
  // MOCs deleted before `keep_after_ms`.
  virtual StoreResult<std::int64_t> prune_outbox(core::UnixMillis keep_after_ms,
                                                 std::int64_t keep_min) = 0;

  // Called after every commit that appended events, with the user and the
  // new last seq; the realtime hub wakes on it. Set once, before serving.
  using CommitListener = std::function<void(UserId, std::int64_t last_seq)>;
  virtual void set_commit_listener(CommitListener listener) = 0;
  // The same for topic streams.
  using TopicCommitListener = std::function<void(const std::string& topic, std::int64_t last_seq)>;
  virtual void set_topic_commit_listener(TopicCommitListener listener) = 0;
};

}  // namespace dashboard::server::store
