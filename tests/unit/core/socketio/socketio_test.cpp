#include "core/socketio/socketio.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dashboard::core::sio {
namespace {

// "ok" or the error's path and message.
std::string decode_error(std::string_view text) {
  const Result<Packet> r = decode_packet(text);
  return r ? "ok" : r.error().to_string();
}

std::string nested(std::size_t depth) {
  return "2[\"e\"," + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "]";
}

struct SpecExample {
  const char* encoded;
  Packet packet;
};

// The non-binary rows of the protocol's "Packet encoding" tables and sample
// session, verbatim.
const std::vector<SpecExample>& spec_examples() {
  static const std::vector<SpecExample> examples = {
      {"0", {PacketType::Connect, "/", {}, ""}},
      {R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})",
       {PacketType::Connect, "/", {}, R"({"sid":"wZX3oN0bSVIhsaknAAAI"})"}},
      {"0/admin,", {PacketType::Connect, "/admin", {}, ""}},
      {R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})",
       {PacketType::Connect, "/admin", {}, R"({"sid":"oSO0OpakMV_3jnilAAAA"})"}},
      {R"(0/admin,{"token":"123"})", {PacketType::Connect, "/admin", {}, R"({"token":"123"})"}},
      {R"(4{"message":"Not authorized"})",
       {PacketType::ConnectError, "/", {}, R"({"message":"Not authorized"})"}},
      {R"(4/admin,{"message":"Not authorized"})",
       {PacketType::ConnectError, "/admin", {}, R"({"message":"Not authorized"})"}},
      {R"(2["foo"])", {PacketType::Event, "/", {}, R"(["foo"])"}},
      {R"(2/admin,["bar"])", {PacketType::Event, "/admin", {}, R"(["bar"])"}},
      {R"(2["hey","Jude"])", {PacketType::Event, "/", {}, R"(["hey","Jude"])"}},
      {R"(212["foo"])", {PacketType::Event, "/", 12, R"(["foo"])"}},
      {"312[]", {PacketType::Ack, "/", 12, "[]"}},
      {R"(2/admin,13["foo"])", {PacketType::Event, "/admin", 13, R"(["foo"])"}},
      {R"(3/admin,13["bar"])", {PacketType::Ack, "/admin", 13, R"(["bar"])"}},
      {R"(314["bar"])", {PacketType::Ack, "/", 14, R"(["bar"])"}},
      {R"(215["foo"])", {PacketType::Event, "/", 15, R"(["foo"])"}},
      {R"(2/admin,1["tellme"])", {PacketType::Event, "/admin", 1, R"(["tellme"])"}},
      {"1", {PacketType::Disconnect, "/", {}, ""}},
      {"1/admin,", {PacketType::Disconnect, "/admin", {}, ""}},
  };
  return examples;
}

TEST(SocketIo, DecodesSpecExamples) {
  for (const SpecExample& example : spec_examples()) {
    const Result<Packet> packet = decode_packet(example.encoded);
    ASSERT_TRUE(packet) << example.encoded << ": " << packet.error().to_string();
    EXPECT_EQ(*packet, example.packet) << example.encoded;
  }
}

TEST(SocketIo, EncodesSpecExamples) {
  for (const SpecExample& example : spec_examples()) {
    EXPECT_EQ(encode_packet(example.packet), example.encoded);
  }
}

TEST(SocketIo, RoundTripsEveryTextPacketType) {
  const Packet packets[] = {
      {PacketType::Connect, "/dashboard", {}, R"({"token":"t"})"},
      {PacketType::Disconnect, "/dashboard", {}, ""},
      {PacketType::Event, "/", 0, R"(["a",{"b":[1,2.5,null,true]},"17"])"},
      {PacketType::Ack, "/x/y", kMaxAckId, R"([{"ok":false}])"},
      {PacketType::ConnectError, "/", {}, R"("legacy message")"},
  };
  for (const Packet& packet : packets) {
    const Result<Packet> back = decode_packet(encode_packet(packet));
    ASSERT_TRUE(back) << encode_packet(packet) << ": " << back.error().to_string();
    EXPECT_EQ(*back, packet);
  }
}

TEST(SocketIo, ExplicitRootNamespaceDecodesAsDefault) {
  const Result<Packet> packet = decode_packet(R"(2/,["foo"])");
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->nsp, "/");
  EXPECT_EQ(encode_packet(*packet), R"(2["foo"])");
  EXPECT_EQ(encode_packet({PacketType::Connect, "", {}, ""}), "0");
}

TEST(SocketIo, KeepsPayloadTextVerbatim) {
  const Result<Packet> packet = decode_packet("2/a,7 [ \"x\" , { } ] ");
  ASSERT_TRUE(packet) << packet.error().to_string();
  EXPECT_EQ(packet->ack_id, 7u);
  EXPECT_EQ(packet->data, " [ \"x\" , { } ] ");
}

TEST(SocketIo, RejectsEventWhoseArrayDoesNotStartThePayload) {
  // Found by the fuzzer: a stray byte before the array was accepted, then the
  // first argument was sliced from the wrong place.
  const Result<Packet> packet = decode_packet("2/a,\xBF[\"x\",{}]");
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().path, "payload");
}

TEST(SocketIo, RejectsBinaryPackets) {
  for (const char* text :
       {R"(51-["baz",{"_placeholder":true,"num":0}])",
        // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one packet, two lines
        R"(52-/admin,["baz",{"_placeholder":true,"num":0},)"
        R"({"_placeholder":true,"num":1}])",
        R"(51-14["foo",{"_placeholder":true,"num":0}])",
        R"(61-15["bar",{"_placeholder":true,"num":0}])",
        R"(61-/admin,1[{"_placeholder":true,"num":0}])", "5", "6[]"}) {
    EXPECT_EQ(decode_error(text), "type: binary packets are not supported") << text;
  }
}

TEST(SocketIo, RejectsEmptyAndUnknownTypes) {
  EXPECT_EQ(decode_error(""), "empty socket.io packet");
  for (const std::string& text : std::initializer_list<std::string>{
           "7", "9[\"a\"]", "a", " 2[\"a\"]", "-1", "/admin,", "[\"a\"]", std::string(1, '\0')}) {
    EXPECT_EQ(decode_error(text), "type: unknown socket.io packet type (must be a digit 0-6)")
        << text;
  }
}

TEST(SocketIo, RejectsBadNamespaces) {
  EXPECT_EQ(decode_error("0/admin"), "nsp: namespace must end with ','");
  EXPECT_EQ(decode_error(R"(2/admin["a"])"), "nsp: namespace must end with ','");
  EXPECT_EQ(decode_error("1/"), "nsp: namespace must end with ','");
  EXPECT_EQ(decode_error("0/\xff,"), "nsp: namespace is not valid UTF-8");
  EXPECT_EQ(decode_error("0/\xc3,"), "nsp: namespace is not valid UTF-8");  // truncated
  const std::string longest = "/" + std::string(kMaxNamespaceBytes - 1, 'n');
  EXPECT_EQ(decode_error("0" + longest + ","), "ok");
  EXPECT_EQ(decode_error("0" + longest + "n,"), "nsp: namespace longer than 256 bytes");
  EXPECT_EQ(decode_error("0/\xc3\xa9t\xc3\xa9,"), "ok");
}

TEST(SocketIo, RejectsBadAckIds) {
  EXPECT_EQ(decode_error(R"(29007199254740992["a"])"), "ok");
  EXPECT_EQ(decode_error(R"(29007199254740993["a"])"), "ackId: ack id above 2^53");
  EXPECT_EQ(decode_error(R"(299999999999999999999999["a"])"), "ackId: ack id above 2^53");
  EXPECT_EQ(decode_error("300000000000000000001[]"), "ackId: ack id above 2^53");
  EXPECT_EQ(decode_error("3[]"), "ackId: ACK requires an ack id");
  EXPECT_EQ(decode_error("3/admin,[]"), "ackId: ACK requires an ack id");
  for (const char* text : {"012{}", "0/a,1", "112", "1/a,3", R"(41{"message":"x"})"}) {
    EXPECT_EQ(decode_error(text), "ackId: only EVENT and ACK packets carry an ack id") << text;
  }
  const Result<Packet> zero = decode_packet(R"(20["a"])");
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->ack_id, 0u);
}

TEST(SocketIo, RejectsPayloadsOfTheWrongShape) {
  const std::pair<const char*, const char*> cases[] = {
      {"2", "payload: EVENT requires a payload"},
      {"2/a,5", "payload: EVENT requires a payload"},
      {"2[]", "payload: EVENT payload must be a non-empty array starting with a string"},
      {"2[1]", "payload: EVENT payload must be a non-empty array starting with a string"},
      {"2[null]", "payload: EVENT payload must be a non-empty array starting with a string"},
      {"2{}", "payload: EVENT payload must be a non-empty array starting with a string"},
      {R"(2"foo")", "payload: EVENT payload must be a non-empty array starting with a string"},
      {"35", "payload: ACK requires a payload"},
      {"35{}", "payload: ACK payload must be an array"},
      {R"(35"x")", "payload: ACK payload must be an array"},
      {"0[]", "payload: CONNECT payload must be an object"},
      {R"(0"x")", "payload: CONNECT payload must be an object"},
      {"0null", "payload: CONNECT payload must be an object"},
      {"1{}", "payload: DISCONNECT carries no payload"},
      {"1/a,[]", "payload: DISCONNECT carries no payload"},
      {"4", "payload: CONNECT_ERROR requires a payload"},
      {"4[]", "payload: CONNECT_ERROR payload must be an object or a string"},
      {"4/a,true", "payload: CONNECT_ERROR payload must be an object or a string"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(decode_error(text), expected) << text;
}

TEST(SocketIo, RejectsInvalidJson) {
  for (const std::string& text : std::initializer_list<std::string>{
           R"(2["foo")", R"(2["foo"]x)", R"(2["foo",])", R"(2['foo'])", R"(2["foo"][])",
           R"(0{"a":})", R"(0{a:1})", "0 ", R"(2["foo",NaN])", R"(2["\x"])", "2[\"a\x01\"]",
           std::string("2[\"a\0\"]", 7)}) {
    EXPECT_EQ(decode_error(text).rfind("payload: invalid JSON at offset ", 0), 0u) << text;
  }
}

TEST(SocketIo, RejectsNonUtf8Payloads) {
  for (const char* text : {"2[\"\xff\"]", "2[\"\xc0\xaf\"]", "2[\"\xed\xa0\x80\"]",
                           "2[\"\xf4\x90\x80\x80\"]", "2[\"\xe2\x9c\"]"}) {
    EXPECT_EQ(decode_error(text).rfind("payload: invalid JSON at offset ", 0), 0u) << text;
  }
  EXPECT_EQ(decode_error("2[\"\xc3\xa9\xe2\x9c\x93\xf0\x9f\x98\x80\"]"), "ok");
}

TEST(SocketIo, BoundsNestingDepth) {
  EXPECT_EQ(decode_error(nested(64)), "ok");
  EXPECT_EQ(decode_error(nested(65)), "payload: JSON nested deeper than 64 levels");
  EXPECT_EQ(decode_error(nested(100000)), "payload: JSON nested deeper than 64 levels");
  // Brackets inside strings do not count.
  EXPECT_EQ(decode_error("2[\"" + std::string(200, '[') + "\\\"{\"]"), "ok");
}

}  // namespace
}  // namespace dashboard::core::sio
