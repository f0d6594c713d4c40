// The hot-path helpers: whole frames built by appending, and EVENT payloads
// read back into name and arguments.
#include <gtest/gtest.h>

#include <string>

#include "core/socketio/engineio.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::core::sio {
namespace {

// Unwraps a whole WebSocket frame down to its EVENT message.
Result<EventMessage> event_from_frame(std::string_view frame) {
  const Result<eio::Packet> message = eio::decode_packet(frame);
  if (!message) return message.error();
  if (message->type != eio::PacketType::Message) return Error{"", "not a message"};
  const Result<Packet> packet = decode_packet(message->data);
  if (!packet) return packet.error();
  return decode_event(*packet);
}

Packet event_packet(std::string data) {
  return {PacketType::Event, "/", {}, std::move(data)};
}

TEST(SocketIoFrames, EncodesEventFrame) {
  EXPECT_EQ(encode_event_frame("/dashboard", "dashboard:summaryUpdated", R"({"seq":7})"),
            R"(42/dashboard,["dashboard:summaryUpdated",{"seq":7}])");
  EXPECT_EQ(encode_event_frame("/dashboard", "type", R"({"seq":7})", "17"),
            R"(42/dashboard,["type",{"seq":7},"17"])");
  EXPECT_EQ(encode_event_frame("/", "foo", "[1,2]"), R"(42["foo",[1,2]])");
  EXPECT_EQ(encode_event_frame("", "foo", "3"), R"(42["foo",3])");
  EXPECT_EQ(encode_event_frame("/", "ping", ""), R"(42["ping"])");
  EXPECT_EQ(encode_event_frame("/", "ping", "", "5"), R"(42["ping","5"])");
}

TEST(SocketIoFrames, EscapesEventNamesAndExtraArgument) {
  EXPECT_EQ(encode_event_frame("/", "say \"hi\"\n", "{}"), R"(42["say \"hi\"\n",{}])");
  EXPECT_EQ(encode_event_frame("/", "a\\b\t\x01/", "{}", "o\"ff\r"),
            R"(42["a\\b\t\u0001/",{},"o\"ff\r"])");
  // Non-ASCII stays UTF-8: JSON does not need it escaped.
  EXPECT_EQ(encode_event_frame("/", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80", "{}"),
            "42[\"caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80\",{}]");
  for (const std::string& name : std::initializer_list<std::string>{
           std::string("q\"uote"), std::string("new\nline"), std::string("nul\0byte", 8),
           std::string("\xe2\x80\xa8 line separator"), std::string("\xf0\x9f\x98\x80")}) {
    const Result<EventMessage> event = event_from_frame(encode_event_frame("/d", name, "{}", name));
    ASSERT_TRUE(event) << event.error().to_string();
    EXPECT_EQ(event->name, name);
    EXPECT_EQ(event->last_string_arg, name);
  }
}

TEST(SocketIoFrames, ReplacesInvalidUtf8InNames) {
  const std::string frame = encode_event_frame("/", "bad\xff\xc3", "{}");
  EXPECT_EQ(frame, "42[\"bad\xef\xbf\xbd\xef\xbf\xbd\",{}]");
  EXPECT_TRUE(event_from_frame(frame));
}

TEST(SocketIoFrames, DecodesEventArguments) {
  const Result<EventMessage> event = decode_event(event_packet(R"([ "x" , { "a" : [1, 2.5] } ])"));
  ASSERT_TRUE(event) << event.error().to_string();
  EXPECT_EQ(event->name, "x");
  EXPECT_EQ(event->first_arg_json, R"({ "a" : [1, 2.5] })");
  EXPECT_EQ(event->last_string_arg, std::nullopt);
}

TEST(SocketIoFrames, FirstArgumentIsTheExactTextSent) {
  // Numbers a re-serialization would alter (an ulp off, or 0E42 misread) pass through exactly.
  for (const char* arg : {"2.2250738585072011e-308", "0E42", "-0", "1.0", "12345678901234567890",
                          R"("a,]}\"[{")", R"([1,[2,{"x":"]"}],3])", R"({"k":[]})", "null"}) {
    for (const char* pad : {"", " ", "\n\t "}) {
      const std::string data = std::string("[\"n\",") + pad + arg + pad + ",\"7\"" + "]";
      const Result<EventMessage> event = decode_event(event_packet(data));
      ASSERT_TRUE(event) << data << ": " << event.error().to_string();
      EXPECT_EQ(event->first_arg_json, arg) << data;
      EXPECT_EQ(event->last_string_arg, "7");
    }
  }
}

TEST(SocketIoFrames, RefusesEventNameWithLoneSurrogate) {
  // Found by the fuzzer: "\udcbc" parsed into bytes that are not UTF-8, so
  // the name could not be written back unchanged.
  const Result<EventMessage> event = decode_event(event_packet(R"(["a\udcbc",{}])"));
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().path, "payload[0]");
  EXPECT_FALSE(decode_packet(R"(42["a\udcbc",{}])"));
  // A surrogate pair is a real character and stays accepted.
  const Result<EventMessage> pair = decode_event(event_packet(R"(["a\ud83e\uddf1",{}])"));
  ASSERT_TRUE(pair) << pair.error().to_string();
  EXPECT_EQ(pair->name, "a\xF0\x9F\xA7\xB1");
}

TEST(SocketIoFrames, IgnoresRecoveryOffsetWithLoneSurrogate) {
  const Result<EventMessage> event = decode_event(event_packet(R"(["t",{},"\udcbc"])"));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->last_string_arg, std::nullopt);
}

TEST(SocketIoFrames, DecodesNameOnlyEvent) {
  const Result<EventMessage> event = decode_event(event_packet(R"(["hello"])"));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->name, "hello");
  EXPECT_EQ(event->first_arg_json, "");
  EXPECT_EQ(event->last_string_arg, std::nullopt);
}

TEST(SocketIoFrames, DecodesRecoveryOffsetOnlyFromThreeOrMoreElements) {
  const Result<EventMessage> two = decode_event(event_packet(R"(["hey","Jude"])"));
  ASSERT_TRUE(two);
  EXPECT_EQ(two->first_arg_json, R"("Jude")");
  EXPECT_EQ(two->last_string_arg, std::nullopt);

  const Result<EventMessage> three = decode_event(event_packet(R"(["t",{"s":1},"17"])"));
  ASSERT_TRUE(three);
  EXPECT_EQ(three->first_arg_json, R"({"s":1})");
  EXPECT_EQ(three->last_string_arg, "17");

  const Result<EventMessage> four = decode_event(event_packet(R"(["t",null,2,"x\"y"])"));
  ASSERT_TRUE(four);
  EXPECT_EQ(four->first_arg_json, "null");
  EXPECT_EQ(four->last_string_arg, "x\"y");

  const Result<EventMessage> numeric = decode_event(event_packet(R"(["t",{},17])"));
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->last_string_arg, std::nullopt);
}

TEST(SocketIoFrames, DecodeEventRejectsOtherPackets) {
  const Result<EventMessage> ack = decode_event({PacketType::Ack, "/", 1, R"(["x"])"});
  ASSERT_FALSE(ack);
  EXPECT_EQ(ack.error().to_string(), "type: not an EVENT packet");
  const std::pair<const char*, const char*> cases[] = {
      {"", "payload: invalid JSON at offset 0: The document is empty."},
      {"[]", "payload: EVENT payload must be a non-empty array"},
      {"{}", "payload: EVENT payload must be a non-empty array"},
      {"[1]", "payload[0]: event name must be a string"},
  };
  for (const auto& [data, expected] : cases) {
    const Result<EventMessage> event = decode_event(event_packet(data));
    ASSERT_FALSE(event) << data;
    EXPECT_EQ(event.error().to_string(), expected);
  }
}

TEST(SocketIoFrames, EventFrameRoundTrips) {
  const std::string payload = R"({"eventId":"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69","seq":42,)"
                              R"("payload":{"x":[1,-2.5e-7,true,null,"\u00e9"]}})";
  const Result<EventMessage> event =
      event_from_frame(encode_event_frame("/dashboard", "dashboard:x", payload, "42"));
  ASSERT_TRUE(event) << event.error().to_string();
  EXPECT_EQ(event->name, "dashboard:x");
  EXPECT_EQ(event->last_string_arg, "42");
  EXPECT_EQ(event->first_arg_json, payload);
  // A second trip changes nothing.
  const Result<EventMessage> again =
      event_from_frame(encode_event_frame("/dashboard", event->name, event->first_arg_json, "42"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *event);
}

TEST(SocketIoFrames, EncodesConnectOk) {
  EXPECT_EQ(encode_connect_ok("/dashboard", "oSO0OpakMV_3jnilAAAA"),
            R"(40/dashboard,{"sid":"oSO0OpakMV_3jnilAAAA"})");
  EXPECT_EQ(encode_connect_ok("/", "wZX3oN0bSVIhsaknAAAI"), R"(40{"sid":"wZX3oN0bSVIhsaknAAAI"})");
  EXPECT_EQ(encode_connect_ok("/d", "s", "p\"1"), R"(40/d,{"sid":"s","pid":"p\"1"})");
  const std::string text = encode_connect_ok("/d", "s", "p");  // the packet views into it
  const Result<eio::Packet> frame = eio::decode_packet(text);
  ASSERT_TRUE(frame);
  const Result<Packet> packet = decode_packet(frame->data);
  ASSERT_TRUE(packet) << packet.error().to_string();
  EXPECT_EQ(*packet, (Packet{PacketType::Connect, "/d", {}, R"({"sid":"s","pid":"p"})"}));
}

TEST(SocketIoFrames, EncodesConnectError) {
  EXPECT_EQ(encode_connect_error("/dashboard", "AUTH_FAILED"),
            R"(44/dashboard,{"message":"AUTH_FAILED"})");
  EXPECT_EQ(encode_connect_error("/", "Not \"authorized\""),
            R"(44{"message":"Not \"authorized\""})");
  const std::string text = encode_connect_error("/d", "x\ny");
  const Result<eio::Packet> frame = eio::decode_packet(text);
  ASSERT_TRUE(frame);
  const Result<Packet> packet = decode_packet(frame->data);
  ASSERT_TRUE(packet) << packet.error().to_string();
  EXPECT_EQ(packet->type, PacketType::ConnectError);
  EXPECT_EQ(packet->data, R"({"message":"x\ny"})");
}

}  // namespace
}  // namespace dashboard::core::sio
