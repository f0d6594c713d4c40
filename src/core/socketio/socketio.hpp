// socketio: the socket.io v4 (protocol 5) packet codec, text packets only,
// shared by the C++ server and the WASM client. Pure: no I/O; never throws.
//
// A socket.io packet is the data of an Engine.IO message packet (the text
// after the frame's leading '4'):
//
//   <type digit>[<namespace>,][<ack id>][<JSON payload>]
//
// e.g. `0/admin,{"token":"123"}`, `2["foo"]`, `3/admin,13["bar"]`, `1/admin,`.
// Binary packets (types 5 and 6) are refused: this project sends JSON only.
//
//   Result<eio::Packet> frame = eio::decode_packet(text);      // 42/dashboard,["x",{}]
//   Result<sio::Packet> packet = sio::decode_packet(frame->data);
//   if (packet && packet->type == sio::PacketType::Event) {
//     Result<sio::EventMessage> event = sio::decode_event(*packet);  // name "x", arg "{}"
//   }
//   std::string out = sio::encode_event_frame("/dashboard", "dashboard:summaryUpdated",
//                                             R"({"seq":7})", "17");
//   // 42/dashboard,["dashboard:summaryUpdated",{"seq":7},"17"]
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dashboard::core::sio {

enum class PacketType {
  Connect = 0,
  Disconnect = 1,
  Event = 2,
  Ack = 3,
  ConnectError = 4,
  BinaryEvent = 5,
  BinaryAck = 6,
};

// Namespaces longer than this are refused by decode_packet.
inline constexpr std::size_t kMaxNamespaceBytes = 256;
// The largest ack id accepted: 2^53, the largest integer a JS number holds exactly.
inline constexpr std::uint64_t kMaxAckId = std::uint64_t{1} << 53;

struct Packet {
  PacketType type = PacketType::Event;
  std::string nsp = "/";  // starts with '/', no ','
  std::optional<std::uint64_t> ack_id;
  std::string data;  // the JSON payload text as sent, or empty when absent

  bool operator==(const Packet&) const = default;
};

// Parses the text after the Engine.IO '4'. Rules, each named in the Error:
// a type digit 0-6, binary types refused; a namespace, when the next byte is
// '/', runs to a ',' (required), is at most 256 bytes of valid UTF-8; an ack
// id (decimal, at most 2^53) only on EVENT (optional) and ACK (required);
// then the payload, valid JSON (UTF-8, at most 64 levels deep) of the shape
// the type demands:
//   CONNECT        absent or an object     DISCONNECT  absent
//   EVENT          a non-empty array whose first element is a string
//   ACK            an array                CONNECT_ERROR  an object (or a legacy string)
Result<Packet> decode_packet(std::string_view text);

// The same, also handing over the payload as parsed while checking it
// (untouched when the packet has none), so a caller that reads it (the
// client, on every live event) parses it once instead of again.
Result<Packet> decode_packet(std::string_view text, rapidjson::Document& payload);

// The inverse of decode_packet: the root namespace "/" is omitted, any other
// is followed by ','. `data` is written verbatim, so it must already be JSON.
std::string encode_packet(const Packet& packet);

// An EVENT's arguments, as this project uses them: a name, one JSON argument
// and, for connection-state recovery, a trailing string offset.
struct EventMessage {
  std::string name;
  std::string first_arg_json;                  // its exact text as sent; "" when there is none
  std::optional<std::string> last_string_arg;  // the last of 3+ elements, when a string

  bool operator==(const EventMessage&) const = default;
};

// Reads an EVENT packet's payload; any other type, or a payload that is not
// a non-empty array starting with a string, is an error.
Result<EventMessage> decode_event(const Packet& packet);

// The complete WebSocket text frame for an EVENT, built by appending:
// `42<nsp,>["<event_name>",<json_payload>,"<extra_string_arg>"]`. The
// payload must already be valid JSON and is omitted when empty; the extra
// argument is omitted when empty. Strings are JSON-escaped (invalid UTF-8
// becomes U+FFFD). An empty `nsp` means "/".
std::string encode_event_frame(std::string_view nsp, std::string_view event_name,
                               std::string_view json_payload,
                               std::string_view extra_string_arg = {});

// The complete frame refusing a namespace: `44/dashboard,{"message":"AUTH_FAILED"}`.
std::string encode_connect_error(std::string_view nsp, std::string_view message);

// The complete frame accepting a namespace: `40/dashboard,{"sid":"..."}`, with
// `"pid"` (the connection-state-recovery private id) when `pid` is non-empty.
std::string encode_connect_ok(std::string_view nsp, std::string_view sid,
                              std::string_view pid = {});

}  // namespace dashboard::core::sio
