// dashboard_projection: what an edit does to the dashboard's slices,
// worked out on the client the way the server's slices would move, so the
// cards show an optimistic edit at once (the server's slice events then
// confirm or correct it). A MOC goes from `before` to `after` (null: absent).
//
//   project_moc_change(view, &old_moc, &new_moc, format_rfc3339_utc(now));
//   project_wishlist_change(view, +1);
#pragma once

#include <string_view>

#include "core/client/reducers.hpp"
#include "core/model.hpp"

namespace dashboard::core::client {

// Summary counts (total, by build and coverage status), theme rows (a row
// is added for a new theme and dropped when it holds nothing), the Recent
// MOCs entry (updated, removed, or placed by creation date) and the
// Partial Parts row (a partly ordered MOC, at the top as just updated, with
// `now` as its last update; any other leaves the table). Only the slices
// in `slices` are touched.
void project_moc_change(DashboardView& view, const Moc* before, const Moc* after,
                        std::string_view now, SliceMask slices = kAllSlices);

// The wishlist count moves by `delta`.
void project_wishlist_change(DashboardView& view, int delta);

}  // namespace dashboard::core::client
