// Tiny program whose .wasm size is measured. JSON_CHOICE_LIB selects:
//   0 baseline: reads the input and runs the shared checkers, no JSON library
//   1 Boost.JSON, 2 RapidJSON, 3 nlohmann-json: the same plus decoding both
//     documents with that library.
// The baseline carries the shared, library-independent code so that the
// delta is the library plus its decoder, which is what the client pays.
#include <cstdio>
#include <string_view>

#include "checks.hpp"
#include "decoders.hpp"

#if JSON_CHOICE_LIB == 1
#define JSON_CHOICE_DECODE(kind) json_choice::Decode##kind##Boost
#elif JSON_CHOICE_LIB == 2
#define JSON_CHOICE_DECODE(kind) json_choice::Decode##kind##RapidJson
#elif JSON_CHOICE_LIB == 3
#define JSON_CHOICE_DECODE(kind) json_choice::Decode##kind##Nlohmann
#endif

// Read through a volatile pointer so the input is opaque to the optimiser.
static const char* volatile g_fallback =
    "{\"version\":1,\"summary\":{\"totalMocs\":0,\"totalWishlistItems\":0,"
    "\"mocsByBuildStatus\":{\"ADDED\":0,\"IN_PROGRESS\":0,\"BUILT\":0},"
    "\"mocsByCoverageStatus\":{\"FULL_INVENTORY\":0,\"PARTIAL_ORDERED\":0,\"NONE\":0}},"
    "\"themeBreakdown\":[],\"recentMocs\":[],\"partialPartsMocs\":[]}";

int main(int argc, char** argv) {
  const std::string_view input(argc > 1 ? argv[1] : g_fallback);
#if JSON_CHOICE_LIB == 0
  json_choice::BuildStatus status;
  const int n = json_choice::IsRfc3339Utc(input) + json_choice::IsUuidV4(input) +
                json_choice::ParseBuildStatus(input, &status);
  const json_choice::DecodeError error{json_choice::Path().Field("input").Render(),
                                       json_choice::msg::kRequired};
  std::printf("%d %s\n", n, error.ToString().c_str());
#else
  const auto view = JSON_CHOICE_DECODE(View)(input);
  const auto event = JSON_CHOICE_DECODE(Event)(input);
  std::printf("%zu %lld %s\n", view.value.partial_parts_mocs.size(),
              static_cast<long long>(event.value.seq),
              view.ok() ? "ok" : view.error->ToString().c_str());
#endif
  return 0;
}
