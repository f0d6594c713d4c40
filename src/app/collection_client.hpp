// collection_client: the collection pages' data, live and optimistic. It
// reads what the open page asks for (a MOC list query page by page, one
// MOC, the wishlist, the themes) through the Transport with the signed-in
// user's token; follows the live stream the LiveClient's sync engine
// applies (entity events feed the collection cache, every event settles
// the edit queue); and sends the edit queue's requests, turning answers
// into confirmations, rollbacks with a toast and Retry, field errors, and
// "Changed elsewhere" conflicts that keep what was typed.
//
//   CollectionClient collection(transport, live);
//   // every frame, after live.update(now):
//   collection.update(now);
//   collection.want_list(query, rows_on_screen_end);  // the page says what it shows
//   std::optional<Moc> m = collection.moc(id);         // confirmed + pending edits
//   collection.update_moc(id, patch, "Status of \u201cTower\u201d");
//   for (Toast& t : collection.take_toasts()) show(t);  // "Retry" -> collection.act(t.action_key)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/api_error.hpp"
#include "app/idempotency_keys.hpp"
#include "app/live_client.hpp"
#include "app/session_requests.hpp"
#include "app/transport.hpp"
#include "core/client/collection.hpp"
#include "core/client/data_updated.hpp"
#include "core/client/edit_queue.hpp"
#include "core/client/moc_list.hpp"
#include "core/client/moc_patch.hpp"
#include "core/client/moc_query.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

// How one MOC stands for its page.
enum class MocStatus {
  Loading,   // nothing to show yet
  Shown,     // moc() has it
  NotFound,  // the server has no such MOC (or not for this user)
  Deleted,   // it was shown, then deleted elsewhere
  Failed,    // it could not be read; moc_error() says why
};

// A MOC edit the server refused with 409: what was typed, and the MOC now.
struct Conflict {
  core::client::MocPatch mine;
  core::Moc theirs;
};

// The Add MOC form's request.
struct CreateState {
  bool busy = false;
  std::string error;  // the server's message
  std::string field;  // the field it names, when it names one
  std::optional<std::string> created_id;
};

// Changes made elsewhere (another user, another tab or device of this
// user) that the stream applied since the last take_elsewhere(): what the
// "Data updated" pill is about, for the page that shows them.
struct ElsewhereChanges {
  bool dashboard = false;                   // a slice of the cards moved
  std::set<std::string, std::less<>> mocs;  // MOCs added, changed or deleted
  bool wishlist = false;

  bool any() const { return dashboard || !mocs.empty() || wishlist; }
};

// How long the toasts this client raises stay up.
inline constexpr std::int64_t kUndoToastMs = 6000;
inline constexpr std::int64_t kFailureToastMs = 8000;

class CollectionClient {
 public:
  CollectionClient(Transport& transport, LiveClient& live);
  ~CollectionClient();
  CollectionClient(const CollectionClient&) = delete;
  CollectionClient& operator=(const CollectionClient&) = delete;

  // Follows the stream, times out settled edits and sends what is due.
  // Call every frame after LiveClient::update.
  void update(core::UnixMillis now);

  // [SECTION] What the open page shows (call each frame it is drawn)
  // The list for `query`, loaded until rows [0, rows) are in.
  void want_list(const core::client::MocQuery& query, std::size_t rows);
  void want_moc(std::string_view id);
  void want_wishlist();
  void want_themes();
  // A failed read, again (the pages' Retry buttons).
  void retry_reads();

  // [SECTION] Reads: the confirmed state with this tab's pending edits on top
  // nullptr until want_list asked for `query`.
  const core::client::MocList* list(const core::client::MocQuery& query) const;
  std::optional<core::Moc> moc(std::string_view id) const;
  MocStatus moc_status(std::string_view id) const;
  std::string moc_error(std::string_view id) const;
  // True while an edit of `id` is on its way ("Saving...").
  bool pending(std::string_view id) const { return queue_.pending(id); }
  std::vector<core::WishlistItem> wishlist() const;
  bool wishlist_loaded() const { return collection_.wishlist_loaded(); }
  const std::string& wishlist_error() const { return wishlist_.error; }
  // Every theme the user has, sorted case-insensitively.
  const std::vector<std::string>& themes() const { return themes_; }
  core::DashboardView dashboard(const core::DashboardView& confirmed, core::UnixMillis now) const;
  const core::client::Collection& collection() const { return collection_; }
  const core::client::EditQueue& queue() const { return queue_; }

  // [SECTION] Edits (shown at once, then confirmed or rolled back)
  // `base_version`: the version the person started from (a text field's
  // first keystroke); a change made elsewhere since is then a 409, while
  // versions this tab's own edits made are not held against it. Unset: the
  // version shown now.
  void update_moc(std::string_view id, core::client::MocPatch patch, std::string label,
                  std::optional<std::int64_t> base_version = std::nullopt);
  void delete_moc(std::string_view id);
  void restore_moc(std::string_view id);
  void add_wishlist_item(std::string name, std::optional<std::string> set_number);
  void remove_wishlist_item(std::string_view id);
  // A toast's button: Retry a failed edit, Undo a deletion.
  void act(std::string_view action_key);

  // The MOC page's conflicts and the fields the server refused.
  const Conflict* conflict(std::string_view id) const;
  void apply_again(std::string_view id);  // what was typed, on the MOC as it is now
  void dismiss_conflict(std::string_view id);
  // The server's message for `field` ("coveragePercentage") of the MOC
  // `id` ("new" for the Add MOC form, "wishlist" for its form); empty: none.
  std::string field_error(std::string_view id, std::string_view field) const;
  void clear_field_errors(std::string_view id);
  void clear_field_error(std::string_view id, std::string_view field);

  // [SECTION] Add MOC (not optimistic: the form waits, then the MOC opens)
  void create_moc(const core::client::MocPatch& fields);
  const CreateState& create_state() const { return create_; }
  void reset_create() { create_ = {}; }

  std::vector<Toast> take_toasts() { return std::exchange(toasts_, {}); }
  // What the stream changed that this tab did not (see ElsewhereChanges).
  ElsewhereChanges take_elsewhere() { return std::exchange(elsewhere_, {}); }
  // When update() next has timed work (a settling edit's end, a resend
  // after 409 IDEMPOTENCY_KEY_IN_USE).
  std::optional<core::UnixMillis> next_deadline() const;

 private:
  struct ListSlot {
    core::client::MocQuery query;
    core::client::MocList list;
    std::size_t want = 0;
    std::uint64_t used = 0;
  };
  struct Detail {
    bool in_flight = false;
    bool fetched = false;  // a GET answered since the page opened (or the last jump)
    bool missing = false;  // 404
    bool seen = false;     // it was shown: a deletion now reads "deleted"
    std::string error;
  };
  struct Reads {
    bool in_flight = false;
    bool fetched = false;
    std::int64_t version = 0;
    std::string error;
  };

  void pump();
  void send_list_requests();
  // Queues `edit`, giving it its Idempotency-Key when it has none yet.
  void submit_edit(core::client::Edit edit);
  void send_edit(const core::client::Edit& edit);
  // 422 IDEMPOTENCY_KEY_REUSED, 409 IDEMPOTENT_ANSWER_LOST or a key still
  // in use after every resend: true when `error` is one, handled.
  bool key_refused(const core::client::Edit& edit, const ApiError& error);
  void on_edit_answer(const core::client::Edit& edit, const HttpResponse& response);
  void edit_failed(const core::client::Edit& edit, const std::string& message, bool retryable);
  void follow_stream();
  void note_origin(const core::client::StreamStep& step);
  bool own_change(const core::DashboardEvent& event) const;
  bool edits(core::client::EditKind kind, std::string_view target) const;
  void reset();
  void note_theme(const std::string& theme);
  void request(HttpRequest req, std::function<void(const HttpResponse&)> done);
  bool can_send() const;
  ListSlot* slot(const core::client::MocQuery& query);

  LiveClient& live_;
  // Answers of an ended session are dropped there; reset() ends this one.
  SessionRequests requests_;
  core::client::Collection collection_;
  core::client::EditQueue queue_;
  std::vector<ListSlot> lists_;
  std::uint64_t uses_ = 0;
  std::map<std::string, Detail, std::less<>> details_;
  Reads wishlist_;
  bool want_wishlist_ = false;
  Reads themes_read_;
  bool want_themes_ = false;
  std::vector<std::string> themes_;
  std::map<std::string, Conflict, std::less<>> conflicts_;
  // MOCs this tab deleted, as last shown: what Undo brings back.
  std::map<std::string, core::Moc, std::less<>> undoable_;
  // Versions this tab's own confirmed edits produced, per MOC.
  std::map<std::string, std::set<std::int64_t>, std::less<>> own_versions_;
  // MOCs this tab's Add MOC form created.
  std::set<std::string, std::less<>> created_;
  core::client::CommitOrigins origins_;
  ElsewhereChanges elsewhere_;
  std::map<std::string, std::string, std::less<>> field_errors_;    // "id\nfield" -> message
  std::map<std::string, core::client::Edit, std::less<>> retries_;  // action key -> edit
  std::uint64_t next_retry_ = 1;
  CreateState create_;
  // The Add MOC form's key, kept while the same fields are sent again after
  // a failure (a second click must not make a second MOC).
  std::string create_key_;
  std::string create_body_;
  IdempotencyKeys keys_;
  std::vector<Toast> toasts_;
  core::UnixMillis now_ = 0;
  // The session the data belongs to; a change (sign-out, another user) resets.
  std::uint64_t live_generation_ = 0;
  std::string live_user_;
};

}  // namespace dashboard::app
