#include "core/socketio/engineio.hpp"

#include <rapidjson/document.h>

#include "core/socketio/json_text.hpp"

namespace dashboard::core::eio {
namespace {

// The member `key` of `object`, or nullptr when absent.
const rapidjson::Value* find(const rapidjson::Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// A positive integer member; `required` members must be present.
bool read_positive(const rapidjson::Value& object, const char* key, bool required,
                   std::int64_t& out, Error& error) {
  const rapidjson::Value* value = find(object, key);
  if (value == nullptr) {
    if (!required) return true;
    error = Error{key, "is required"};
    return false;
  }
  if (!value->IsInt64() || value->GetInt64() <= 0) {
    error = Error{key, "must be a positive integer"};
    return false;
  }
  out = value->GetInt64();
  return true;
}

}  // namespace

Result<Packet> decode_packet(std::string_view frame) {
  if (frame.empty()) return Error{"", "empty Engine.IO frame"};
  const char type = frame.front();
  if (type < '0' || type > '6') {
    return Error{"type", "unknown Engine.IO packet type (must be a digit 0-6)"};
  }
  return Packet{static_cast<PacketType>(type), frame.substr(1)};
}

std::string encode_packet(PacketType type, std::string_view data) {
  std::string frame;
  frame.reserve(1 + data.size());
  frame.push_back(static_cast<char>(type));
  frame.append(data);
  return frame;
}

std::string encode_open(const OpenPayload& open) {
  std::string out = "{\"sid\":";
  json_text::append_string(out, open.sid);
  out += ",\"upgrades\":[";
  for (std::size_t i = 0; i < open.upgrades.size(); ++i) {
    if (i > 0) out += ',';
    json_text::append_string(out, open.upgrades[i]);
  }
  out += "],\"pingInterval\":" + std::to_string(open.ping_interval_ms);
  out += ",\"pingTimeout\":" + std::to_string(open.ping_timeout_ms);
  out += ",\"maxPayload\":" + std::to_string(open.max_payload);
  out += '}';
  return out;
}

Result<OpenPayload> decode_open(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(json, doc, error)) return error;
  if (!doc.IsObject()) return Error{"", "open packet data must be a JSON object"};

  OpenPayload open;
  const rapidjson::Value* sid = find(doc, "sid");
  if (sid == nullptr) return Error{"sid", "is required"};
  if (!sid->IsString() || sid->GetStringLength() == 0) {
    return Error{"sid", "must be a non-empty string"};
  }
  open.sid.assign(sid->GetString(), sid->GetStringLength());
  // JSON lets a lone surrogate ("\udcbc") through, which RapidJSON turns
  // into bytes that are not UTF-8 and could not be written back unchanged
  // (the fuzzer found it); no server sends one.
  if (!json_text::is_valid_utf8(open.sid)) return Error{"sid", "is not valid Unicode"};

  if (const rapidjson::Value* upgrades = find(doc, "upgrades")) {
    if (!upgrades->IsArray()) return Error{"upgrades", "must be an array of strings"};
    rapidjson::SizeType index = 0;
    for (const auto& item : upgrades->GetArray()) {
      if (!item.IsString()) {
        return Error{"upgrades[" + std::to_string(index) + "]", "must be a string"};
      }
      open.upgrades.emplace_back(item.GetString(), item.GetStringLength());
      if (!json_text::is_valid_utf8(open.upgrades.back())) {
        return Error{"upgrades[" + std::to_string(index) + "]", "is not valid Unicode"};
      }
      ++index;
    }
  }

  if (!read_positive(doc, "pingInterval", true, open.ping_interval_ms, error) ||
      !read_positive(doc, "pingTimeout", true, open.ping_timeout_ms, error) ||
      !read_positive(doc, "maxPayload", false, open.max_payload, error)) {
    return error;
  }
  return open;
}

}  // namespace dashboard::core::eio
