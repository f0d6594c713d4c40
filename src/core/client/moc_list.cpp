#include "core/client/moc_list.hpp"

#include <algorithm>
#include <utility>

#include "core/json_codec.hpp"
#include "core/json_fields.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::core::client {

Result<MocPage> decode_moc_page(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  if (!json_text::parse(json, doc, error) || !expect_object(doc, root, error)) return error;
  MocPage page;
  const JsonPath items_path = root.field("items");
  const rapidjson::Value* items = find_member(doc, "items");
  if (items == nullptr) return Error{"items", "is required"};
  if (!expect_array(*items, items_path, error)) return error;
  page.items.resize(items->Size());
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    if (!decode_moc((*items)[i], items_path.at(i), page.items[i], error)) return error;
  }
  const rapidjson::Value* cursor = find_member(doc, "nextCursor");
  if (cursor != nullptr && !cursor->IsNull()) {
    if (!cursor->IsString() || cursor->GetStringLength() == 0) {
      return Error{"nextCursor", "must be a non-empty string or null"};
    }
    page.next_cursor = std::string(cursor->GetString(), cursor->GetStringLength());
  }
  if (!read_count(doc, "total", root, page.total, error) ||
      !read_count(doc, "version", root, page.version, error)) {
    return error;
  }
  return page;
}

std::optional<ListRequest> MocList::take_request(std::size_t want) {
  if (in_flight_ || !error_.empty()) return std::nullopt;
  if (!loaded_once_ || reloading_) {
    in_flight_ = true;
    return ListRequest{++serial_, api_target(query_, "", kFirstPageLimit)};
  }
  if (next_cursor_ && ids_.size() < want) {
    in_flight_ = true;
    return ListRequest{++serial_, api_target(query_, *next_cursor_, kNextPageLimit)};
  }
  return std::nullopt;
}

void MocList::on_page(std::uint64_t serial, const MocPage& page, const Collection& collection) {
  if (serial != serial_ || !in_flight_) return;
  in_flight_ = false;
  error_.clear();
  if (reloading_ || !loaded_once_) {
    ids_.clear();
    members_.clear();
    boundary_.reset();
  }
  reloading_ = false;
  loaded_once_ = true;
  next_cursor_ = page.next_cursor;
  for (const Moc& item : page.items) {
    const Moc* now = collection.moc(item.id);
    if (now == nullptr || !matches(query_, *now) || contains(item.id)) continue;
    insert_sorted(item.id, *now, collection);
  }
  if (!page.items.empty()) boundary_ = page.items.back();
  std::erase_if(counted_, [&page](const Counted& c) { return c.seq <= page.version; });
  std::int64_t later = 0;
  for (const Counted& c : counted_) later += c.delta;
  total_ = std::max<std::int64_t>(0, page.total + later);
  total_as_of_ = page.version;
}

void MocList::on_failed(std::uint64_t serial, std::string error) {
  if (serial != serial_ || !in_flight_) return;
  in_flight_ = false;
  error_ = error.empty() ? "The list could not be loaded" : std::move(error);
}

void MocList::reload() {
  if (loaded_once_) reloading_ = true;
  next_cursor_.reset();
  // An answer on its way was read before the jump: it no longer counts.
  in_flight_ = false;
  ++serial_;
  error_.clear();
}

void MocList::on_change(const MocChange& change, const Collection& collection) {
  const bool counted_before = change.before && matches(query_, *change.before);
  const bool counted_after = change.after && matches(query_, *change.after);
  const bool member = contains(change.id);
  if (change.source == ChangeSource::Read && !member) return;
  remove(change.id);
  // Past the cursor's place it belongs to a page not read yet: that page
  // brings it.
  if (counted_after && within_loaded(*change.after)) {
    insert_sorted(change.id, *change.after, collection);
  }
  if (change.source == ChangeSource::Read) return;
  const int delta = static_cast<int>(counted_after) - static_cast<int>(counted_before);
  if (delta == 0) return;
  if (change.seq > 0) {
    if (counted_.size() >= kMaxCountedChanges) counted_.pop_front();
    counted_.push_back({change.seq, delta});
    if (change.seq <= total_as_of_) return;  // the page the count came from has it
  }
  total_ = std::max<std::int64_t>(0, total_ + delta);
}

bool MocList::within_loaded(const Moc& moc) const {
  if (complete()) return true;
  if (!loaded_once_ || !boundary_) return false;
  return moc.id == boundary_->id || sorts_before(query_.sort, moc, *boundary_);
}

void MocList::insert_sorted(const std::string& id, const Moc& moc, const Collection& collection) {
  const MocSort& sort = query_.sort;
  const auto at =
      std::lower_bound(ids_.begin(), ids_.end(), moc, [&](const std::string& other, const Moc& m) {
        const Moc* x = collection.moc(other);
        return x != nullptr && sorts_before(sort, *x, m);
      });
  ids_.insert(at, id);
  members_.insert(id);
}

void MocList::remove(std::string_view id) {
  const auto member = members_.find(std::string(id));
  if (member == members_.end()) return;
  members_.erase(member);
  ids_.erase(std::find(ids_.begin(), ids_.end(), id));
}

}  // namespace dashboard::core::client
