// table_sort: the orders the dashboard lists its rows in. The Partial Parts
// table sorts by any column, either way; the Theme Breakdown ranks themes.
// Sorts are stable and break ties by id, so a row never jumps between two
// equal neighbours when the data refreshes.
//
//   std::vector<std::size_t> order = partial_parts_order(
//       view.partial_parts_mocs, {PartialPartsColumn::Coverage, SortDirection::Ascending});
//   // view.partial_parts_mocs[order[0]] has the lowest coverage.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/model.hpp"

namespace dashboard::core {

enum class PartialPartsColumn { Title, Theme, Status, Coverage, LastUpdated };
enum class SortDirection { Ascending, Descending };

struct PartialPartsSort {
  PartialPartsColumn column = PartialPartsColumn::LastUpdated;
  SortDirection direction = SortDirection::Descending;

  bool operator==(const PartialPartsSort&) const = default;
};

// Indices into `rows` in display order. The sort key is compared in
// `sort.direction`; equal keys fall back to id, ascending, then to the input
// order. Text compares case-insensitively (ASCII), status in workflow order
// (Added, In progress, Built), last updated as an instant (timestamps that
// do not parse count as oldest), coverage numerically (NaN lowest).
std::vector<std::size_t> partial_parts_order(std::span<const PartialPartsMoc> rows,
                                             PartialPartsSort sort);

// Sorts `rows` in place by partial_parts_order.
void sort_partial_parts(std::vector<PartialPartsMoc>& rows, PartialPartsSort sort);

// Themes for the breakdown chart: most MOCs first, then most sets, then by
// name (case-insensitive), so the order is total and stable.
std::vector<ThemeStats> ranked_themes(std::span<const ThemeStats> themes);

}  // namespace dashboard::core
