// The measured stages. Each runs one pass over every frame of a workload
// with the client's own code and returns a checksum, so the optimiser keeps
// the work. Apply is the figure the goals are about; the others run the same
// bytes through less of the pipeline, so the ratios show where time goes.
//
//   if (RunSelfCheck(workloads) != 0) return 1;  // before any timing
//   std::uint64_t sum = RunPass(Stage::Apply, workloads[0]);
#pragma once

#include <cstdint>
#include <vector>

#include "workloads.hpp"

namespace client_apply {

enum class Stage {
  Apply,   // SocketioClient::on_frame then SyncEngine::on_event: what the client does
  Decode,  // SocketioClient::on_frame alone: frame -> validated DashboardEvent
  Packet,  // eio::decode_packet + sio::decode_packet: framing, parse and shape check
  Parse,   // a plain RapidJSON Document::Parse of the frame's JSON: a DOM decoder's floor
};

struct StageName {
  Stage stage;
  const char* name;  // benchmark and table name
};
inline constexpr StageName kStages[] = {{Stage::Apply, "Apply"},
                                        {Stage::Decode, "Decode"},
                                        {Stage::Packet, "Packet"},
                                        {Stage::Parse, "Parse"}};

// One pass: a fresh client (begin, open packet, CONNECT) and, for Apply, a
// fresh SyncEngine given the workload's snapshot, then every frame in order.
std::uint64_t RunPass(Stage stage, const Workload& workload);

// Checks that every frame decodes to the event it was made from, without a
// log line, and that Apply ends in sync on the expected view. Prints each
// failure to stderr; returns the number of failures.
int RunSelfCheck(const std::vector<Workload>& workloads);

}  // namespace client_apply
