// libFuzzer target for the Engine.IO / socket.io codec. Arbitrary bytes go
// through every decoder; whatever decodes must re-encode to something that
// decodes to an equal value. Built and run by tests/fuzz/run.sh.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/socketio/engineio.hpp"
#include "core/socketio/json_text.hpp"
#include "core/socketio/socketio.hpp"

namespace {

namespace eio = dashboard::core::eio;
namespace sio = dashboard::core::sio;

// A failed property is a crash libFuzzer records, with the input saved.
void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

std::string written(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);  // recursion is bounded: json_text::parse limits depth
  return std::string(buffer.GetString(), buffer.GetSize());
}

void check_event(const sio::Packet& packet) {
  const auto event = sio::decode_event(packet);
  // decode_packet already validated the shape, so this cannot fail.
  require(event.ok(), "decode_event accepts every decoded EVENT");
  if (!event->first_arg_json.empty()) {
    // The sliced argument is standalone JSON with the same content as the
    // array's element 1 (compared as written out: RapidJSON's operator==
    // mismatches objects with duplicate keys).
    rapidjson::Document whole;
    rapidjson::Document arg;
    dashboard::core::Error error;
    require(dashboard::core::json_text::parse(packet.data, whole, error), "payload parses");
    require(dashboard::core::json_text::parse(event->first_arg_json, arg, error),
            "first argument is standalone JSON");
    require(whole.IsArray() && whole.Size() >= 2, "payload has element 1");
    require(written(arg) == written(whole[1]), "first argument is element 1");
  }
  const std::string extra = event->last_string_arg.value_or("");
  const std::string frame =
      sio::encode_event_frame(packet.nsp, event->name, event->first_arg_json, extra);
  const auto message = eio::decode_packet(frame);
  require(message.ok() && message->type == eio::PacketType::Message, "event frame is a message");
  const auto again = sio::decode_packet(message->data);
  require(again.ok(), "encode_event_frame output decodes");
  require(again->nsp == packet.nsp, "event frame keeps the namespace");
  const auto event_again = sio::decode_event(*again);
  require(event_again.ok(), "re-encoded event decodes");
  require(event_again->name == event->name, "event name round-trips");
  require(event_again->first_arg_json == event->first_arg_json, "first argument round-trips");
  if (!extra.empty()) {
    require(event_again->last_string_arg == event->last_string_arg, "offset round-trips");
  }
}

void check_socketio(std::string_view text) {
  const auto packet = sio::decode_packet(text);
  if (!packet.ok()) return;
  require(packet->nsp.size() <= sio::kMaxNamespaceBytes, "namespace within the limit");
  require(!packet->ack_id || *packet->ack_id <= sio::kMaxAckId, "ack id within the limit");
  const std::string encoded = sio::encode_packet(*packet);
  const auto again = sio::decode_packet(encoded);
  require(again.ok(), "re-encoded packet decodes");
  require(*again == *packet, "re-encoded packet decodes to an equal packet");
  require(sio::encode_packet(*again) == encoded, "encoding is stable");
  if (packet->type == sio::PacketType::Event)
    check_event(*packet);
  else
    require(!sio::decode_event(*packet).ok(), "decode_event refuses non-EVENT packets");
}

void check_open(std::string_view json) {
  const auto open = eio::decode_open(json);
  if (!open.ok()) return;
  const auto again = eio::decode_open(eio::encode_open(*open));
  require(again.ok(), "re-encoded open payload decodes");
  require(*again == *open, "open payload round-trips");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  const auto packet = eio::decode_packet(frame);
  if (packet.ok()) {
    require(eio::encode_packet(packet->type, packet->data) == frame, "frame round-trips");
    if (packet->type == eio::PacketType::Message) check_socketio(packet->data);
    if (packet->type == eio::PacketType::Open) check_open(packet->data);
  }
  // The same bytes as a bare socket.io packet and a bare handshake, so the
  // fuzzer need not discover the Engine.IO prefix first.
  check_socketio(frame);
  check_open(frame);
  return 0;
}
