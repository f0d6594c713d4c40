#include "core/socketio/socketio.hpp"

#include <rapidjson/document.h>

#include <utility>

#include "core/socketio/json_text.hpp"

namespace dashboard::core::sio {
namespace {

// 2^53 has 16 decimal digits; more digits are refused before any arithmetic.
constexpr std::size_t kMaxAckIdDigits = 16;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A decoded JSON string that is valid UTF-8 (RapidJSON decodes a lone
// "\uDC00"-style surrogate escape into bytes that are not).
bool is_unicode(const rapidjson::Value& value) {
  return value.IsString() &&
         json_text::is_valid_utf8(std::string_view(value.GetString(), value.GetStringLength()));
}

// "/" is the default namespace and is left out; any other is followed by ','.
void append_namespace(std::string& out, std::string_view nsp) {
  if (nsp.empty() || nsp == "/") return;
  out.append(nsp);
  out.push_back(',');
}

// Checks the payload text against the shape `type` demands, parsing it into `doc`.
std::optional<Error> check_payload(PacketType type, std::string_view payload,
                                   rapidjson::Document& doc) {
  if (payload.empty()) {
    switch (type) {
      case PacketType::Connect:
      case PacketType::Disconnect:
        return std::nullopt;
      case PacketType::Event:
        return Error{"payload", "EVENT requires a payload"};
      case PacketType::Ack:
        return Error{"payload", "ACK requires a payload"};
      default:
        return Error{"payload", "CONNECT_ERROR requires a payload"};
    }
  }
  if (type == PacketType::Disconnect) return Error{"payload", "DISCONNECT carries no payload"};
  Error error;
  if (!json_text::parse(payload, doc, error)) {
    error.path = "payload";
    return error;
  }
  switch (type) {
    case PacketType::Connect:
      if (doc.IsObject()) return std::nullopt;
      return Error{"payload", "CONNECT payload must be an object"};
    case PacketType::Event:
      // decode_event slices the arguments from the text by position, so the
      // array must start it after JSON whitespace (the fuzzer found "\xBF[...]"
      // accepted by the parser).
      if (!doc.IsArray() || doc.Empty() || !doc[0].IsString() ||
          json_text::array_element_text(payload, 0).empty()) {
        return Error{"payload", "EVENT payload must be a non-empty array starting with a string"};
      }
      // JSON lets "\udcbc" through, a lone surrogate RapidJSON turns into
      // bytes that are not UTF-8; such a name could not be written back
      // unchanged (the fuzzer found it), and no real client sends one.
      if (!is_unicode(doc[0])) return Error{"payload[0]", "event name is not valid Unicode"};
      return std::nullopt;
    case PacketType::Ack:
      if (doc.IsArray()) return std::nullopt;
      return Error{"payload", "ACK payload must be an array"};
    default:
      if (doc.IsObject() || doc.IsString()) return std::nullopt;
      return Error{"payload", "CONNECT_ERROR payload must be an object or a string"};
  }
}

}  // namespace

Result<Packet> decode_packet(std::string_view text) {
  rapidjson::Document payload;
  return decode_packet(text, payload);
}

Result<Packet> decode_packet(std::string_view text, rapidjson::Document& payload_doc) {
  if (text.empty()) return Error{"", "empty socket.io packet"};
  if (!is_digit(text[0]) || text[0] > '6') {
    return Error{"type", "unknown socket.io packet type (must be a digit 0-6)"};
  }
  Packet packet;
  packet.type = static_cast<PacketType>(text[0] - '0');
  if (packet.type == PacketType::BinaryEvent || packet.type == PacketType::BinaryAck) {
    return Error{"type", "binary packets are not supported"};
  }
  std::size_t pos = 1;

  if (pos < text.size() && text[pos] == '/') {
    const std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) return Error{"nsp", "namespace must end with ','"};
    const std::string_view nsp = text.substr(pos, comma - pos);
    if (nsp.size() > kMaxNamespaceBytes) {
      return Error{"nsp", "namespace longer than " + std::to_string(kMaxNamespaceBytes) + " bytes"};
    }
    if (!json_text::is_valid_utf8(nsp)) return Error{"nsp", "namespace is not valid UTF-8"};
    packet.nsp = nsp;
    pos = comma + 1;
  }

  const std::size_t digits_start = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  if (pos > digits_start) {
    if (packet.type != PacketType::Event && packet.type != PacketType::Ack) {
      return Error{"ackId", "only EVENT and ACK packets carry an ack id"};
    }
    if (pos - digits_start > kMaxAckIdDigits) return Error{"ackId", "ack id above 2^53"};
    std::uint64_t id = 0;
    for (std::size_t i = digits_start; i < pos; ++i) {
      id = id * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (id > kMaxAckId) return Error{"ackId", "ack id above 2^53"};
    packet.ack_id = id;
  } else if (packet.type == PacketType::Ack) {
    return Error{"ackId", "ACK requires an ack id"};
  }

  const std::string_view payload = text.substr(pos);
  if (std::optional<Error> error = check_payload(packet.type, payload, payload_doc)) {
    return *std::move(error);
  }
  packet.data = payload;
  return packet;
}

std::string encode_packet(const Packet& packet) {
  std::string out;
  out.reserve(1 + packet.nsp.size() + 1 + 20 + packet.data.size());
  out.push_back(static_cast<char>('0' + static_cast<int>(packet.type)));
  append_namespace(out, packet.nsp);
  if (packet.ack_id) out += std::to_string(*packet.ack_id);
  out += packet.data;
  return out;
}

Result<EventMessage> decode_event(const Packet& packet) {
  if (packet.type != PacketType::Event) return Error{"type", "not an EVENT packet"};
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(packet.data, doc, error)) {
    error.path = "payload";
    return error;
  }
  // The arguments are sliced from the text by position, so the array must
  // start it after JSON whitespace (see check_payload).
  if (!doc.IsArray() || doc.Empty() || json_text::array_element_text(packet.data, 0).empty()) {
    return Error{"payload", "EVENT payload must be a non-empty array"};
  }
  if (!doc[0].IsString()) return Error{"payload[0]", "event name must be a string"};
  if (!is_unicode(doc[0])) return Error{"payload[0]", "event name is not valid Unicode"};
  EventMessage event;
  event.name.assign(doc[0].GetString(), doc[0].GetStringLength());
  const rapidjson::SizeType size = doc.Size();
  if (size >= 2) event.first_arg_json = json_text::array_element_text(packet.data, 1);
  // A trailing string is the recovery offset; one that is not valid Unicode
  // cannot be one we issued, so it counts as absent.
  if (size >= 3 && is_unicode(doc[size - 1])) {
    event.last_string_arg.emplace(doc[size - 1].GetString(), doc[size - 1].GetStringLength());
  }
  return event;
}

std::string encode_event_frame(std::string_view nsp, std::string_view event_name,
                               std::string_view json_payload, std::string_view extra_string_arg) {
  std::string frame;
  frame.reserve(8 + nsp.size() + event_name.size() + json_payload.size() + extra_string_arg.size());
  frame += "42";
  append_namespace(frame, nsp);
  frame += '[';
  json_text::append_string(frame, event_name);
  if (!json_payload.empty()) {
    frame += ',';
    frame += json_payload;
  }
  if (!extra_string_arg.empty()) {
    frame += ',';
    json_text::append_string(frame, extra_string_arg);
  }
  frame += ']';
  return frame;
}

std::string encode_connect_error(std::string_view nsp, std::string_view message) {
  std::string frame = "44";
  append_namespace(frame, nsp);
  frame += "{\"message\":";
  json_text::append_string(frame, message);
  frame += '}';
  return frame;
}

std::string encode_connect_ok(std::string_view nsp, std::string_view sid, std::string_view pid) {
  std::string frame = "40";
  append_namespace(frame, nsp);
  frame += "{\"sid\":";
  json_text::append_string(frame, sid);
  if (!pid.empty()) {
    frame += ",\"pid\":";
    json_text::append_string(frame, pid);
  }
  frame += '}';
  return frame;
}

}  // namespace dashboard::core::sio
