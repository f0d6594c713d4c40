// Library-independent validation shared by all decoders: format checkers,
// enum spellings, error messages and lazily rendered error paths. Keeping
// these out of the per-library code means the benchmark compares only how
// each library parses and exposes a DOM.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "model.hpp"

namespace json_choice {

// RFC 3339 date-time in UTC: YYYY-MM-DDTHH:MM:SS[.fraction]Z ('t'/'z' allowed
// as RFC 3339 permits). Numeric offsets are rejected, even +00:00: the API
// promises the Z form.
bool IsRfc3339Utc(std::string_view s);

// Canonical 8-4-4-4-12 hex UUID with version nibble 4 and variant 10xx.
bool IsUuidV4(std::string_view s);

bool ParseBuildStatus(std::string_view s, BuildStatus* out);

inline constexpr std::string_view kBuildStatusKeys[] = {"ADDED", "IN_PROGRESS", "BUILT"};
inline constexpr std::string_view kCoverageStatusKeys[] = {"FULL_INVENTORY", "PARTIAL_ORDERED",
                                                           "NONE"};
inline constexpr std::string_view kSummaryUpdatedType = "dashboard:summaryUpdated";

namespace msg {
inline constexpr const char* kInvalidJson = "invalid JSON";
inline constexpr const char* kRequired = "is required";
inline constexpr const char* kObject = "must be an object";
inline constexpr const char* kArray = "must be an array";
inline constexpr const char* kString = "must be a string";
inline constexpr const char* kStringOrNull = "must be a string or null";
inline constexpr const char* kCount = "must be a non-negative integer";
inline constexpr const char* kNumber = "must be a number";
inline constexpr const char* kPercentage = "must be between 0 and 100";
inline constexpr const char* kBuildStatus = "must be one of ADDED, IN_PROGRESS, BUILT";
inline constexpr const char* kTimestamp = "must be an RFC 3339 UTC timestamp";
inline constexpr const char* kUuidV4 = "must be a UUID v4";
inline constexpr const char* kEventType = "must be \"dashboard:summaryUpdated\"";
}  // namespace msg

// One segment of the path to the value being decoded. Segments live on the
// decoder's stack and are only turned into a string when a value is
// rejected, so the happy path never allocates for paths.
class Path {
 public:
  Path() = default;
  Path Field(std::string_view key) const { return Path(this, key, 0, false); }
  Path Item(std::size_t index) const { return Path(this, {}, index, true); }
  std::string Render() const;

 private:
  Path(const Path* parent, std::string_view key, std::size_t index, bool is_index)
      : parent_(parent), key_(key), index_(index), is_index_(is_index) {}
  void AppendTo(std::string& out) const;

  const Path* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

// Records the first rejection; decoders return `false` straight after.
class ErrorSink {
 public:
  bool Fail(const Path& path, const char* message) {
    error_ = DecodeError{path.Render(), message};
    return false;
  }
  DecodeError Take() { return std::move(error_); }

 private:
  DecodeError error_;
};

}  // namespace json_choice
