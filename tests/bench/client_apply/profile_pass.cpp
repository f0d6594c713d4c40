// Runs one stage over one workload a given number of passes and nothing
// else, for a profiler (perf is often unavailable; callgrind always works):
//
//   valgrind --tool=callgrind --toggle-collect='client_apply::RunPass*'
//            build/bench-client-apply/native/profile_pass Apply mix 4
//
// Instructions per event = the collected Ir / (passes * 1,024).
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "stages.hpp"
#include "workloads.hpp"

int main(int argc, char** argv) {
  using namespace client_apply;
  if (argc != 4) {
    std::fprintf(stderr, "usage: profile_pass <Apply|Decode|Packet|Parse> <workload> <passes>\n");
    return 2;
  }
  const std::string_view stage_name = argv[1];
  const std::string_view workload_name = argv[2];
  const long passes = std::atol(argv[3]);
  const StageName* stage = nullptr;
  for (const StageName& s : kStages) {
    if (s.name == stage_name) stage = &s;
  }
  const std::vector<Workload> workloads = MakeWorkloads();
  const Workload* workload = nullptr;
  for (const Workload& w : workloads) {
    if (w.name == workload_name) workload = &w;
  }
  if (stage == nullptr || workload == nullptr || passes < 1) {
    std::fprintf(stderr, "profile_pass: unknown stage or workload, or passes < 1\n");
    return 2;
  }
  unsigned long long sum = 0;
  for (long i = 0; i < passes; ++i) sum += RunPass(stage->stage, *workload);
  std::printf("%s/%s: %ld passes of %zu events, checksum %llu\n", stage->name,
              workload->name.c_str(), passes, workload->frames.size(), sum);
  return 0;
}
