// edit_queue: the optimistic layer. Every edit a person makes (a MOC field,
// a delete or its undo, a wishlist add or remove) enters the queue and shows
// at once in every view: what a view draws is the confirmed state (the
// collection, the dashboard snapshot) with the pending edits on top. The
// queue sends one edit per entity at a time, naming the version it was made
// on (If-Match); a confirmation hands the result to the confirmed state,
// a refusal or failure drops the edit (the view falls back to the server's
// state) and gives it back so the caller can say why and offer Retry, and a
// 409 drops it with every later edit of the same MOC so the caller can show
// "Changed elsewhere" and keep what was typed.
//
// A confirmed edit stays a while for the dashboard only ("settling"): the
// server's slice events for it follow its entity event, and until they are
// in, the cards would fall back for a moment. Slice events replace a whole
// slice, so from the edit's entity event on, each slice event that arrives
// holds the edit: the edit stops counting for that slice. It leaves at the
// next entity event (a later commit), or when the stream stays quiet.
//
//   EditQueue queue;
//   const EditId id = queue.submit(update_moc(moc, patch, "Status of Tower"));
//   for (const Edit& e : queue.take_ready()) send(e);  // PATCH, If-Match: "base_version",
//                                                     // Idempotency-Key: e.idempotency_key
//   // the answer:
//   queue.confirm(id, response_moc, now);  // 2xx; or queue.fail(id) / queue.conflict(id)
//   // every frame:
//   std::optional<Moc> shown = queue.project(id, collection.moc(id));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/collection.hpp"
#include "core/client/moc_patch.hpp"
#include "core/client/reducers.hpp"
#include "core/client/stream_step.hpp"
#include "core/event.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

using EditId = std::uint64_t;

enum class EditKind { UpdateMoc, DeleteMoc, RestoreMoc, AddWishlistItem, RemoveWishlistItem };

enum class EditState {
  Waiting,   // queued behind another edit of the same entity
  Sent,      // the request is out
  Settling,  // confirmed; the dashboard waits for the server's slice events
};

struct Edit {
  EditId id = 0;
  EditKind kind = EditKind::UpdateMoc;
  EditState state = EditState::Waiting;
  std::string target;  // the MOC's id, or the wishlist item's ("local-N" for an add)
  MocPatch patch;      // UpdateMoc
  // UpdateMoc, DeleteMoc: the version the edit was made on, sent as If-Match.
  std::int64_t base_version = 0;
  // DeleteMoc: the MOC deleted. RestoreMoc: the MOC brought back (as last
  // known, then as the server answered).
  std::optional<Moc> moc;
  // AddWishlistItem: the item as shown (then as created). RemoveWishlistItem:
  // the item removed.
  WishlistItem item;
  std::string label;  // what a toast calls the edit: "Status of \u201cTower\u201d"
  // Sent as Idempotency-Key. The caller sets it once, when the edit is made
  // (core has no randomness); it stays through Retry (submit again), so the
  // server does the edit at most once.
  std::string idempotency_key;

  // Settling: the MOC before and after, as the dashboard sees the change.
  std::optional<Moc> settled_before;
  std::optional<Moc> settled_after;
  UnixMillis confirmed_at = 0;
  std::int64_t seen_seq = 0;  // its entity event, once applied
  UnixMillis seen_at = 0;
  SliceMask refreshed = 0;  // slices whose events came after it: they hold it
};

// Edits made from what a view shows. `moc` is the MOC as confirmed (its
// version is the one edited).
Edit update_moc(const Moc& moc, MocPatch patch, std::string label);
Edit delete_moc(const Moc& moc, std::string label);
Edit restore_moc(const Moc& last_known, std::string label);
Edit add_wishlist_item(std::string name, std::optional<std::string> set_number,
                       std::string created_at);
Edit remove_wishlist_item(const WishlistItem& item);

struct SettleConfig {
  UnixMillis quiet_ms = 1000;     // after its entity event, with nothing newer
  UnixMillis timeout_ms = 10000;  // when its entity event never comes (stream down)
};

class EditQueue {
 public:
  explicit EditQueue(SettleConfig config = {}) : config_(config) {}

  // Queues `edit` (its id and state are set here) and returns its id.
  EditId submit(Edit edit);

  // The edits to send now: for each entity, its oldest when none of its
  // edits is in flight. They are Sent from here on.
  std::vector<Edit> take_ready();

  const Edit* find(EditId id) const;

  // The server accepted the edit. `result`: the MOC it answered with
  // (PATCH, restore), whose version later edits of the same MOC made on the
  // same version now name. `created`: the wishlist item a POST made.
  // `collection` is the confirmed state before the caller merges the result:
  // when it already holds the result (the entity event came first) the edit
  // is done, otherwise it settles.
  void confirm(EditId id, const std::optional<Moc>& result,
               const std::optional<WishlistItem>& created, const Collection& collection,
               UnixMillis now);

  // The server refused the edit or the request failed: it is dropped and
  // returned, for a toast with Retry (submit it again).
  std::optional<Edit> fail(EditId id);

  // 409 CONFLICT: the edit and every later edit of the same MOC are
  // dropped and returned, oldest first.
  std::vector<Edit> conflict(EditId id);

  // The stream's events in order (SyncEngine::take_steps): settle
  // confirmed edits.
  void on_step(const StreamStep& step, UnixMillis now);
  // Drops settled edits whose time is up.
  void tick(UnixMillis now);
  // When tick() next has something to do.
  std::optional<UnixMillis> next_deadline() const;

  bool empty() const { return edits_.empty(); }
  std::size_t size() const { return edits_.size(); }
  const std::vector<Edit>& edits() const { return edits_; }

  // [SECTION] Views: confirmed state with the pending edits on top
  // The MOC as shown; nullopt when it is absent (deleted, or a pending
  // delete hides it).
  std::optional<Moc> project(std::string_view id, const Moc* confirmed) const;
  // True while an edit of `id` is not confirmed yet.
  bool pending(std::string_view id) const;
  // Newest first: confirmed items without those being removed, with those
  // being added on top.
  std::vector<WishlistItem> project_wishlist(const std::vector<WishlistItem>& confirmed) const;
  // The cards: `confirmed` with every edit's change (settling ones too).
  // `now` stands in for the update time the server will stamp.
  DashboardView project_dashboard(const DashboardView& confirmed, const Collection& collection,
                                  UnixMillis now) const;

 private:
  Edit* find_mut(EditId id);
  bool busy(std::string_view target) const;

  SettleConfig config_;
  std::vector<Edit> edits_;  // submission order
  EditId next_id_ = 1;
};

}  // namespace dashboard::core::client
