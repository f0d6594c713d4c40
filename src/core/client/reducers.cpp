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

template <typename T>
SliceMask replace(T& slot, const T& value, Slice slice) {
  if (slot == value) return 0;
  slot = value;
  return slice;
}

void trim(std::vector<RecentMoc>& list) {
  if (list.size() > kRecentMocLimit) list.resize(kRecentMocLimit);
}

SliceMask prepend_recent(std::vector<RecentMoc>& list, const RecentMoc& moc) {
  std::vector<RecentMoc> next;
  next.reserve(list.size() + 1);
  next.push_back(moc);
  std::copy_if(list.begin(), list.end(), std::back_inserter(next),
               [&](const RecentMoc& m) { return m.id != moc.id; });
  trim(next);
  return replace(list, next, kRecentMocs);
}

SliceMask replace_recent(std::vector<RecentMoc>& list, const std::vector<RecentMoc>& value) {
  std::vector<RecentMoc> next(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                 value.size(), kRecentMocLimit)));
  return replace(list, next, kRecentMocs);
}

SliceMask reduce(DashboardView& view, const EventPayload& payload) {
  return std::visit(
      [&view](const auto& value) -> SliceMask {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, DashboardSummary>) {
          return replace(view.summary, value, kSummary);
        } else if constexpr (std::is_same_v<T, RecentMoc>) {
          return prepend_recent(view.recent_mocs, value);
        } else if constexpr (std::is_same_v<T, std::vector<RecentMoc>>) {
          return replace_recent(view.recent_mocs, value);
        } else if constexpr (std::is_same_v<T, std::vector<PartialPartsMoc>>) {
          return replace(view.partial_parts_mocs, value, kPartialParts);
        } else if constexpr (std::is_same_v<T, std::vector<ThemeStats>>) {
          return replace(view.theme_breakdown, value, kThemeBreakdown);
        } else {
          static_assert(std::is_same_v<T, ErrorPayload>);
          return 0;
        }
      },
      payload);
}

// [SECTION] Events page

// `events[2]` in front of decode_event's own path ("seq", "payload.id", "").
Error under(const JsonPath& item, const Error& inner) {
  const std::string prefix = item.str();
  return Error{inner.path.empty() ? prefix : prefix + "." + inner.path, inner.message};
}

}  // namespace

SliceMask apply_event(DashboardView& view, const DashboardEvent& event) {
  if (event.type() == EventType::Error) return 0;
  const SliceMask changed = reduce(view, event.payload);
  if (event.seq > view.version) view.version = event.seq;
  return changed;
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
