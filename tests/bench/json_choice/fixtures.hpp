// Deterministic benchmark documents, written without any of the candidate
// libraries so none of them gets to shape the input, plus the text surgery
// the self-check uses to derive invalid documents from valid ones.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace json_choice {

// A DashboardView with 10 themes, 10 recent MOCs and `partial_parts` entries.
std::string MakeView(std::size_t partial_parts);
inline std::string MakeSmallView() {
  return MakeView(16);
}
inline std::string MakeLargeView() {
  return MakeView(1000);
}

// A "dashboard:summaryUpdated" envelope.
std::string MakeEvent();

// Replaces the value of the n-th (0-based) member named `key`, wherever it
// is nested, with the raw text `replacement`. Returns "" when not found.
std::string ReplaceNthValue(std::string_view json, std::string_view key, int n,
                            std::string_view replacement);

// Removes the n-th member named `key` and its separating comma.
std::string RemoveNthMember(std::string_view json, std::string_view key, int n);

}  // namespace json_choice
