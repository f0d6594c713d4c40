// reducers: how one live event changes the client's copy of the dashboard,
// and how the client reads a page of missed events (GET /api/events).
//
// The server derives its events from the same slices (store/outbox.cpp), so
// applying every event after a snapshot's version, in seq order, yields the
// snapshot the server would serve at the last seq. The returned SliceMask
// says which cards actually changed, so only those flash.
//
//   DashboardView view = *decode_dashboard_view(snapshot_body);
//   SliceMask changed = apply_event(view, *decode_event(frame_argument));
//   if (changed & kRecentMocs) flash_recent_mocs_card();
//
//   Result<EventsPage> page = decode_events_page(body);  // {"events":[...],"lastSeq":9}
//   if (!page) log(page.error().to_string());            // "events[2].seq: ..."
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

// One bit per dashboard slice (card) an event can change.
enum Slice : unsigned {
  kSummary = 1,
  kThemeBreakdown = 2,
  kRecentMocs = 4,
  kPartialParts = 8,
};
using SliceMask = unsigned;

// Every slice: what a first snapshot into an empty view may change.
inline constexpr SliceMask kAllSlices = kSummary | kThemeBreakdown | kRecentMocs | kPartialParts;

// Applies `event` to `view` and returns the slices whose value changed (an
// equal replacement sets no bit). SummaryUpdated, PartialPartsUpdated and
// ThemeBreakdownUpdated replace their slice; RecentMocAdded prepends, first
// removing an entry with the same id, and keeps kRecentMocLimit entries;
// RecentMocsUpdated replaces the list (trimmed to the limit). Sets
// view.version to event.seq when that is newer. Error events are toasts,
// not state: they change nothing, not even the version, and return 0.
SliceMask apply_event(DashboardView& view, const DashboardEvent& event);
// The same, moving the payload into the view instead of copying it.
SliceMask apply_event(DashboardView& view, DashboardEvent&& event);

// The slices in which `before` and `after` differ (the version is ignored).
SliceMask diff_slices(const DashboardView& before, const DashboardView& after);

// The body of GET /api/events?since=S&limit=N.
struct EventsPage {
  std::vector<DashboardEvent> events;  // oldest first, all with seq > S
  std::int64_t last_seq = 0;           // the user's newest seq when the server read the page

  bool operator==(const EventsPage&) const = default;
};

// Decodes {"events":[<envelope>...],"lastSeq":N}. Each envelope is judged
// like decode_event; errors name the path ("events[2].seq: must be an
// integer >= 0", "lastSeq: is required"). Parsing is depth-bounded, since
// the body comes from the network.
Result<EventsPage> decode_events_page(std::string_view json);

}  // namespace dashboard::core::client
