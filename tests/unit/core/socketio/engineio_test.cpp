#include "core/socketio/engineio.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dashboard::core::eio {
namespace {

OpenPayload with_sid(std::string sid, std::vector<std::string> upgrades = {}) {
  OpenPayload open;
  open.sid = std::move(sid);
  open.upgrades = std::move(upgrades);
  return open;
}

// "ok" or the error's path and message, so a table states both at once.
std::string open_error(std::string_view json) {
  const Result<OpenPayload> r = decode_open(json);
  return r ? "ok" : r.error().to_string();
}

TEST(EngineIo, DecodesPing) {
  const Result<Packet> packet = decode_packet("2");
  ASSERT_TRUE(packet) << packet.error().to_string();
  EXPECT_EQ(packet->type, PacketType::Ping);
  EXPECT_EQ(packet->data, "");
}

TEST(EngineIo, DecodesProbeData) {
  const Result<Packet> ping = decode_packet("2probe");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->type, PacketType::Ping);
  EXPECT_EQ(ping->data, "probe");
  EXPECT_EQ(encode_packet(PacketType::Pong, ping->data), "3probe");
}

TEST(EngineIo, DecodesEveryPacketType) {
  const std::pair<const char*, PacketType> cases[] = {
      {"0{}", PacketType::Open}, {"1", PacketType::Close},    {"2", PacketType::Ping},
      {"3", PacketType::Pong},   {"4x", PacketType::Message}, {"5", PacketType::Upgrade},
      {"6", PacketType::Noop},
  };
  for (const auto& [frame, type] : cases) {
    const Result<Packet> packet = decode_packet(frame);
    ASSERT_TRUE(packet) << frame;
    EXPECT_EQ(packet->type, type) << frame;
    EXPECT_EQ(encode_packet(packet->type, packet->data), frame);
  }
}

TEST(EngineIo, MessageDataViewsIntoTheFrame) {
  const std::string frame = "42[\"hey\",\"Jude\"]";
  const Result<Packet> packet = decode_packet(frame);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->type, PacketType::Message);
  EXPECT_EQ(packet->data, "2[\"hey\",\"Jude\"]");
  EXPECT_EQ(packet->data.data(), frame.data() + 1);
}

TEST(EngineIo, RejectsEmptyFrame) {
  const Result<Packet> packet = decode_packet("");
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().to_string(), "empty Engine.IO frame");
}

TEST(EngineIo, RejectsUnknownType) {
  for (const std::string& frame :
       std::initializer_list<std::string>{"7", "9", "a", "b4AQID", "/", " 2", "-1",
                                          std::string(1, '\0'), std::string("\xff", 1)}) {
    const Result<Packet> packet = decode_packet(frame);
    ASSERT_FALSE(packet) << frame;
    EXPECT_EQ(packet.error().path, "type");
    EXPECT_NE(packet.error().message.find("unknown Engine.IO packet type"), std::string::npos);
  }
}

TEST(EngineIo, EncodesTypeThenDataVerbatim) {
  EXPECT_EQ(encode_packet(PacketType::Ping), "2");
  EXPECT_EQ(encode_packet(PacketType::Close), "1");
  EXPECT_EQ(encode_packet(PacketType::Upgrade), "5");
  EXPECT_EQ(encode_packet(PacketType::Noop), "6");
  EXPECT_EQ(encode_packet(PacketType::Message, "2[\"foo\"]"), "42[\"foo\"]");
  EXPECT_EQ(encode_packet(PacketType::Message, std::string_view("a\0b", 3)),
            std::string("4a\0b", 4));
}

TEST(EngineIo, EncodesOpenInSpecKeyOrder) {
  EXPECT_EQ(encode_open(with_sid("abc")),
            R"({"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,)"
            R"("maxPayload":1000000})");
  OpenPayload open{.sid = "lv_VI97HAXpY6yYWAAAC",
                   .upgrades = {"websocket"},
                   .ping_interval_ms = 25000,
                   .ping_timeout_ms = 5000,
                   .max_payload = 1000000};
  // The spec's sample session, verbatim.
  EXPECT_EQ(encode_packet(PacketType::Open, encode_open(open)),
            R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,)"
            R"("pingTimeout":5000,"maxPayload":1000000})");
}

TEST(EngineIo, EncodeOpenEscapesStrings) {
  const std::string json = encode_open(with_sid("a\"b\\c\n", {"x\"y"}));
  EXPECT_NE(json.find(R"("sid":"a\"b\\c\n")"), std::string::npos) << json;
  const Result<OpenPayload> back = decode_open(json);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->sid, "a\"b\\c\n");
  EXPECT_EQ(back->upgrades, std::vector<std::string>{"x\"y"});
}

TEST(EngineIo, DecodesSpecOpenPacket) {
  const Result<OpenPayload> open =
      decode_open(R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],)"
                  R"("pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000})");
  ASSERT_TRUE(open) << open.error().to_string();
  EXPECT_EQ(open->sid, "lv_VI97HAXpY6yYWAAAC");
  EXPECT_EQ(open->upgrades, std::vector<std::string>{"websocket"});
  EXPECT_EQ(open->ping_interval_ms, 25000);
  EXPECT_EQ(open->ping_timeout_ms, 5000);
  EXPECT_EQ(open->max_payload, 1000000);
}

TEST(EngineIo, OpenRoundTrips) {
  const OpenPayload open{.sid = "ß-\xe2\x9c\x93",
                         .upgrades = {"websocket", "webtransport"},
                         .ping_interval_ms = 300,
                         .ping_timeout_ms = 200,
                         .max_payload = 1LL << 40};
  const Result<OpenPayload> back = decode_open(encode_open(open));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, open);
}

// Found by the fuzzer in CI: "\udcbc" parsed into bytes that are not UTF-8,
// so the sid could not be written back unchanged.
TEST(EngineIo, DecodeOpenRefusesLoneSurrogates) {
  EXPECT_EQ(open_error(R"({"sid":"a\udcbcb","pingInterval":1,"pingTimeout":2})"),
            "sid: is not valid Unicode");
  EXPECT_EQ(open_error(R"({"sid":"s","upgrades":["websocket","\udcbc"],"pingInterval":1,)"
                       R"("pingTimeout":2})"),
            "upgrades[1]: is not valid Unicode");
  // A surrogate pair is a real character and stays accepted.
  EXPECT_EQ(open_error(R"({"sid":"a\ud83e\uddf1","pingInterval":1,"pingTimeout":2})"), "ok");
}

TEST(EngineIo, DecodeOpenDefaultsOptionalMembersAndIgnoresUnknown) {
  const Result<OpenPayload> open =
      decode_open(R"({"sid":"s","pingInterval":1,"pingTimeout":2,"extra":[1,{}]})");
  ASSERT_TRUE(open) << open.error().to_string();
  EXPECT_TRUE(open->upgrades.empty());
  EXPECT_EQ(open->max_payload, 1000000);
}

TEST(EngineIo, DecodeOpenRejectsMalformedHandshakes) {
  const std::string tail = R"(,"pingInterval":25000,"pingTimeout":20000})";
  const std::pair<std::string, std::string> cases[] = {
      {"", "invalid JSON at offset 0: The document is empty."},
      {"{", "invalid JSON at offset 1: Missing a name for object member."},
      {"[]", "open packet data must be a JSON object"},
      {R"("sid")", "open packet data must be a JSON object"},
      {R"({"pingInterval":1,"pingTimeout":1})", "sid: is required"},
      {R"({"sid":1)" + tail, "sid: must be a non-empty string"},
      {R"({"sid":"")" + tail, "sid: must be a non-empty string"},
      {R"({"sid":"s","upgrades":"websocket")" + tail, "upgrades: must be an array of strings"},
      {R"({"sid":"s","upgrades":["a",2])" + tail, "upgrades[1]: must be a string"},
      {R"({"sid":"s","pingTimeout":1})", "pingInterval: is required"},
      {R"({"sid":"s","pingInterval":1})", "pingTimeout: is required"},
      {R"({"sid":"s","pingInterval":0,"pingTimeout":1})",
       "pingInterval: must be a positive integer"},
      {R"({"sid":"s","pingInterval":-5,"pingTimeout":1})",
       "pingInterval: must be a positive integer"},
      {R"({"sid":"s","pingInterval":2.5,"pingTimeout":1})",
       "pingInterval: must be a positive integer"},
      {R"({"sid":"s","pingInterval":"1","pingTimeout":1})",
       "pingInterval: must be a positive integer"},
      {R"({"sid":"s","pingInterval":1,"pingTimeout":1e30})",
       "pingTimeout: must be a positive integer"},
      {R"({"sid":"s","pingInterval":1,"pingTimeout":1,"maxPayload":null})",
       "maxPayload: must be a positive integer"},
  };
  for (const auto& [json, expected] : cases) EXPECT_EQ(open_error(json), expected) << json;
  EXPECT_NE(open_error("{\"sid\":\"\xff\"" + tail).find("invalid JSON"), std::string::npos);
}

}  // namespace
}  // namespace dashboard::core::eio
