// moc_patch: a change to some of a MOC's fields, as the MOC page makes it
// and PATCH /api/mocs/{id} takes it (only the members set are sent).
//
//   MocPatch p;
//   p.build_status = BuildStatus::Built;
//   apply_patch(moc, p);       // the optimistic view
//   encode_patch(p);           // {"buildStatus":"BUILT"}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace dashboard::core::client {

struct MocPatch {
  std::optional<std::string> title;
  std::optional<std::string> theme;
  std::optional<BuildStatus> build_status;
  std::optional<PartsCoverageStatus> parts_coverage_status;
  std::optional<double> coverage_percentage;
  // Set to nullopt inside: clears the cover.
  std::optional<std::optional<std::string>> cover_image_url;

  bool empty() const;
  bool operator==(const MocPatch&) const = default;
};

void apply_patch(Moc& moc, const MocPatch& patch);

// True when `moc` already holds every field the patch sets.
bool includes(const Moc& moc, const MocPatch& patch);

// The JSON body for PATCH (and, with every field, for POST).
std::string encode_patch(const MocPatch& patch);

// The wire names of the fields the patch sets ("title", "buildStatus", ...).
std::vector<std::string> patch_fields(const MocPatch& patch);

}  // namespace dashboard::core::client
