#include "core/client/edit_queue.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/client/dashboard_projection.hpp"

namespace dashboard::core::client {
namespace {

// The slice a slice event replaces (0 for entity events and errors).
SliceMask slice_of(EventType type) {
  switch (type) {
    case EventType::SummaryUpdated:
      return kSummary;
    case EventType::ThemeBreakdownUpdated:
      return kThemeBreakdown;
    case EventType::RecentMocAdded:
    case EventType::RecentMocsUpdated:
      return kRecentMocs;
    case EventType::PartialPartsUpdated:
      return kPartialParts;
    default:
      return 0;
  }
}

const Moc* event_moc(const DashboardEvent& event) {
  if (const auto* added = std::get_if<MocAdded>(&event.payload)) return &added->moc;
  if (const auto* updated = std::get_if<MocUpdated>(&event.payload)) return &updated->moc;
  return nullptr;
}

// True when `event` is the entity event of the confirmed `edit`.
bool is_own_event(const Edit& edit, const DashboardEvent& event) {
  switch (edit.kind) {
    case EditKind::UpdateMoc:
    case EditKind::RestoreMoc: {
      const Moc* moc = event_moc(event);
      return moc != nullptr && moc->id == edit.target && edit.settled_after &&
             moc->version >= edit.settled_after->version;
    }
    case EditKind::DeleteMoc: {
      const auto* deleted = std::get_if<MocDeleted>(&event.payload);
      return deleted != nullptr && deleted->id == edit.target;
    }
    case EditKind::AddWishlistItem: {
      const auto* added = std::get_if<WishlistItemAdded>(&event.payload);
      return added != nullptr && added->item.id == edit.item.id;
    }
    case EditKind::RemoveWishlistItem: {
      const auto* removed = std::get_if<WishlistItemRemoved>(&event.payload);
      return removed != nullptr && removed->id == edit.target;
    }
  }
  return false;
}

bool in_wishlist(const Collection& collection, std::string_view id) {
  const auto& items = collection.wishlist();
  return std::any_of(items.begin(), items.end(),
                     [id](const WishlistItem& item) { return item.id == id; });
}

}  // namespace

// [SECTION] Making edits

Edit update_moc(const Moc& moc, MocPatch patch, std::string label) {
  Edit e;
  e.kind = EditKind::UpdateMoc;
  e.target = moc.id;
  e.patch = std::move(patch);
  e.base_version = moc.version;
  e.label = std::move(label);
  return e;
}

Edit delete_moc(const Moc& moc, std::string label) {
  Edit e;
  e.kind = EditKind::DeleteMoc;
  e.target = moc.id;
  e.base_version = moc.version;
  e.moc = moc;
  e.label = std::move(label);
  return e;
}

Edit restore_moc(const Moc& last_known, std::string label) {
  Edit e;
  e.kind = EditKind::RestoreMoc;
  e.target = last_known.id;
  e.moc = last_known;
  e.label = std::move(label);
  return e;
}

Edit add_wishlist_item(std::string name, std::optional<std::string> set_number,
                       std::string created_at) {
  Edit e;
  e.kind = EditKind::AddWishlistItem;
  e.item.name = std::move(name);
  e.item.set_number = std::move(set_number);
  e.item.created_at = std::move(created_at);
  e.label = "\xE2\x80\x9C" + e.item.name + "\xE2\x80\x9D";
  return e;
}

Edit remove_wishlist_item(const WishlistItem& item) {
  Edit e;
  e.kind = EditKind::RemoveWishlistItem;
  e.target = item.id;
  e.item = item;
  e.label = "\xE2\x80\x9C" + item.name + "\xE2\x80\x9D";
  return e;
}

// [SECTION] The queue

EditId EditQueue::submit(Edit edit) {
  edit.id = next_id_++;
  edit.state = EditState::Waiting;
  if (edit.kind == EditKind::AddWishlistItem) {
    edit.target = "local-" + std::to_string(edit.id);
    edit.item.id = edit.target;
  }
  const EditId id = edit.id;
  edits_.push_back(std::move(edit));
  return id;
}

Edit* EditQueue::find_mut(EditId id) {
  const auto it =
      std::find_if(edits_.begin(), edits_.end(), [id](const Edit& e) { return e.id == id; });
  return it == edits_.end() ? nullptr : &*it;
}

const Edit* EditQueue::find(EditId id) const {
  const auto it =
      std::find_if(edits_.begin(), edits_.end(), [id](const Edit& e) { return e.id == id; });
  return it == edits_.end() ? nullptr : &*it;
}

bool EditQueue::busy(std::string_view target) const {
  return std::any_of(edits_.begin(), edits_.end(), [target](const Edit& e) {
    return e.target == target && e.state == EditState::Sent;
  });
}

std::vector<Edit> EditQueue::take_ready() {
  std::vector<Edit> ready;
  std::set<std::string, std::less<>> seen;
  for (Edit& e : edits_) {
    if (e.state == EditState::Settling) continue;
    const bool first_of_target = seen.insert(e.target).second;
    if (e.state != EditState::Waiting || !first_of_target || busy(e.target)) continue;
    e.state = EditState::Sent;
    ready.push_back(e);
  }
  return ready;
}

void EditQueue::confirm(EditId id, const std::optional<Moc>& result,
                        const std::optional<WishlistItem>& created, const Collection& collection,
                        UnixMillis now) {
  Edit* e = find_mut(id);
  if (e == nullptr || e->state != EditState::Sent) return;
  const Moc* confirmed = collection.moc(e->target);
  bool already = false;
  switch (e->kind) {
    case EditKind::UpdateMoc: {
      if (confirmed != nullptr) e->settled_before = *confirmed;
      if (result) {
        e->settled_after = *result;
      } else if (confirmed != nullptr) {
        e->settled_after = *confirmed;
        apply_patch(*e->settled_after, e->patch);
      }
      already = result && confirmed != nullptr && collection.version(e->target) >= result->version;
      // Later edits made on the same version now start from the result.
      for (Edit& later : edits_) {
        if (later.id > e->id && later.target == e->target && result &&
            later.kind == EditKind::UpdateMoc && later.base_version == e->base_version) {
          later.base_version = result->version;
        }
        if (later.id > e->id && later.target == e->target && result &&
            later.kind == EditKind::DeleteMoc && later.base_version == e->base_version) {
          later.base_version = result->version;
        }
      }
      break;
    }
    case EditKind::DeleteMoc:
      e->settled_before = confirmed != nullptr ? std::optional<Moc>(*confirmed) : e->moc;
      already = collection.is_deleted(e->target);
      break;
    case EditKind::RestoreMoc:
      e->settled_after = result ? result : e->moc;
      if (result) e->moc = result;
      already = result && confirmed != nullptr && collection.version(e->target) >= result->version;
      break;
    case EditKind::AddWishlistItem:
      if (created) {
        e->item = *created;
        e->target = created->id;
      }
      already = created && in_wishlist(collection, created->id);
      break;
    case EditKind::RemoveWishlistItem:
      already = collection.wishlist_loaded() && !in_wishlist(collection, e->target);
      break;
  }
  if (already) {
    std::erase_if(edits_, [id](const Edit& x) { return x.id == id; });
    return;
  }
  e->state = EditState::Settling;
  e->confirmed_at = now;
}

std::optional<Edit> EditQueue::fail(EditId id) {
  const auto it =
      std::find_if(edits_.begin(), edits_.end(), [id](const Edit& e) { return e.id == id; });
  if (it == edits_.end()) return std::nullopt;
  Edit failed = std::move(*it);
  edits_.erase(it);
  return failed;
}

std::vector<Edit> EditQueue::conflict(EditId id) {
  const Edit* e = find(id);
  if (e == nullptr) return {};
  const std::string target = e->target;
  std::vector<Edit> dropped;
  std::erase_if(edits_, [&](Edit& x) {
    if (x.id < id || x.target != target || x.state == EditState::Settling) return false;
    dropped.push_back(std::move(x));
    return true;
  });
  return dropped;
}

void EditQueue::on_step(const StreamStep& step, UnixMillis now) {
  const bool entity = step.entity.has_value();
  const SliceMask slice = slice_of(step.type);
  std::erase_if(edits_, [&](Edit& e) {
    if (e.state != EditState::Settling) return false;
    if (e.seen_seq == 0) {
      if (entity && is_own_event(e, *step.entity)) {
        e.seen_seq = step.seq;
        e.seen_at = now;
      }
      return false;
    }
    if (step.seq <= e.seen_seq) return false;
    if (entity) return true;  // a later commit: every slice event of this one is in
    e.refreshed |= slice;
    return false;
  });
}

void EditQueue::tick(UnixMillis now) {
  std::erase_if(edits_, [&](const Edit& e) {
    if (e.state != EditState::Settling) return false;
    if (e.seen_seq > 0) return now - e.seen_at >= config_.quiet_ms;
    return now - e.confirmed_at >= config_.timeout_ms;
  });
}

std::optional<UnixMillis> EditQueue::next_deadline() const {
  std::optional<UnixMillis> next;
  for (const Edit& e : edits_) {
    if (e.state != EditState::Settling) continue;
    const UnixMillis at =
        e.seen_seq > 0 ? e.seen_at + config_.quiet_ms : e.confirmed_at + config_.timeout_ms;
    if (!next || at < *next) next = at;
  }
  return next;
}

// [SECTION] Views

std::optional<Moc> EditQueue::project(std::string_view id, const Moc* confirmed) const {
  std::optional<Moc> shown;
  if (confirmed != nullptr) shown = *confirmed;
  for (const Edit& e : edits_) {
    if (e.target != id || e.state == EditState::Settling) continue;
    switch (e.kind) {
      case EditKind::UpdateMoc:
        if (shown) apply_patch(*shown, e.patch);
        break;
      case EditKind::DeleteMoc:
        shown.reset();
        break;
      case EditKind::RestoreMoc:
        if (!shown) shown = e.moc;
        break;
      case EditKind::AddWishlistItem:
      case EditKind::RemoveWishlistItem:
        break;
    }
  }
  return shown;
}

bool EditQueue::pending(std::string_view id) const {
  return std::any_of(edits_.begin(), edits_.end(), [id](const Edit& e) {
    return e.target == id && e.state != EditState::Settling;
  });
}

std::vector<WishlistItem> EditQueue::project_wishlist(
    const std::vector<WishlistItem>& confirmed) const {
  std::vector<WishlistItem> shown;
  for (auto it = edits_.rbegin(); it != edits_.rend(); ++it) {
    if (it->kind == EditKind::AddWishlistItem && it->state != EditState::Settling) {
      shown.push_back(it->item);
    }
  }
  for (const WishlistItem& item : confirmed) {
    const bool removing = std::any_of(edits_.begin(), edits_.end(), [&item](const Edit& e) {
      return e.kind == EditKind::RemoveWishlistItem && e.target == item.id &&
             e.state != EditState::Settling;
    });
    if (!removing) shown.push_back(item);
  }
  return shown;
}

DashboardView EditQueue::project_dashboard(const DashboardView& confirmed,
                                           const Collection& collection, UnixMillis now) const {
  DashboardView view = confirmed;
  if (edits_.empty()) return view;
  const std::string stamp = format_rfc3339_utc(now);
  // Each MOC's state as the dashboard's slices hold it, moved on edit by edit.
  std::map<std::string, std::optional<Moc>, std::less<>> running;
  const auto state_of = [&](const Edit& edit) -> std::optional<Moc>& {
    auto it = running.find(edit.target);
    if (it != running.end()) return it->second;
    std::optional<Moc> start;
    // A settling edit is already in the collection: the slices still hold
    // the MOC as it was before it.
    if (edit.state == EditState::Settling) {
      start = edit.settled_before;
    } else if (const Moc* m = collection.moc(edit.target)) {
      start = *m;
    }
    return running.emplace(edit.target, std::move(start)).first->second;
  };
  for (const Edit& e : edits_) {
    const SliceMask slices =
        e.state == EditState::Settling ? kAllSlices & ~e.refreshed : kAllSlices;
    switch (e.kind) {
      case EditKind::UpdateMoc:
      case EditKind::DeleteMoc:
      case EditKind::RestoreMoc: {
        std::optional<Moc>& state = state_of(e);
        std::optional<Moc> after;
        if (e.kind == EditKind::UpdateMoc) {
          if (e.state == EditState::Settling) {
            after = e.settled_after;
          } else if (state) {
            after = state;
            apply_patch(*after, e.patch);
          }
        } else if (e.kind == EditKind::RestoreMoc) {
          after = e.state == EditState::Settling ? e.settled_after : e.moc;
        }
        project_moc_change(view, state ? &*state : nullptr, after ? &*after : nullptr, stamp,
                           slices);
        state = std::move(after);
        break;
      }
      case EditKind::AddWishlistItem:
      case EditKind::RemoveWishlistItem:
        if ((slices & kSummary) != 0) {
          project_wishlist_change(view, e.kind == EditKind::AddWishlistItem ? +1 : -1);
        }
        break;
    }
  }
  return view;
}

}  // namespace dashboard::core::client
