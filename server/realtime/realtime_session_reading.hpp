// realtime_session_reading: Engine.IO and socket.io packets from the client, and the /dashboard
// CONNECT with its auth object. Part of RealtimeSessionT's definitions; see
// realtime_session_impl.hpp.
#pragma once

#include "realtime/realtime_session_detail.hpp"

namespace dashboard::server::realtime {

// [SECTION] Reading

template <class NextLayer>
void RealtimeSessionT<NextLayer>::read_next() {
  ws_.async_read_some(
      buffer_, session_detail::kReadPiece,
      beast::bind_front_handler(&RealtimeSessionT::on_read, this->shared_from_this()));
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec == websocket::error::message_too_big) {
    ctx_->metrics->protocol_errors.Increment();
    close_with(websocket::close_code::too_big, "message over the size limit");
    return;
  }
  if (ec) {
    finish(closing_ ? close_reason_ : "transport closed: " + ec.message());
    return;
  }
  if (finished_) return;  // ended while this read completed: nothing more to act on
  if (!ws_.is_message_done()) {
    read_next();  // the rest of the message; read_message_max still bounds it
    return;
  }
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  buffer_.shrink_to_fit();  // an idle socket keeps only the next piece
  if (closing_) {
    read_next();  // keep reading until the peer answers the close frame
    return;
  }
  if (!ws_.got_text()) {
    ctx_->metrics->protocol_errors.Increment();
    close_with(websocket::close_code::bad_payload, "binary frames are not supported");
  } else if (!bucket_.try_take(std::chrono::steady_clock::now())) {
    ctx_->metrics->protocol_errors.Increment();
    close_with(websocket::close_code::policy_error, "packet rate limit exceeded");
  } else {
    handle_text(text);
  }
  read_next();
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::handle_text(std::string_view text) {
  const auto packet = eio::decode_packet(text);
  if (!packet) {
    ctx_->metrics->protocol_errors.Increment();
    log::warn("malformed packet", {{"sid", sid_}, {"error", packet.error().to_string()}});
    close_with(websocket::close_code::protocol_error, "parse error");
    return;
  }
  switch (packet->type) {
    case eio::PacketType::Pong:
      awaiting_pong_ = false;
      schedule_ping();
      return;
    case eio::PacketType::Ping:  // a probe; answer in kind
      enqueue(std::make_shared<const std::string>(
                  eio::encode_packet(eio::PacketType::Pong, packet->data)),
              false);
      return;
    case eio::PacketType::Close:
      close_with(websocket::close_code::normal, "client closed");
      return;
    case eio::PacketType::Message:
      break;
    default:
      return;  // upgrade / noop mean nothing on a WebSocket-only server
  }
  const auto message = sio::decode_packet(packet->data);
  if (!message) {
    ctx_->metrics->protocol_errors.Increment();
    log::warn("malformed packet", {{"sid", sid_}, {"error", message.error().to_string()}});
    close_with(websocket::close_code::protocol_error, "parse error");
    return;
  }
  if (message->type == sio::PacketType::Connect) {
    handle_connect(message->nsp, message->data);
  } else if (message->type == sio::PacketType::Disconnect && user_ &&
             message->nsp == session_detail::kNamespace) {
    ctx_->hub->leave(*user_, this);
    leave_topics();
    if (ctx_->status_events) ctx_->status_events->forget(this);
    log::info("socket left namespace", {{"sid", sid_}, {"user", *user_}});
    user_.reset();
  } else if (message->type == sio::PacketType::Event && user_ &&
             message->nsp == session_detail::kNamespace) {
    // The client times its round trip with an acknowledged ping; the ack
    // is all it needs. Topic requests are answered in their ack; status
    // events have their own handler. Other client events carry nothing we
    // act on.
    const auto event = sio::decode_event(*message);
    if (event && (event->name == "subscribe" || event->name == "unsubscribe")) {
      handle_topic_request(event->name == "subscribe", event->first_arg_json, message->ack_id);
    } else if (event && ctx_->status_events &&
               ctx_->status_events->handle(*user_, *event, message->ack_id,
                                           this->shared_from_this())) {
      return;
    } else if (event && message->ack_id && event->name == client::kPingEvent) {
      enqueue(std::make_shared<const std::string>(eio::encode_packet(
                  eio::PacketType::Message,
                  sio::encode_packet({.type = sio::PacketType::Ack,
                                      .nsp = std::string(session_detail::kNamespace),
                                      .ack_id = message->ack_id,
                                      .data = "[]"}))),
              false);
    }
  }
}

// [SECTION] Handshake

template <class NextLayer>
void RealtimeSessionT<NextLayer>::handle_connect(std::string_view nsp, std::string_view auth_json) {
  if (nsp != session_detail::kNamespace) {
    enqueue(
        std::make_shared<const std::string>(sio::encode_connect_error(nsp, "Invalid namespace")),
        false);
    return;
  }
  if (user_) return;  // already connected to /dashboard
  rapidjson::Document auth;
  auth.Parse(auth_json.data(), auth_json.size());
  std::string why = "missing token";
  std::optional<auth::TokenClaims> claims;
  if (!auth.HasParseError() && auth.IsObject() && auth.HasMember("token") &&
      auth["token"].IsString()) {
    const auto verified = ctx_->tokens->verify(auth["token"].GetString());
    if (verified) {
      claims = *verified;
    } else {
      why = std::string(auth::describe(verified.error()));
    }
  }
  if (claims && !claims->session_id.empty() && ctx_->revocations &&
      ctx_->revocations->revoked(claims->session_id)) {
    why = "this sign-in has ended";
    claims.reset();
  }
  if (!claims) {
    ctx_->metrics->auth_failures.Increment();
    log::info("socket auth failed", {{"sid", sid_}, {"remote", remote_}, {"reason", why}});
    enqueue(std::make_shared<const std::string>(sio::encode_connect_error(nsp, "AUTH_FAILED")),
            false);
    close_with(websocket::close_code::policy_error, "auth failed: " + why);
    return;
  }

  // Our client resumes with auth.lastSeq; socket.io clients with connection
  // state recovery send back the pid and the offset (a seq) we gave them.
  std::optional<std::int64_t> resume;
  if (auth.HasMember("lastSeq") && auth["lastSeq"].IsInt64() && auth["lastSeq"].GetInt64() >= 0) {
    resume = auth["lastSeq"].GetInt64();
  } else if (auth.HasMember("offset") && auth["offset"].IsString()) {
    try {
      resume = std::stoll(auth["offset"].GetString());
    } catch (const std::exception&) {
      resume.reset();  // not one of our offsets: live events only
    }
  }
  const bool socketio_client = !auth.HasMember("lastSeq");
  wants_offsets_ = socketio_client;
  user_ = claims->user;
  username_ = claims->username;
  if (!claims->session_id.empty() && ctx_->revocations) {
    auth_session_ = claims->session_id;
    ctx_->revocations->watch(auth_session_, this, [weak = this->weak_from_this()] {
      if (auto live = weak.lock()) live->end_revoked();
    });
  }
  // "Connected" goes out from the hub once the room's live position is
  // fixed, ahead of any replay (both are posted to this strand in order).
  Frame connected = std::make_shared<const std::string>(
      sio::encode_connect_ok(nsp, sid_, socketio_client ? sid_ : std::string()));
  auto self = this->shared_from_this();
  ctx_->hub->join(*user_, std::weak_ptr<Subscriber>(self), resume,
                  [self, connected = std::move(connected)] {
                    // Through the inbox, so it stays ahead of the replay the hub hands
                    // over right after.
                    self->hand_off(std::span<const Frame>(&connected, 1), false);
                  });
  log::Fields fields{{"sid", sid_}, {"user", *user_}, {"username", claims->username}};
  if (resume) fields.push_back({"resume_after", *resume});
  log::info("socket connected", fields);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::deliver(std::span<const Frame> frames) {
  hand_off(frames, true);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::hand_off(std::span<const Frame> frames, bool counted) {
  lane_->deliver(this->shared_from_this(), frames, counted);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::take(Frame frame, bool counted) {
  queue_frame(std::move(frame), counted);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::flush() {
  // Everything the lane's drain gave this socket leaves in one write.
  if (!writing_ && !closing_ && !finished_) write_next();
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::resync_required(std::int64_t last_seq) {
  deliver(std::make_shared<const std::string>(
      sio::encode_event_frame(session_detail::kNamespace, "dashboard:resyncRequired",
                              "{\"lastSeq\":" + std::to_string(last_seq) + "}")));
}

}  // namespace dashboard::server::realtime
