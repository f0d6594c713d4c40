#include "core/model.hpp"

namespace dashboard::core {

std::string_view to_string(BuildStatus status) {
  switch (status) {
    case BuildStatus::Added:
      return "ADDED";
    case BuildStatus::InProgress:
      return "IN_PROGRESS";
    case BuildStatus::Built:
      return "BUILT";
  }
  return "ADDED";
}

std::string_view to_string(PartsCoverageStatus status) {
  switch (status) {
    case PartsCoverageStatus::FullInventory:
      return "FULL_INVENTORY";
    case PartsCoverageStatus::PartialOrdered:
      return "PARTIAL_ORDERED";
    case PartsCoverageStatus::None:
      return "NONE";
  }
  return "NONE";
}

std::optional<BuildStatus> build_status_from(std::string_view wire) {
  for (BuildStatus s : kBuildStatuses) {
    if (to_string(s) == wire) return s;
  }
  return std::nullopt;
}

std::optional<PartsCoverageStatus> coverage_status_from(std::string_view wire) {
  for (PartsCoverageStatus s : kCoverageStatuses) {
    if (to_string(s) == wire) return s;
  }
  return std::nullopt;
}

}  // namespace dashboard::core
