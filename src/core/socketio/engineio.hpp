// engineio: the Engine.IO v4 packet codec for the WebSocket transport (text
// frames only), shared by the C++ server and the WASM client. Pure: no I/O,
// no clocks; it never throws.
//
// One WebSocket text frame carries one packet: a type character followed by
// its data. The server opens with `0{"sid":...}`, pings with `2`, the client
// answers `3`, and every socket.io packet travels inside a `4` (message).
//
//   Result<eio::Packet> packet = eio::decode_packet(frame);   // "42[\"hi\"]"
//   if (!packet) return close_with(packet.error().to_string());
//   if (packet->type == eio::PacketType::Ping) send(eio::encode_packet(eio::PacketType::Pong));
//   if (packet->type == eio::PacketType::Message) handle(packet->data);  // "2[\"hi\"]"
//
//   std::string open = eio::encode_packet(eio::PacketType::Open,
//                                         eio::encode_open({.sid = "lv_VI97HAXpY6yYWAAAC"}));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dashboard::core::eio {

// The packet type is the frame's first character.
enum class PacketType : char {
  Open = '0',
  Close = '1',
  Ping = '2',
  Pong = '3',
  Message = '4',
  Upgrade = '5',
  Noop = '6',
};

// A decoded frame. `data` views into the frame passed to decode_packet, so
// it lives only as long as that frame.
struct Packet {
  PacketType type = PacketType::Noop;
  std::string_view data;

  bool operator==(const Packet&) const = default;
};

// Splits a text frame into its type and data. Errors: an empty frame, or a
// first character that is not one of the seven packet types.
Result<Packet> decode_packet(std::string_view frame);

// The text frame for one packet: the type character then `data` verbatim.
std::string encode_packet(PacketType type, std::string_view data = {});

// The handshake the server sends in the open packet.
struct OpenPayload {
  std::string sid;
  std::vector<std::string> upgrades;  // empty: WebSocket is the only transport
  std::int64_t ping_interval_ms = 25000;
  std::int64_t ping_timeout_ms = 20000;
  std::int64_t max_payload = 1000000;  // bytes per message the sender accepts

  bool operator==(const OpenPayload&) const = default;
};

// `{"sid":"...","upgrades":[],"pingInterval":25000,"pingTimeout":20000,
// "maxPayload":1000000}`, in that key order.
std::string encode_open(const OpenPayload& open);

// Reads the open packet's data (the client side). `sid` (non-empty string),
// `pingInterval` and `pingTimeout` (positive integers) are required;
// `upgrades` (array of strings) and `maxPayload` (positive integer) default
// when absent. Unknown members are ignored. Errors name the member.
Result<OpenPayload> decode_open(std::string_view json);

}  // namespace dashboard::core::eio
