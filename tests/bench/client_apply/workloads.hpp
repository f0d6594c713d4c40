// Benchmark inputs: live event frames exactly as the server's hub puts them
// on the socket (`42/dashboard,["dashboard:summaryUpdated",{envelope}]`,
// built with the hub's own encoders), seqs 1..N in order, plus the snapshot
// they continue and the view the client must end with.
//
// The frames come from a deterministic model of a growing collection: each
// mutation adds a MOC with partial parts coverage, which changes all four
// slices, so every event really changes the client's view (an event equal to
// the view would skip the copy and flatter the figures).
//
//   for (const Workload& w : MakeWorkloads()) run(w.frames);
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/model.hpp"

namespace client_apply {

struct Workload {
  std::string name;                                   // "mix" or an event name without "dashboard:"
  dashboard::core::DashboardView snapshot;            // version 0: what the frames continue
  std::vector<std::string> frames;                    // seqs 1..N, in order
  std::vector<dashboard::core::DashboardEvent> sent;  // what frame i carries
  dashboard::core::DashboardView expected;            // the view after the last frame
  std::size_t bytes = 0;                              // all frames together
};

// Events per pass: enough that setting up a client per pass costs < 1 %.
inline constexpr std::size_t kFramesPerPass = 1024;
inline constexpr std::size_t kThemes = 16;       // themeBreakdownUpdated: 16 entries
inline constexpr std::size_t kPartialRows = 17;  // partialPartsUpdated: 17 rows

// "mix" first (the four events one mutation sends, in the server's order:
// recentMocAdded, summaryUpdated, themeBreakdownUpdated, partialPartsUpdated),
// then one workload per event type in that order.
std::vector<Workload> MakeWorkloads();

}  // namespace client_apply
