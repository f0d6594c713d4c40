// model: the dashboard's data as the server computes it and the client
// shows it. Field names follow the wire (camelCase JSON) in snake_case.
// Decoding and encoding live in json_codec.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dashboard::core {

enum class BuildStatus { Added, InProgress, Built };
enum class PartsCoverageStatus { FullInventory, PartialOrdered, None };

inline constexpr std::array<BuildStatus, 3> kBuildStatuses{
    BuildStatus::Added, BuildStatus::InProgress, BuildStatus::Built};
inline constexpr std::array<PartsCoverageStatus, 3> kCoverageStatuses{
    PartsCoverageStatus::FullInventory, PartsCoverageStatus::PartialOrdered,
    PartsCoverageStatus::None};

// Wire names: "ADDED", "IN_PROGRESS", "BUILT"; "FULL_INVENTORY",
// "PARTIAL_ORDERED", "NONE".
std::string_view to_string(BuildStatus status);
std::string_view to_string(PartsCoverageStatus status);
std::optional<BuildStatus> build_status_from(std::string_view wire);
std::optional<PartsCoverageStatus> coverage_status_from(std::string_view wire);

struct DashboardSummary {
  std::int64_t total_mocs = 0;
  std::int64_t total_wishlist_items = 0;
  std::array<std::int64_t, 3> mocs_by_build_status{};     // indexed by BuildStatus
  std::array<std::int64_t, 3> mocs_by_coverage_status{};  // indexed by PartsCoverageStatus

  bool operator==(const DashboardSummary&) const = default;
};

struct ThemeStats {
  std::string theme;
  std::int64_t moc_count = 0;
  std::int64_t set_count = 0;

  bool operator==(const ThemeStats&) const = default;
};

struct RecentMoc {
  std::string id;
  std::string title;
  std::string theme;
  BuildStatus build_status = BuildStatus::Added;
  std::optional<std::string> cover_image_url;
  std::string created_at;  // RFC 3339 UTC

  bool operator==(const RecentMoc&) const = default;
};

struct PartialPartsMoc {
  std::string id;
  std::string title;
  std::string theme;
  BuildStatus build_status = BuildStatus::Added;
  double coverage_percentage = 0;  // 0..100
  std::string last_updated_at;     // RFC 3339 UTC

  bool operator==(const PartialPartsMoc&) const = default;
};

// One MOC, whole: what the collection pages list, show and edit. `version`
// counts its changes (1 when created); an edit names the version it started
// from and the server refuses a stale one (409) instead of overwriting.
struct Moc {
  std::string id;
  std::string title;
  std::string theme;
  BuildStatus build_status = BuildStatus::Added;
  PartsCoverageStatus parts_coverage_status = PartsCoverageStatus::None;
  double coverage_percentage = 0;  // 0..100
  std::optional<std::string> cover_image_url;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;  // RFC 3339 UTC
  std::int64_t version = 1;
  // Its place within its build-status column on the board (board_rank.hpp).
  std::string board_rank;

  bool operator==(const Moc&) const = default;
};

// One wishlist entry: a set (or parts) the collector wants.
struct WishlistItem {
  std::string id;
  std::string name;
  std::optional<std::string> set_number;
  std::string created_at;  // RFC 3339 UTC

  bool operator==(const WishlistItem&) const = default;
};

// The snapshot: everything the dashboard shows, as of `version` (the last
// event seq it includes).
struct DashboardView {
  std::int64_t version = 0;
  DashboardSummary summary;
  std::vector<ThemeStats> theme_breakdown;
  std::vector<RecentMoc> recent_mocs;
  std::vector<PartialPartsMoc> partial_parts_mocs;

  bool operator==(const DashboardView&) const = default;
};

// How many recent MOCs the snapshot and the client keep.
inline constexpr std::size_t kRecentMocLimit = 10;

}  // namespace dashboard::core
