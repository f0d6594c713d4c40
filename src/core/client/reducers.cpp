// [SECTION] Reducers: one event into the view
// [SECTION] Events page: GET /api/events
#include "core/client/reducers.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "core/json_codec.hpp"
#include "core/json_fields.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::core::client {
namespace {

// [SECTION] Reducers

// `value` is copied or, when the caller gives it up, moved into `slot`.
template <typename T, typename V>
SliceMask replace(T& slot, V&& value, Slice slice) {
  if (slot == value) return 0;
  slot = std::forward<V>(value);
  return slice;
}

// In place: the list is the view's own, so only the entry that leaves it is
// destroyed and the others move down; nothing is copied but `moc`.
template <typename Moc>
SliceMask prepend_recent(std::vector<RecentMoc>& list, Moc&& moc) {
  const auto same_id = [&moc](const RecentMoc& m) { return m.id == moc.id; };
  // Already at the front, once, within the limit: prepending changes nothing.
  if (!list.empty() && list.front() == moc && list.size() <= kRecentMocLimit &&
      std::none_of(list.begin() + 1, list.end(), same_id)) {
    return 0;
  }
  std::erase_if(list, same_id);
  if (list.size() >= kRecentMocLimit) list.resize(kRecentMocLimit - 1);
  list.insert(list.begin(), std::forward<Moc>(moc));
  return kRecentMocs;
}

SliceMask replace_recent(std::vector<RecentMoc>& list, const std::vector<RecentMoc>& value) {
  std::vector<RecentMoc> next(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                 value.size(), kRecentMocLimit)));
  return replace(list, std::move(next), kRecentMocs);
}

// `payload` is an EventPayload, const (copied into the view) or an rvalue
// (moved into it).
template <typename Payload>
SliceMask reduce(DashboardView& view, Payload&& payload) {
  return std::visit(
      [&view](auto&& value) -> SliceMask {
        using T = std::decay_t<decltype(value)>;
        using V = decltype(value);
        if constexpr (std::is_same_v<T, DashboardSummary>) {
          return replace(view.summary, std::forward<V>(value), kSummary);
        } else if constexpr (std::is_same_v<T, RecentMoc>) {
          return prepend_recent(view.recent_mocs, std::forward<V>(value));
        } else if constexpr (std::is_same_v<T, std::vector<RecentMoc>>) {
          return replace_recent(view.recent_mocs, value);
        } else if constexpr (std::is_same_v<T, std::vector<PartialPartsMoc>>) {
          return replace(view.partial_parts_mocs, std::forward<V>(value), kPartialParts);
        } else if constexpr (std::is_same_v<T, std::vector<ThemeStats>>) {
          return replace(view.theme_breakdown, std::forward<V>(value), kThemeBreakdown);
        } else {
          // Errors are toasts; entity events feed the collection pages, and
          // the slice events of the same commit carry what they did to the
          // dashboard.
          return 0;
        }
      },
      std::forward<Payload>(payload));
}

// apply_event for a const or an rvalue DashboardEvent.
template <typename Event>
SliceMask apply(DashboardView& view, Event&& event) {
  if (event.type() == EventType::Error) return 0;
  const std::int64_t seq = event.seq;
  const SliceMask changed = reduce(view, std::forward<Event>(event).payload);
  if (seq > view.version) view.version = seq;
  return changed;
}

// [SECTION] Events page

// `events[2]` in front of decode_event's own path ("seq", "payload.id", "").
Error under(const JsonPath& item, const Error& inner) {
  const std::string prefix = item.str();
  return Error{inner.path.empty() ? prefix : prefix + "." + inner.path, inner.message};
}

}  // namespace

SliceMask apply_event(DashboardView& view, const DashboardEvent& event) {
  return apply(view, event);
}

SliceMask apply_event(DashboardView& view, DashboardEvent&& event) {
  return apply(view, std::move(event));
}

SliceMask diff_slices(const DashboardView& before, const DashboardView& after) {
  SliceMask changed = 0;
  if (before.summary != after.summary) changed |= kSummary;
  if (before.theme_breakdown != after.theme_breakdown) changed |= kThemeBreakdown;
  if (before.recent_mocs != after.recent_mocs) changed |= kRecentMocs;
  if (before.partial_parts_mocs != after.partial_parts_mocs) changed |= kPartialParts;
  return changed;
}

Result<EventsPage> decode_events_page(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  if (!json_text::parse(json, doc, error) || !expect_object(doc, root, error)) return error;

  const JsonPath events_path = root.field("events");
  const rapidjson::Value* events = find_member(doc, "events");
  if (events == nullptr) return Error{events_path.str(), "is required"};
  if (!expect_array(*events, events_path, error)) return error;

  EventsPage page;
  page.events.reserve(events->Size());
  for (rapidjson::SizeType i = 0; i < events->Size(); ++i) {
    Result<DashboardEvent> event = decode_event((*events)[i]);
    if (!event) return under(events_path.at(i), event.error());
    page.events.push_back(std::move(event).value());
  }
  if (!read_count(doc, "lastSeq", root, page.last_seq, error)) return error;
  return page;
}

}  // namespace dashboard::core::client
