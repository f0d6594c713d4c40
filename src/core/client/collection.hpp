// collection: the client's copy of the user's MOCs and wishlist, as far as
// it has read them. It is fed by list pages (read at a stream seq), single
// reads and mutation responses (which carry an entity version but no seq)
// and the live stream's entity events (in seq order, from the sync engine),
// and follows the consistency contract's rules per entity: each entry
// remembers the seq its state is as of and its version, and whatever is
// older than what it knows is dropped. So a page read before an event that
// already arrived cannot undo it, an event the page already includes is not
// applied twice, and a late response cannot resurrect a deleted MOC.
//
//   Collection c;
//   for (const Moc& m : page.items) c.merge_read(m, page.version);
//   c.on_event(event);                        // mocUpdated seq 12
//   for (const MocChange& ch : c.take_changes()) list.on_change(ch, ...);
//   if (const Moc* m = c.moc(id)) draw(*m);
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/model.hpp"

namespace dashboard::core::client {

// Where a change came from. A live event or a response to this tab's own
// request moves counts; a read only brings newer news of a MOC already
// listed (a MOC first seen in a read is no change at all).
enum class ChangeSource { Event, Read, Response };

// A MOC whose shown state changed: from `before` (nullopt: unknown or
// absent) to `after` (nullopt: deleted).
struct MocChange {
  std::string id;
  std::optional<Moc> before;
  std::optional<Moc> after;
  std::int64_t seq = 0;  // the event's seq; 0 for a read or a response
  ChangeSource source = ChangeSource::Event;

  bool operator==(const MocChange&) const = default;
};

// Wishlist events held until the list is first read: at most this many.
inline constexpr std::size_t kMaxHeldWishlistEvents = 1024;
// Changes waiting for take_changes(); past this the oldest are dropped and
// overflowed() says so (the caller then reloads what it shows).
inline constexpr std::size_t kMaxQueuedChanges = 4096;

class Collection {
 public:
  // [SECTION] MOCs
  // A live entity event, in stream order. Events of other kinds are ignored.
  void on_event(const DashboardEvent& event);

  // A MOC read at stream seq `read_seq` (a list page's `version`). Ignored
  // when the entry is known as of a later seq or at a newer version.
  // Returns the entry's MOC after the merge, nullptr when it is deleted.
  const Moc* merge_read(const Moc& moc, std::int64_t read_seq);

  // A MOC from a response that carries no seq (GET one, POST, PATCH,
  // restore): taken when its version is newer than the entry's (a deleted
  // entry counts at the version it was deleted at).
  const Moc* merge_response(const Moc& moc);

  // The MOC is gone (DELETE answered 204, GET answered 404).
  void mark_deleted(std::string_view id);

  // The MOC as known, nullptr when unknown or deleted.
  const Moc* moc(std::string_view id) const;
  // True when the MOC is known to be deleted.
  bool is_deleted(std::string_view id) const;
  // The last version known for `id` (also of a deleted one); 0 when unknown.
  std::int64_t version(std::string_view id) const;

  std::vector<MocChange> take_changes();
  // True once changes were dropped since the last take_changes().
  bool overflowed() const { return overflowed_; }

  // [SECTION] Wishlist
  // GET /api/wishlist read at `read_seq`: replaces the list, then replays
  // the events held since with a later seq.
  void on_wishlist(std::vector<WishlistItem> items, std::int64_t read_seq);
  // POST answered 201: the new item, unless an event already removed it.
  void merge_wishlist_item(const WishlistItem& item);
  // DELETE answered 204 (or 404).
  void mark_wishlist_removed(std::string_view id);
  bool wishlist_loaded() const { return wishlist_loaded_; }
  // Newest first.
  const std::vector<WishlistItem>& wishlist() const { return wishlist_; }
  // Bumps whenever the wishlist changes, so views can tell.
  std::uint64_t wishlist_revision() const { return wishlist_revision_; }

  // [SECTION] Stream jumps
  // The stream skipped events (a snapshot was adopted over a gap): what is
  // known stays shown, but no longer counts as current as of any seq, so
  // the next read of each entry wins. The wishlist must be read again.
  void forget_seqs();

  std::size_t size() const { return mocs_.size(); }

 private:
  struct Entry {
    std::optional<Moc> moc;  // nullopt: deleted
    std::int64_t as_of_seq = 0;
    std::int64_t version = 0;
  };

  Entry* find(std::string_view id);
  const Entry* find(std::string_view id) const;
  void record(std::string_view id, const std::optional<Moc>& before, const Entry& entry,
              std::int64_t seq, ChangeSource source);
  const Moc* merge(const Moc& moc, std::int64_t read_seq, ChangeSource source);
  void apply_wishlist_event(const DashboardEvent& event);

  std::map<std::string, Entry, std::less<>> mocs_;
  std::vector<MocChange> changes_;
  bool overflowed_ = false;

  std::vector<WishlistItem> wishlist_;
  bool wishlist_loaded_ = false;
  std::int64_t wishlist_as_of_ = 0;
  std::deque<DashboardEvent> held_wishlist_events_;
  std::set<std::string, std::less<>> removed_wishlist_ids_;
  std::uint64_t wishlist_revision_ = 0;
};

}  // namespace dashboard::core::client
