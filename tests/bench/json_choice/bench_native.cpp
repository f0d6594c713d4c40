// Native throughput: BM_DecodeView<Lib>/small|large and BM_DecodeEvent<Lib>,
// each reporting bytes/s and documents/s (items/s). The self-check runs
// first and a failure aborts the benchmark.
#include <benchmark/benchmark.h>

#include <string>

#include "fixtures.hpp"
#include "libraries.hpp"
#include "selfcheck.hpp"

namespace json_choice {
namespace {

// Library names without punctuation, for benchmark names.
constexpr const char* kShortNames[] = {"Boost", "RapidJson", "Nlohmann"};

template <class Decode>
void Run(benchmark::State& state, Decode decode, const std::string& doc) {
  for (auto _ : state) {
    auto result = decode(doc);
    benchmark::DoNotOptimize(result);
    if (!result.ok()) state.SkipWithError("document rejected");
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(doc.size()));
  state.SetItemsProcessed(state.iterations());
}

void RegisterAll(const std::string& small, const std::string& large, const std::string& event) {
  for (std::size_t i = 0; i < std::size(kLibraries); ++i) {
    const Library lib = kLibraries[i];
    const std::string view = std::string("BM_DecodeView") + kShortNames[i];
    benchmark::RegisterBenchmark((view + "/small").c_str(), [lib, &small](benchmark::State& s) {
      Run(s, lib.decode_view, small);
    });
    benchmark::RegisterBenchmark((view + "/large").c_str(), [lib, &large](benchmark::State& s) {
      Run(s, lib.decode_view, large);
    });
    benchmark::RegisterBenchmark(
        (std::string("BM_DecodeEvent") + kShortNames[i]).c_str(),
        [lib, &event](benchmark::State& s) { Run(s, lib.decode_event, event); });
  }
}

}  // namespace
}  // namespace json_choice

int main(int argc, char** argv) {
  if (json_choice::RunSelfCheck() != 0) return 1;
  // Documents outlive the benchmarks, which capture them by reference.
  static const std::string small = json_choice::MakeSmallView();
  static const std::string large = json_choice::MakeLargeView();
  static const std::string event = json_choice::MakeEvent();
  json_choice::RegisterAll(small, large, event);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
