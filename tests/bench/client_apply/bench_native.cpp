// Native throughput: BM_<Stage>/<workload>, one iteration per pass over the
// workload's 1,024 frames, reporting events/s (items/s) and bytes/s. The
// self-check runs first and a failure aborts the benchmark.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "stages.hpp"
#include "workloads.hpp"

namespace client_apply {
namespace {

void Run(benchmark::State& state, Stage stage, const Workload& w) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(RunPass(stage, w));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.frames.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(w.bytes));
}

void RegisterAll(const std::vector<Workload>& workloads) {
  for (const StageName& s : kStages) {
    for (const Workload& w : workloads) {
      const std::string name = std::string("BM_") + s.name + "/" + w.name;
      const Stage stage = s.stage;
      benchmark::RegisterBenchmark(name.c_str(),
                                   [stage, &w](benchmark::State& state) { Run(state, stage, w); });
    }
  }
}

}  // namespace
}  // namespace client_apply

int main(int argc, char** argv) {
  // Workloads outlive the benchmarks, which capture them by reference.
  static const std::vector<client_apply::Workload> workloads = client_apply::MakeWorkloads();
  if (client_apply::RunSelfCheck(workloads) != 0) return 1;
  client_apply::RegisterAll(workloads);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
