// Plain structs every decoder fills, shared so all three libraries produce
// exactly the same output and can be compared on equal terms.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace json_choice {

enum class BuildStatus { kAdded, kInProgress, kBuilt };
enum class CoverageStatus { kFullInventory, kPartialOrdered, kNone };

struct Summary {
  std::int64_t total_mocs = 0;
  std::int64_t total_wishlist_items = 0;
  // Indexed by BuildStatus / CoverageStatus: every key is required.
  std::array<std::int64_t, 3> mocs_by_build_status{};
  std::array<std::int64_t, 3> mocs_by_coverage_status{};
};

struct ThemeCount {
  std::string theme;
  std::int64_t moc_count = 0;
  std::int64_t set_count = 0;
};

struct RecentMoc {
  std::string id;
  std::string title;
  std::string theme;
  BuildStatus build_status = BuildStatus::kAdded;
  std::optional<std::string> cover_image_url;  // JSON null -> nullopt
  std::string created_at;
};

struct PartialPartsMoc {
  std::string id;
  std::string title;
  std::string theme;
  BuildStatus build_status = BuildStatus::kAdded;
  double coverage_percentage = 0;
  std::string last_updated_at;
};

struct DashboardView {
  std::int64_t version = 0;
  Summary summary;
  std::vector<ThemeCount> theme_breakdown;
  std::vector<RecentMoc> recent_mocs;
  std::vector<PartialPartsMoc> partial_parts_mocs;
};

// Live envelope "dashboard:summaryUpdated" carrying a fresh Summary.
struct SummaryUpdatedEvent {
  std::string event_id;
  std::string type;
  std::string timestamp;
  std::int64_t seq = 0;
  Summary payload;
};

// A rejected document: `path` like "partialPartsMocs[3].coveragePercentage",
// empty for the document root.
struct DecodeError {
  std::string path;
  std::string message;
  std::string ToString() const { return (path.empty() ? "$" : path) + ": " + message; }
};

// Errors are values: decoders never let an exception escape.
template <class T>
struct Result {
  T value{};
  std::optional<DecodeError> error;
  bool ok() const { return !error.has_value(); }
};

}  // namespace json_choice
