#include "core/client/collection.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/timestamp.hpp"

namespace dashboard::core::client {
namespace {

// A read or response at `version` replaces what an entry holds when it is
// at least as new; over a deletion only a newer version (a restore) counts.
bool newer_than(std::int64_t version, bool entry_present, std::int64_t entry_version) {
  return entry_present ? version >= entry_version : version > entry_version;
}

UnixMillis instant(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  return t ? *t : 0;
}

// Newest first: where `item` goes in `list`.
std::vector<WishlistItem>::iterator wishlist_slot(std::vector<WishlistItem>& list,
                                                  const WishlistItem& item) {
  const UnixMillis at = instant(item.created_at);
  return std::find_if(list.begin(), list.end(),
                      [at](const WishlistItem& other) { return instant(other.created_at) < at; });
}

}  // namespace

// [SECTION] MOCs

Collection::Entry* Collection::find(std::string_view id) {
  const auto it = mocs_.find(id);
  return it == mocs_.end() ? nullptr : &it->second;
}

const Collection::Entry* Collection::find(std::string_view id) const {
  const auto it = mocs_.find(id);
  return it == mocs_.end() ? nullptr : &it->second;
}

void Collection::record(std::string_view id, const std::optional<Moc>& before, const Entry& entry,
                        std::int64_t seq, ChangeSource source) {
  if (before == entry.moc) return;
  // Loading a list brings thousands of MOCs no view had: no change to anyone.
  if (source == ChangeSource::Read && !before) return;
  if (changes_.size() >= kMaxQueuedChanges) {
    changes_.erase(changes_.begin());
    overflowed_ = true;
  }
  changes_.push_back({std::string(id), before, entry.moc, seq, source});
}

void Collection::on_event(const DashboardEvent& event) {
  std::visit(
      [&](const auto& payload) {
        using T = std::decay_t<decltype(payload)>;
        if constexpr (std::is_same_v<T, MocAdded> || std::is_same_v<T, MocUpdated>) {
          Entry& entry = mocs_[payload.moc.id];
          if (event.seq <= entry.as_of_seq) return;
          entry.as_of_seq = event.seq;
          if (!newer_than(payload.moc.version, entry.moc.has_value(), entry.version)) return;
          std::optional<Moc> before = std::exchange(entry.moc, payload.moc);
          entry.version = payload.moc.version;
          record(payload.moc.id, before, entry, event.seq, ChangeSource::Event);
        } else if constexpr (std::is_same_v<T, MocDeleted>) {
          Entry& entry = mocs_[payload.id];
          if (event.seq <= entry.as_of_seq) return;
          entry.as_of_seq = event.seq;
          std::optional<Moc> before = std::exchange(entry.moc, std::nullopt);
          record(payload.id, before, entry, event.seq, ChangeSource::Event);
        } else if constexpr (std::is_same_v<T, WishlistItemAdded> ||
                             std::is_same_v<T, WishlistItemRemoved>) {
          apply_wishlist_event(event);
        }
      },
      event.payload);
}

const Moc* Collection::merge_read(const Moc& moc, std::int64_t read_seq) {
  return merge(moc, read_seq, ChangeSource::Read);
}

const Moc* Collection::merge(const Moc& moc, std::int64_t read_seq, ChangeSource source) {
  Entry& entry = mocs_[moc.id];
  if (read_seq > 0 && read_seq <= entry.as_of_seq) return entry.moc ? &*entry.moc : nullptr;
  if (!newer_than(moc.version, entry.moc.has_value(), entry.version)) {
    return entry.moc ? &*entry.moc : nullptr;
  }
  entry.as_of_seq = std::max(entry.as_of_seq, read_seq);
  std::optional<Moc> before = std::exchange(entry.moc, moc);
  entry.version = moc.version;
  record(moc.id, before, entry, 0, source);
  return &*entry.moc;
}

const Moc* Collection::merge_response(const Moc& moc) {
  return merge(moc, 0, ChangeSource::Response);
}

void Collection::mark_deleted(std::string_view id) {
  Entry* entry = find(id);
  if (entry == nullptr) entry = &mocs_[std::string(id)];
  std::optional<Moc> before = std::exchange(entry->moc, std::nullopt);
  record(id, before, *entry, 0, ChangeSource::Response);
}

const Moc* Collection::moc(std::string_view id) const {
  const Entry* entry = find(id);
  return entry != nullptr && entry->moc ? &*entry->moc : nullptr;
}

bool Collection::is_deleted(std::string_view id) const {
  const Entry* entry = find(id);
  return entry != nullptr && !entry->moc;
}

std::int64_t Collection::version(std::string_view id) const {
  const Entry* entry = find(id);
  return entry == nullptr ? 0 : entry->version;
}

std::vector<MocChange> Collection::take_changes() {
  overflowed_ = false;
  return std::exchange(changes_, {});
}

// [SECTION] Wishlist

void Collection::on_wishlist(std::vector<WishlistItem> items, std::int64_t read_seq) {
  std::erase_if(items, [this](const WishlistItem& item) {
    return removed_wishlist_ids_.count(item.id) != 0;
  });
  wishlist_ = std::move(items);
  wishlist_loaded_ = true;
  wishlist_as_of_ = read_seq;
  ++wishlist_revision_;
  std::deque<DashboardEvent> held = std::exchange(held_wishlist_events_, {});
  for (const DashboardEvent& event : held) apply_wishlist_event(event);
}

void Collection::apply_wishlist_event(const DashboardEvent& event) {
  if (!wishlist_loaded_) {
    if (held_wishlist_events_.size() >= kMaxHeldWishlistEvents) held_wishlist_events_.pop_front();
    held_wishlist_events_.push_back(event);
    return;
  }
  if (event.seq <= wishlist_as_of_) return;
  wishlist_as_of_ = event.seq;
  if (const auto* added = std::get_if<WishlistItemAdded>(&event.payload)) {
    merge_wishlist_item(added->item);
  } else if (const auto* removed = std::get_if<WishlistItemRemoved>(&event.payload)) {
    mark_wishlist_removed(removed->id);
  }
}

void Collection::merge_wishlist_item(const WishlistItem& item) {
  if (removed_wishlist_ids_.count(item.id) != 0) return;
  const auto same = std::find_if(wishlist_.begin(), wishlist_.end(),
                                 [&item](const WishlistItem& w) { return w.id == item.id; });
  if (same != wishlist_.end()) {
    if (*same == item) return;
    wishlist_.erase(same);
  }
  wishlist_.insert(wishlist_slot(wishlist_, item), item);
  ++wishlist_revision_;
}

void Collection::mark_wishlist_removed(std::string_view id) {
  removed_wishlist_ids_.emplace(id);
  if (std::erase_if(wishlist_, [id](const WishlistItem& w) { return w.id == id; }) > 0) {
    ++wishlist_revision_;
  }
}

// [SECTION] Stream jumps

void Collection::forget_seqs() {
  for (auto& [id, entry] : mocs_) entry.as_of_seq = 0;
  wishlist_as_of_ = 0;
}

}  // namespace dashboard::core::client
