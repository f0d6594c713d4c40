// The candidates as a table, for code that runs all three (benchmarks,
// self-check). Kept apart from decoders.hpp so the size probes link only one.
#pragma once

#include "decoders.hpp"

namespace json_choice {

// Lets the benchmarks and the self-check loop over the candidates.
struct Library {
  const char* name;
  Result<DashboardView> (*decode_view)(std::string_view);
  Result<SummaryUpdatedEvent> (*decode_event)(std::string_view);
};

inline constexpr Library kLibraries[] = {
    {"Boost.JSON", DecodeViewBoost, DecodeEventBoost},
    {"RapidJSON", DecodeViewRapidJson, DecodeEventRapidJson},
    {"nlohmann-json", DecodeViewNlohmann, DecodeEventNlohmann},
};

}  // namespace json_choice
