#include "core/client/socketio_client.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <utility>

#include "core/json_codec.hpp"
#include "core/socketio/engineio.hpp"
#include "core/socketio/json_text.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::core::client {

namespace {

constexpr std::string_view kDashboardPrefix = "dashboard:";

// The event a well-formed EVENT packet carries, or why it is skipped.
// `payload` is the packet's data as decode_packet parsed it (a non-empty
// array starting with the name): the envelope is decoded from it rather
// than from its text, so a live event is parsed once.
void read_event(const rapidjson::Document& payload, FrameOutcome& out) {
  const std::string_view name(payload[0].GetString(), payload[0].GetStringLength());
  if (name == kResyncEvent) {
    out.signal = ClientSignal::ResyncRequired;
    return;
  }
  if (is_topic_event_name(name)) {
    ServerEvent event{std::string(name), {}};
    if (payload.Size() >= 2) {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
      payload[1].Accept(writer);
      event.arg_json.assign(buffer.GetString(), buffer.GetSize());
    }
    out.topic_event = std::move(event);
    return;
  }
  // The user's stream: dashboard:* and the messaging events (message:new,
  // notification:*, ...), all with the same envelope and seq.
  const auto type = event_type_from(name);
  if (!type) {
    out.log = "skipped event \"" + std::string(name) + "\": " +
              (name.rfind(kDashboardPrefix, 0) == 0 ? "unknown type" : "not a dashboard event");
    return;
  }
  if (payload.Size() < 2) {
    out.log = "skipped " + std::string(name) + ": the envelope is missing";
    return;
  }
  auto event = decode_event(payload[1]);
  if (!event) {
    out.log = "skipped " + std::string(name) + ": " + event.error().to_string();
    return;
  }
  if (event->type() != *type) {
    out.log = "skipped " + std::string(name) + ": envelope type is " +
              std::string(to_string(event->type()));
    return;
  }
  out.event = std::move(*event);
}

}  // namespace

bool is_topic_event_name(std::string_view name) {
  return name == "topic:event" || name == "unsubscribed" || name == "presence" ||
         name == "topic:resyncRequired";
}

SocketioClient::SocketioClient(std::string nsp) : nsp_(std::move(nsp)) {}

void SocketioClient::begin(std::string auth_json, UnixMillis now) {
  auth_json_ = std::move(auth_json);
  opened_ = false;
  connected_ = false;
  last_heard_ = now;
  outstanding_ack_.reset();
  probe_sent_at_ = 0;  // the first probe on a new socket goes at once
  rtt_ms_.reset();
}

FrameOutcome SocketioClient::on_frame(std::string_view frame, UnixMillis now) {
  FrameOutcome out;
  const auto packet = eio::decode_packet(frame);
  if (!packet) {
    out.log = "skipped frame: " + packet.error().to_string();
    return out;
  }
  last_heard_ = now;
  switch (packet->type) {
    case eio::PacketType::Open: {
      const auto open = eio::decode_open(packet->data);
      if (!open) {
        out.log = "bad open packet: " + open.error().to_string();
        out.signal = ClientSignal::Closed;
        return out;
      }
      opened_ = true;
      silence_limit_ms_ = open->ping_interval_ms + open->ping_timeout_ms;
      out.replies.push_back(eio::encode_packet(eio::PacketType::Message,
                                               sio::encode_packet({.type = sio::PacketType::Connect,
                                                                   .nsp = nsp_,
                                                                   .ack_id = std::nullopt,
                                                                   .data = auth_json_})));
      return out;
    }
    case eio::PacketType::Ping:
      out.replies.push_back(eio::encode_packet(eio::PacketType::Pong, packet->data));
      return out;
    case eio::PacketType::Close:
      out.signal = ClientSignal::Closed;
      return out;
    case eio::PacketType::Message:
      return on_message(packet->data, now);
    case eio::PacketType::Pong:
    case eio::PacketType::Upgrade:
    case eio::PacketType::Noop:
      return out;
  }
  return out;
}

FrameOutcome SocketioClient::on_message(std::string_view data, UnixMillis now) {
  FrameOutcome out;
  rapidjson::Document payload;
  const auto packet = sio::decode_packet(data, payload);
  if (!packet) {
    out.log = "skipped packet: " + packet.error().to_string();
    return out;
  }
  if (packet->nsp != nsp_) {
    out.log = "skipped packet for namespace " + packet->nsp;
    return out;
  }
  switch (packet->type) {
    case sio::PacketType::Connect:
      connected_ = true;
      out.signal = ClientSignal::Connected;
      break;
    case sio::PacketType::ConnectError: {
      connected_ = false;
      out.signal = ClientSignal::ConnectRefused;
      // decode_packet checked it: an object or a string.
      if (payload.IsObject() && payload.HasMember("message") && payload["message"].IsString()) {
        out.message = payload["message"].GetString();
      } else if (payload.IsString()) {
        out.message = payload.GetString();
      } else {
        out.message = "connection refused";
      }
      break;
    }
    case sio::PacketType::Disconnect:
      connected_ = false;
      out.signal = ClientSignal::Closed;
      break;
    case sio::PacketType::Event:
      read_event(payload, out);
      break;
    case sio::PacketType::Ack:
      if (outstanding_ack_ && packet->ack_id == outstanding_ack_) {
        rtt_ms_ = now - probe_sent_at_;
        outstanding_ack_.reset();
        out.probe_answered = true;
      } else if (packet->ack_id) {
        out.ack = AckReply{*packet->ack_id, packet->data.empty() ? "[]" : packet->data};
      }
      break;
    case sio::PacketType::BinaryEvent:
    case sio::PacketType::BinaryAck:
      out.log = "skipped binary packet";
      break;
  }
  return out;
}

bool SocketioClient::ping_overdue(UnixMillis now) const {
  return opened_ && now - last_heard_ > silence_limit_ms_;
}

std::optional<std::string> SocketioClient::rtt_probe(UnixMillis now, std::int64_t interval_ms) {
  if (!connected_ || outstanding_ack_) return std::nullopt;
  if (probe_sent_at_ != 0 && now - probe_sent_at_ < interval_ms) return std::nullopt;
  outstanding_ack_ = next_ack_id_++;
  probe_sent_at_ = now;
  return eio::encode_packet(eio::PacketType::Message,
                            sio::encode_packet({.type = sio::PacketType::Event,
                                                .nsp = nsp_,
                                                .ack_id = outstanding_ack_,
                                                .data = "[\"" + std::string(kPingEvent) + "\"]"}));
}

std::string SocketioClient::emit(std::string_view name, std::string_view arg_json,
                                 std::uint64_t& ack_id) {
  ack_id = next_ack_id_++;
  std::string data = "[";
  json_text::append_string(data, name);
  if (!arg_json.empty()) {
    data += ',';
    data += arg_json;
  }
  data += ']';
  return eio::encode_packet(eio::PacketType::Message,
                            sio::encode_packet({.type = sio::PacketType::Event,
                                                .nsp = nsp_,
                                                .ack_id = ack_id,
                                                .data = std::move(data)}));
}

std::optional<std::int64_t> SocketioClient::unanswered_ms(UnixMillis now) const {
  if (!outstanding_ack_) return std::nullopt;
  return std::max<std::int64_t>(now - probe_sent_at_, 0);
}

std::string SocketioClient::goodbye() const {
  if (!connected_) return {};
  return eio::encode_packet(
      eio::PacketType::Message,
      sio::encode_packet(
          {.type = sio::PacketType::Disconnect, .nsp = nsp_, .ack_id = std::nullopt, .data = {}}));
}

}  // namespace dashboard::core::client
