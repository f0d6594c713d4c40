#include "core/table_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string_view>

#include "core/timestamp.hpp"

namespace dashboard::core {
namespace {

char fold(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive first, then byte order, so "apple" and "Apple" still
// have a fixed order.
int compare_text(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = fold(a[i]);
    const char y = fold(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

template <typename T>
int compare_values(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Keys that are costly to derive (timestamps) are computed once per row,
// not once per comparison.
std::vector<std::int64_t> instants(std::span<const PartialPartsMoc> rows) {
  std::vector<std::int64_t> out;
  out.reserve(rows.size());
  for (const PartialPartsMoc& row : rows) {
    out.push_back(
        parse_rfc3339(row.last_updated_at).value_or(std::numeric_limits<std::int64_t>::min()));
  }
  return out;
}

double coverage_key(double value) {
  return std::isnan(value) ? -1.0 : value;
}

}  // namespace

std::vector<std::size_t> partial_parts_order(std::span<const PartialPartsMoc> rows,
                                             PartialPartsSort sort) {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::int64_t> updated;
  if (sort.column == PartialPartsColumn::LastUpdated) updated = instants(rows);

  const auto key_compare = [&](std::size_t i, std::size_t j) {
    const PartialPartsMoc& a = rows[i];
    const PartialPartsMoc& b = rows[j];
    switch (sort.column) {
      case PartialPartsColumn::Title:
        return compare_text(a.title, b.title);
      case PartialPartsColumn::Theme:
        return compare_text(a.theme, b.theme);
      case PartialPartsColumn::Status:
        return compare_values(static_cast<int>(a.build_status), static_cast<int>(b.build_status));
      case PartialPartsColumn::Coverage:
        return compare_values(coverage_key(a.coverage_percentage),
                              coverage_key(b.coverage_percentage));
      case PartialPartsColumn::LastUpdated:
        return compare_values(updated[i], updated[j]);
    }
    return 0;
  };
  const int sign = sort.direction == SortDirection::Ascending ? 1 : -1;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const int by_key = key_compare(i, j) * sign;
    if (by_key != 0) return by_key < 0;
    return rows[i].id < rows[j].id;
  });
  return order;
}

void sort_partial_parts(std::vector<PartialPartsMoc>& rows, PartialPartsSort sort) {
  const std::vector<std::size_t> order = partial_parts_order(rows, sort);
  std::vector<PartialPartsMoc> sorted;
  sorted.reserve(rows.size());
  for (std::size_t i : order) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
}

std::vector<ThemeStats> ranked_themes(std::span<const ThemeStats> themes) {
  std::vector<ThemeStats> out(themes.begin(), themes.end());
  std::stable_sort(out.begin(), out.end(), [](const ThemeStats& a, const ThemeStats& b) {
    if (a.moc_count != b.moc_count) return a.moc_count > b.moc_count;
    if (a.set_count != b.set_count) return a.set_count > b.set_count;
    return compare_text(a.theme, b.theme) < 0;
  });
  return out;
}

}  // namespace dashboard::core
