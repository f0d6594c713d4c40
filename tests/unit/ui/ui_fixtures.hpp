// Fixture models for UI tests.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/timestamp.hpp"

namespace dashboard::ui::testing {

// "Now" for every fixture: relative dates are measured from here.
inline core::UnixMillis fixture_now() {
  return core::parse_rfc3339("2026-03-12T10:00:00Z").value();
}

inline std::vector<core::RecentMoc> recent_mocs(int count) {
  static const char* kDates[] = {"2026-03-12T09:55:00Z", "2026-03-12T07:00:00Z",
                                 "2026-03-11T09:00:00Z", "2026-03-08T12:00:00Z",
                                 "2026-02-01T08:30:00Z"};
  std::vector<core::RecentMoc> out;
  for (int i = 0; i < count; ++i) {
    out.push_back({"moc-" + std::to_string(i), "Recent build " + std::to_string(i),
                   i % 2 ? "Castle" : "Space",
                   core::kBuildStatuses[static_cast<std::size_t>(i % 3)], std::nullopt,
                   kDates[i % 5]});
  }
  return out;
}

inline std::vector<core::PartialPartsMoc> partial_parts(int count) {
  static const char* kThemes[] = {"Space", "Castle", "Technic", "City"};
  std::vector<core::PartialPartsMoc> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    char id[16];
    char date[32];
    std::snprintf(id, sizeof id, "p%05d", i);
    // Spread over a year so last-updated order differs from id order.
    std::snprintf(date, sizeof date, "2025-%02d-%02dT%02d:00:00Z", 1 + (i * 7) % 12,
                  1 + (i * 13) % 28, (i * 5) % 24);
    out.push_back({id, "Partial " + std::to_string((i * 7919) % 100000), kThemes[i % 4],
                   core::kBuildStatuses[static_cast<std::size_t>(i % 3)],
                   static_cast<double>((i * 37) % 1000) / 10, date});
  }
  return out;
}

inline core::DashboardView sample_dashboard() {
  core::DashboardView v;
  v.version = 7;
  v.summary = {.total_mocs = 1234,
               .total_wishlist_items = 56,
               .mocs_by_build_status = {1000, 200, 34},
               .mocs_by_coverage_status = {600, 534, 100}};
  v.theme_breakdown = {{"Castle", 3, 12}, {"Space", 9, 2}, {"City", 3, 40}, {"Technic", 0, 1}};
  v.recent_mocs = recent_mocs(3);
  v.partial_parts_mocs = partial_parts(5);
  return v;
}

}  // namespace dashboard::ui::testing
