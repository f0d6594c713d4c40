// socketio_client: the client half of socket.io v4 over one WebSocket, as
// the dashboard uses it: join one namespace with an auth object, answer the
// server's pings, hand over decoded dashboard events, and measure the round
// trip with an acknowledged "dashboard:ping". Pure: the platform owns the
// socket and the clock; this only turns frames into outcomes and replies.
//
//   SocketioClient client("/dashboard");
//   client.begin(R"({"token":"...","lastSeq":42})", now);   // a new WebSocket
//   // for every text frame the socket receives:
//   FrameOutcome out = client.on_frame(frame, now);
//   for (const std::string& reply : out.replies) socket.send(reply);
//   if (out.signal == ClientSignal::Connected) machine.on_connected(now);
//   if (out.event) sync.on_event(std::move(*out.event));
//   if (!out.log.empty()) log_warning(out.log);      // skipped, never fatal
//   // once a frame (or on a timer):
//   if (client.ping_overdue(now)) socket.close();    // the server went silent
//   if (client.unanswered_ms(now) > 10000) socket.close();  // the probe went unanswered
//   if (auto ping = client.rtt_probe(now)) socket.send(*ping);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

// What a frame meant for the connection as a whole.
enum class ClientSignal {
  None,
  Connected,       // the namespace accepted us: live
  ConnectRefused,  // CONNECT_ERROR; `message` holds the server's reason (e.g. AUTH_FAILED)
  Closed,          // the server ended the session (Engine.IO close or socket.io DISCONNECT)
  ResyncRequired,  // the server could not deliver everything (a slow link): catch up over HTTP
};

// A server event that is not the dashboard stream's: the topic
// subscriptions' "topic:event", "unsubscribed" and "presence".
struct ServerEvent {
  std::string name;
  std::string arg_json;  // the first argument's JSON text ("" when none)
};

// The server's answer to an emit() made with an ack id.
struct AckReply {
  std::uint64_t id = 0;
  std::string args_json;  // the ack's argument array, e.g. [{"ok":true,"seq":4}]
};

struct FrameOutcome {
  std::vector<std::string> replies;     // frames to send, in order
  std::optional<DashboardEvent> event;  // a valid dashboard event to apply
  ClientSignal signal = ClientSignal::None;
  std::string message;  // the refusal reason, for ConnectRefused
  std::string log;      // why a frame was skipped (malformed, unknown type); empty if none
  std::optional<ServerEvent> topic_event;   // for TopicSubscriptions::on_socket_event
  std::optional<ServerEvent> status_event;  // system status (is_status_event_name)
  std::optional<AckReply> ack;              // an answer to emit()
  bool probe_answered = false;  // the ack of the outstanding rtt_probe: rtt_ms() is fresh
};

// The server events topic subscriptions handle (see topic_subscriptions.hpp).
bool is_topic_event_name(std::string_view name);

// The system-status events: "service:bulk-update", "service:status" and
// "error" (a check that cannot run).
bool is_status_event_name(std::string_view name);

// The event name the client emits with an ack id to time a round trip.
inline constexpr std::string_view kPingEvent = "dashboard:ping";

// The event the server sends when it dropped this socket's backlog.
inline constexpr std::string_view kResyncEvent = "dashboard:resyncRequired";

class SocketioClient {
 public:
  explicit SocketioClient(std::string nsp = "/dashboard");

  // Starts over for a freshly opened WebSocket; `auth_json` (an object) goes
  // in the CONNECT packet sent once the Engine.IO open packet arrives.
  void begin(std::string auth_json, UnixMillis now);

  // Interprets one text frame from the server.
  FrameOutcome on_frame(std::string_view frame, UnixMillis now);

  // True once the server has been silent for longer than its ping interval
  // plus its ping timeout (the Engine.IO heartbeat rule): the link is dead
  // even if the socket has not noticed.
  bool ping_overdue(UnixMillis now) const;

  // An acknowledged ping to send when `interval_ms` has passed since the
  // last one and none is outstanding; nullopt otherwise or before connect.
  // The first after connect goes at once. An unanswered probe is never
  // replaced: the owner decides when silence means the link is dead
  // (unanswered_ms).
  std::optional<std::string> rtt_probe(UnixMillis now, std::int64_t interval_ms = 10000);

  // How long the outstanding probe has waited for its ack; nullopt when
  // none is outstanding. A link that drops packets without a reset shows
  // here within one probe interval, long before the Engine.IO heartbeat.
  std::optional<std::int64_t> unanswered_ms(UnixMillis now) const;

  // The last measured round trip, in milliseconds, once an ack came back.
  std::optional<std::int64_t> rtt_ms() const { return rtt_ms_; }

  bool connected() const { return connected_; }

  // The frame for event `name` with one JSON argument and an ack id, which
  // `ack_id` receives; the answer comes back as FrameOutcome::ack.
  std::string emit(std::string_view name, std::string_view arg_json, std::uint64_t& ack_id);

  // The polite goodbye sent before closing the WebSocket: a socket.io
  // DISCONNECT for the namespace (empty before connect).
  std::string goodbye() const;

 private:
  FrameOutcome on_message(std::string_view data, UnixMillis now);

  std::string nsp_;
  std::string auth_json_;
  bool opened_ = false;
  bool connected_ = false;
  UnixMillis last_heard_ = 0;
  std::int64_t silence_limit_ms_ = 45000;  // pingInterval + pingTimeout, from the open packet
  std::uint64_t next_ack_id_ = 1;
  std::optional<std::uint64_t> outstanding_ack_;
  UnixMillis probe_sent_at_ = 0;
  std::optional<std::int64_t> rtt_ms_;
};

}  // namespace dashboard::core::client
