// WASM throughput: Google Benchmark does not build for Emscripten, so this is
// a plain loop, as in tests/bench/json_choice. Per stage and workload: a
// warm-up (lets V8 tier up to optimised code) that also calibrates the pass
// count, then 5 timed runs; the median run is reported. Rates are per CPU
// second of the process, like Google Benchmark's natively, so that a busy
// machine (descheduling) skews them less; per wall second is printed too.
// Output is one tab-separated line per measurement for run.sh.
#include <emscripten.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "stages.hpp"
#include "workloads.hpp"

// CPU seconds (user + system) this Node process has used so far.
EM_JS(double, CpuSeconds, (), {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
});

namespace client_apply {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps the checksums observable so the optimiser cannot drop the passes.
volatile std::uint64_t g_sink = 0;

struct Seconds {
  double cpu = 0;
  double wall = 0;
};

Seconds SecondsFor(Stage stage, const Workload& w, long passes) {
  const double cpu_start = CpuSeconds();
  const Clock::time_point start = Clock::now();
  for (long i = 0; i < passes; ++i) g_sink = g_sink + RunPass(stage, w);
  return {CpuSeconds() - cpu_start, std::chrono::duration<double>(Clock::now() - start).count()};
}

struct Rates {
  double per_cpu_second = 0;
  double per_wall_second = 0;
};

// Events/s of the median (by CPU time) of 5 runs of about `run_seconds` each.
Rates MedianEventsPerSecond(Stage stage, const Workload& w, double run_seconds) {
  // Warm-up doubles the pass count until one batch takes 50 ms, then runs on
  // until 0.3 s have passed in all (V8 tiers wasm up in the background).
  long passes = 1;
  double elapsed = 0;
  while ((elapsed = SecondsFor(stage, w, passes).cpu) < 0.05) passes *= 2;
  for (double warm = elapsed; warm < 0.3; warm += elapsed) {
    elapsed = SecondsFor(stage, w, passes).cpu;
  }
  passes = std::max(1L, static_cast<long>(passes * run_seconds / elapsed));
  const double events = static_cast<double>(passes) * static_cast<double>(w.frames.size());
  std::vector<Seconds> runs;
  for (int run = 0; run < 5; ++run) runs.push_back(SecondsFor(stage, w, passes));
  std::sort(runs.begin(), runs.end(),
            [](const Seconds& a, const Seconds& b) { return a.cpu < b.cpu; });
  return {events / runs[2].cpu, events / runs[2].wall};
}

}  // namespace
}  // namespace client_apply

int main(int argc, char** argv) {
  using namespace client_apply;
  const std::vector<Workload> workloads = MakeWorkloads();
  if (RunSelfCheck(workloads) != 0) return 1;
  // bench_wasm.js [seconds per run] [stage] [workload]: the last two filter.
  const double run_seconds = argc > 1 ? std::atof(argv[1]) : 0.2;
  const std::string only_stage = argc > 2 ? argv[2] : "";
  const std::string only_workload = argc > 3 ? argv[3] : "";
  std::printf("stage\tworkload\tframes\tbytes\tevents_per_s\tmb_per_s\tevents_per_wall_s\n");
  for (const StageName& s : kStages) {
    for (const Workload& w : workloads) {
      if (!only_stage.empty() && only_stage != s.name) continue;
      if (!only_workload.empty() && only_workload != w.name) continue;
      const Rates rates = MedianEventsPerSecond(s.stage, w, run_seconds);
      const double bytes_per_event = static_cast<double>(w.bytes) / w.frames.size();
      std::printf("%s\t%s\t%zu\t%zu\t%.0f\t%.2f\t%.0f\n", s.name, w.name.c_str(), w.frames.size(),
                  w.bytes, rates.per_cpu_second, rates.per_cpu_second * bytes_per_event / 1e6,
                  rates.per_wall_second);
      std::fflush(stdout);
    }
  }
  return 0;
}
