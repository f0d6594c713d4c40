#include "stages.hpp"

#include <rapidjson/document.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "core/client/socketio_client.hpp"
#include "core/client/sync_engine.hpp"
#include "core/socketio/engineio.hpp"
#include "core/socketio/socketio.hpp"

namespace client_apply {
namespace {

using namespace dashboard::core;
using client::FrameOutcome;
using client::SocketioClient;
using client::SyncEngine;

constexpr UnixMillis kNow = 1795428000000;

// The handshake a socket.io 4 server sends before any event.
void Connect(SocketioClient& client) {
  static const std::string open = [] {
    eio::OpenPayload payload;
    payload.sid = "lv_VI97HAXpY6yYWAAAC";
    return eio::encode_packet(eio::PacketType::Open, eio::encode_open(payload));
  }();
  static const std::string connected = sio::encode_connect_ok("/dashboard", "Fx1TfEzyr8BjmD5XAAAD");
  client.begin(R"({"token":"bench"})", kNow);
  client.on_frame(open, kNow);
  client.on_frame(connected, kNow);
}

std::uint64_t ApplyPass(const Workload& w) {
  SocketioClient client("/dashboard");
  SyncEngine sync;
  Connect(client);
  (void)sync.take_request();  // FetchSnapshot, answered at once
  sync.on_snapshot(w.snapshot);
  for (const std::string& frame : w.frames) {
    FrameOutcome out = client.on_frame(frame, kNow);
    if (out.event) sync.on_event(std::move(*out.event));
  }
  return static_cast<std::uint64_t>(sync.last_seq()) + sync.take_changed();
}

std::uint64_t DecodePass(const Workload& w) {
  SocketioClient client("/dashboard");
  Connect(client);
  std::uint64_t sum = 0;
  for (const std::string& frame : w.frames) {
    const FrameOutcome out = client.on_frame(frame, kNow);
    if (out.event) sum += static_cast<std::uint64_t>(out.event->seq);
  }
  return sum;
}

std::uint64_t PacketPass(const Workload& w) {
  std::uint64_t sum = 0;
  for (const std::string& frame : w.frames) {
    const auto packet = eio::decode_packet(frame);
    if (!packet) continue;
    const auto sio_packet = sio::decode_packet(packet->data);
    if (sio_packet) sum += sio_packet->data.size();
  }
  return sum;
}

// The JSON array after `42/dashboard,`.
std::string_view JsonOf(const std::string& frame) {
  const std::size_t start = frame.find('[');
  return start == std::string::npos ? std::string_view() : std::string_view(frame).substr(start);
}

std::uint64_t ParsePass(const Workload& w) {
  std::uint64_t sum = 0;
  for (const std::string& frame : w.frames) {
    const std::string_view json = JsonOf(frame);
    rapidjson::Document doc;  // a fresh one per frame, as the client's decoders do
    doc.Parse(json.data(), json.size());
    if (!doc.HasParseError() && doc.IsArray()) sum += doc.Size();
  }
  return sum;
}

int Fail(const Workload& w, std::size_t frame, const std::string& what) {
  std::fprintf(stderr, "self-check %s, frame %zu: %s\n", w.name.c_str(), frame, what.c_str());
  return 1;
}

int CheckWorkload(const Workload& w) {
  int failures = 0;
  SocketioClient client("/dashboard");
  Connect(client);
  if (!client.connected()) failures += Fail(w, 0, "handshake did not connect");
  for (std::size_t i = 0; i < w.frames.size(); ++i) {
    const FrameOutcome out = client.on_frame(w.frames[i], kNow);
    if (!out.log.empty()) failures += Fail(w, i, "logged: " + out.log);
    if (!out.event) {
      failures += Fail(w, i, "no event");
    } else if (!(*out.event == w.sent[i])) {
      failures += Fail(w, i, "decoded event differs from the one sent");
    }
    if (failures > 5) return failures;
  }

  SyncEngine sync;
  Connect(client);
  (void)sync.take_request();
  sync.on_snapshot(w.snapshot);
  for (const std::string& frame : w.frames) {
    FrameOutcome out = client.on_frame(frame, kNow);
    if (out.event) sync.on_event(std::move(*out.event));
  }
  if (!sync.in_sync()) failures += Fail(w, w.frames.size(), "engine not in sync after the pass");
  if (!(sync.view() == w.expected)) failures += Fail(w, w.frames.size(), "final view differs");

  const std::uint64_t n = w.frames.size();
  if (PacketPass(w) == 0) failures += Fail(w, 0, "no frame passed the socket.io layer");
  if (ParsePass(w) != 2 * n) failures += Fail(w, 0, "a frame did not parse as [name, envelope]");
  std::uint64_t seqs = n * (n + 1) / 2;
  if (DecodePass(w) != seqs) failures += Fail(w, 0, "decode pass lost events");
  return failures;
}

}  // namespace

std::uint64_t RunPass(Stage stage, const Workload& workload) {
  switch (stage) {
    case Stage::Apply:
      return ApplyPass(workload);
    case Stage::Decode:
      return DecodePass(workload);
    case Stage::Packet:
      return PacketPass(workload);
    case Stage::Parse:
      return ParsePass(workload);
  }
  return 0;
}

int RunSelfCheck(const std::vector<Workload>& workloads) {
  int failures = 0;
  for (const Workload& w : workloads) failures += CheckWorkload(w);
  if (failures != 0) std::fprintf(stderr, "self-check: %d failure(s)\n", failures);
  return failures;
}

}  // namespace client_apply
