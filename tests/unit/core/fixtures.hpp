// Fixture data for codec tests: a complete, valid view and event.
#pragma once

#include "core/event.hpp"
#include "core/model.hpp"

namespace dashboard::core::testing {

inline DashboardView sample_view() {
  DashboardView v;
  v.version = 42;
  v.summary = {.total_mocs = 3,
               .total_wishlist_items = 7,
               .mocs_by_build_status = {1, 1, 1},
               .mocs_by_coverage_status = {1, 2, 0}};
  v.theme_breakdown = {{"Space", 2, 5}, {"Castle", 1, 0}};
  v.recent_mocs = {
      {"moc-3", "Galaxy Explorer", "Space", BuildStatus::Built, "https://img.example/g.png",
       "2026-11-20T14:03:11Z"},
      {"moc-2", "Tower \"Keep\" \xC3\xA9", "Castle", BuildStatus::InProgress, std::nullopt,
       "2026-11-19T08:00:00.123Z"},
  };
  v.partial_parts_mocs = {
      {"moc-2", "Tower", "Castle", BuildStatus::InProgress, 72.5, "2026-11-19T08:00:00.123Z"},
      {"moc-1", "Rover", "Space", BuildStatus::Added, 0, "2026-11-01T00:00:00+02:00"},
  };
  return v;
}

inline Moc sample_moc() {
  return Moc{.id = "moc-9",
             .title = "Caf\xC3\xA9 \"Corner\" \xE5\x9F\x8E",
             .theme = "City",
             .build_status = BuildStatus::InProgress,
             .parts_coverage_status = PartsCoverageStatus::PartialOrdered,
             .coverage_percentage = 37.5,
             .cover_image_url = "/covers/city.png",
             .created_at = "2026-11-20T14:03:11Z",
             .updated_at = "2026-11-21T09:30:00.250Z",
             .version = 4,
             .board_rank = "2026-11-20T14:03:11Z"};
}

inline WishlistItem sample_wishlist_item() {
  return WishlistItem{"wish-1", "10497 Galaxy Explorer", "10497-1", "2026-11-02T10:00:00Z"};
}

inline DashboardEvent sample_event(EventPayload payload) {
  return DashboardEvent{"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69", "2026-11-23T10:00:00Z", 43,
                        std::move(payload)};
}

}  // namespace dashboard::core::testing
