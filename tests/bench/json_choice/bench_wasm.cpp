// WASM throughput: Google Benchmark does not build for Emscripten, so this is
// a plain steady_clock loop. Per library and document: a warm-up (lets V8 tier
// up to optimised code), then 5 timed runs; the median run is reported.
// Output is one tab-separated line per measurement for run.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "libraries.hpp"
#include "selfcheck.hpp"

namespace json_choice {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps the decode results observable so the optimiser cannot drop them.
volatile std::size_t g_sink = 0;

std::size_t Weight(const Result<DashboardView>& r) {
  return r.value.partial_parts_mocs.size();
}
std::size_t Weight(const Result<SummaryUpdatedEvent>& r) {
  return r.value.event_id.size();
}

template <class Decode>
double SecondsFor(Decode decode, const std::string& doc, long iterations) {
  const Clock::time_point start = Clock::now();
  for (long i = 0; i < iterations; ++i) {
    const auto result = decode(doc);
    g_sink = g_sink + Weight(result) + (result.ok() ? 0 : 1);
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Returns the median documents/s over 5 runs of about `run_seconds` each.
template <class Decode>
double MedianDocsPerSecond(Decode decode, const std::string& doc, double run_seconds) {
  // Warm-up doubles the iteration count until one batch takes 50 ms, which
  // also calibrates how many iterations fill a run.
  long iterations = 1;
  double elapsed = 0;
  while ((elapsed = SecondsFor(decode, doc, iterations)) < 0.05) iterations *= 2;
  iterations = std::max(1L, static_cast<long>(iterations * run_seconds / elapsed));
  std::vector<double> rates;
  for (int run = 0; run < 5; ++run)
    rates.push_back(iterations / SecondsFor(decode, doc, iterations));
  std::sort(rates.begin(), rates.end());
  return rates[2];
}

}  // namespace
}  // namespace json_choice

int main(int argc, char** argv) {
  using namespace json_choice;
  if (RunSelfCheck() != 0) return 1;
  const double run_seconds = argc > 1 ? std::atof(argv[1]) : 0.2;
  const std::string small = MakeSmallView();
  const std::string large = MakeLargeView();
  const std::string event = MakeEvent();
  std::printf("library\tdocument\tbytes\tdocs_per_s\tmb_per_s\n");
  for (const Library& lib : kLibraries) {
    const struct {
      const char* name;
      const std::string& doc;
      bool is_view;
    } docs[] = {{"small", small, true}, {"large", large, true}, {"event", event, false}};
    for (const auto& d : docs) {
      const double rate = d.is_view ? MedianDocsPerSecond(lib.decode_view, d.doc, run_seconds)
                                    : MedianDocsPerSecond(lib.decode_event, d.doc, run_seconds);
      std::printf("%s\t%s\t%zu\t%.0f\t%.2f\n", lib.name, d.name, d.doc.size(), rate,
                  rate * d.doc.size() / 1e6);
      std::fflush(stdout);
    }
  }
  return 0;
}
