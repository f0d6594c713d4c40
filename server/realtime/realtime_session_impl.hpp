// realtime_session_impl: the member definitions of RealtimeSessionT.
// Included only by the TUs that explicitly instantiate the template
// (realtime_session.cpp for tcp::socket; the unit tests for Beast's test
// stream), so the rest of the server sees just the declarations.
//
// [SECTION] Lifecycle   — handshake, open packet, finish and disconnect log
// [SECTION] Reading     — Engine.IO and socket.io packets from the client
// [SECTION] Handshake   — the /dashboard CONNECT and its auth object
// [SECTION] Topics      — subscribe / unsubscribe, limits, the topic hub's frames
// [SECTION] Heartbeat   — server pings, late pongs close the socket
// [SECTION] Writing     — one write in flight, a bounded queue, close last
#pragma once

#include <rapidjson/document.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdint>
#include <utility>

#include "core/client/socketio_client.hpp"
#include "core/socketio/engineio.hpp"
#include "core/socketio/socketio.hpp"
#include "log.hpp"
#include "realtime/realtime_session.hpp"
#include "realtime/topic_request.hpp"

namespace dashboard::server::realtime {
namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
namespace eio = core::eio;
namespace sio = core::sio;
namespace client = core::client;

namespace session_detail {

inline constexpr std::string_view kNamespace = "/dashboard";

// A message is read this many bytes at a time. Beast's whole-message read
// prepares ~1.5 KB of buffer before any byte arrives and holds it for as
// long as it waits, which for an idle socket is between pongs, i.e. always:
// at 10,000 sockets that was a quarter of the memory per connection.
inline constexpr std::size_t kReadPiece = 128;

// How long a close may take. A peer that stopped reading (a full TCP
// window) never lets the write in flight finish, so the close frame would
// wait behind it forever, and the session with its descriptor.
inline constexpr std::chrono::seconds kCloseGrace{5};

// A server's WebSocket frame header (RFC 6455 5.2): FIN, text, unmasked,
// the payload length in 7, 7+16 or 7+64 bits.
inline constexpr std::size_t kMaxFrameHeader = 10;
inline std::size_t encode_text_header(std::size_t payload_size,
                                      std::array<char, kMaxFrameHeader>& out) {
  out[0] = static_cast<char>(0x81);
  if (payload_size < 126) {
    out[1] = static_cast<char>(payload_size);
    return 2;
  }
  if (payload_size <= 0xffff) {
    out[1] = static_cast<char>(126);
    out[2] = static_cast<char>((payload_size >> 8) & 0xff);
    out[3] = static_cast<char>(payload_size & 0xff);
    return 4;
  }
  out[1] = static_cast<char>(127);
  for (std::size_t i = 0; i < 8; ++i) {
    out.at(2 + i) =
        static_cast<char>((static_cast<std::uint64_t>(payload_size) >> (56 - 8 * i)) & 0xff);
  }
  return 10;
}

inline std::int64_t millis_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
      .count();
}

}  // namespace session_detail

// [SECTION] Lifecycle

template <class NextLayer>
RealtimeSessionT<NextLayer>::RealtimeSessionT(NextLayer&& next_layer,
                                              std::shared_ptr<RealtimeContext> ctx,
                                              std::string remote)
    : ws_(std::move(next_layer)),
      ctx_(std::move(ctx)),
      remote_(std::move(remote)),
      ping_timer_(ws_.get_executor()),
      bucket_(ctx_->limits.packets_per_second, ctx_->limits.packet_burst,
              std::chrono::steady_clock::now()),
      lane_(&DeliveryLane::of(ws_.get_executor(), *ctx_->metrics)),
      subscribe_bucket_(ctx_->limits.subscribes_per_second, ctx_->limits.subscribe_burst,
                        std::chrono::steady_clock::now()) {}

template <class NextLayer>
RealtimeSessionT<NextLayer>::~RealtimeSessionT() {
  release_batch();
  if (joined_state_) ctx_->state->leave(this);
  if (!auth_session_.empty() && ctx_->revocations) ctx_->revocations->unwatch(auth_session_, this);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::run(beast::http::request<beast::http::string_body> upgrade) {
  net::dispatch(ws_.get_executor(), [self = this->shared_from_this(), req = std::move(upgrade)] {
    self->joined_state_ = self->ctx_->state->join(self->weak_from_this());
    if (!self->joined_state_) return;  // shutting down: let the socket close
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = websocket::stream_base::none();  // Engine.IO pings do this job
    timeouts.keep_alive_pings = false;
    self->ws_.set_option(timeouts);
    self->ws_.read_message_max(self->ctx_->limits.max_message_bytes);
    self->ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(beast::http::field::server, "dashboard-server");
    }));
    self->ws_.async_accept(req, beast::bind_front_handler(&RealtimeSessionT::on_accept, self));
  });
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::on_accept(beast::error_code ec) {
  if (ec) {
    log::info("socket handshake failed", {{"remote", remote_}, {"error", ec.message()}});
    finished_ = true;
    return;
  }
  opened_at_ = std::chrono::steady_clock::now();
  sid_ = ctx_->ids->next_uuid();
  ctx_->metrics->connected_sockets.Increment();
  eio::OpenPayload open;
  open.sid = sid_;
  open.ping_interval_ms = ctx_->limits.ping_interval.count();
  open.ping_timeout_ms = ctx_->limits.ping_timeout.count();
  open.max_payload = static_cast<std::int64_t>(ctx_->limits.max_message_bytes);
  enqueue(std::make_shared<const std::string>(
              eio::encode_packet(eio::PacketType::Open, eio::encode_open(open))),
          false);
  log::info("socket open", {{"sid", sid_}, {"remote", remote_}});
  schedule_ping();
  read_next();
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::finish(const std::string& reason) {
  if (finished_) return;
  finished_ = true;
  ping_timer_.cancel();
  // A failed write leaves the read pending for as long as the peer keeps its
  // end open, and with it this session (still registered for shutdown, which
  // would then wait for it). Closing the transport completes that read.
  beast::close_socket(beast::get_lowest_layer(ws_));
  if (user_) ctx_->hub->leave(*user_, this);
  leave_topics();
  if (ctx_->status_events) ctx_->status_events->forget(this);
  ctx_->metrics->connected_sockets.Decrement();
  log::Fields fields{{"sid", sid_},
                     {"remote", remote_},
                     {"reason", reason},
                     {"duration_ms", session_detail::millis_since(opened_at_)}};
  if (user_) fields.push_back({"user", *user_});
  log::info("socket closed", fields);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::close_gracefully() {
  net::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->close_with(websocket::close_code::going_away, "server shutdown");
  });
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::end_revoked() {
  net::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->closing_ || self->finished_) return;
    self->ctx_->metrics->auth_failures.Increment();
    self->enqueue(std::make_shared<const std::string>(
                      sio::encode_connect_error(session_detail::kNamespace, "AUTH_FAILED")),
                  false);
    self->close_with(websocket::close_code::policy_error, "session ended");
  });
}

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

// [SECTION] Topics

template <class NextLayer>
void RealtimeSessionT<NextLayer>::handle_topic_request(bool subscribe, std::string_view arg_json,
                                                       std::optional<std::uint64_t> ack_id) {
  // Refusals made here go through the same inbox as the hub's answers, so
  // every ack keeps its place among the topic frames.
  const auto refuse = [&](std::string_view code, const std::string& message) {
    if (ack_id) {
      const Frame ack = TopicHub::ack_frame(*ack_id, TopicHub::error_json(code, message));
      hand_off(std::span<const Frame>(&ack, 1), false);
    }
  };
  if (!ctx_->topic_hub) {
    refuse("UNAVAILABLE", "topics are not served here");
    return;
  }
  const auto request = parse_topic_request(arg_json);
  if (!request) {
    refuse("BAD_REQUEST", request.error().to_string());
    return;
  }
  if (!subscribe) {
    topics_.erase(request->topic);
    ctx_->topic_hub->unsubscribe(request->topic, this, ack_id);
    return;
  }
  if (!subscribe_bucket_.try_take(std::chrono::steady_clock::now())) {
    refuse("RATE_LIMITED", "too many subscribes; try again in a second");
    return;
  }
  if (!topics_.contains(request->topic) && topics_.size() >= ctx_->limits.max_topics_per_socket) {
    refuse("TOO_MANY_TOPICS",
           "at most " + std::to_string(ctx_->limits.max_topics_per_socket) + " topics per socket");
    return;
  }
  topics_.insert(request->topic);
  auto self = this->shared_from_this();
  ctx_->topic_hub->subscribe({.topic = request->topic,
                              .user = *user_,
                              .username = username_,
                              .member = std::weak_ptr<TopicMember>(self),
                              .last_seq = request->last_seq,
                              .ack_id = ack_id});
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::leave_topics() {
  if (topics_.empty() || !ctx_->topic_hub) return;
  ctx_->topic_hub->leave_all(this, std::vector<std::string>(topics_.begin(), topics_.end()));
  topics_.clear();
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::deliver_topic(std::span<const Frame> frames, bool events) {
  hand_off(frames, events);
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::topic_dropped(const std::string& topic) {
  net::post(ws_.get_executor(),
            [self = this->shared_from_this(), topic] { self->topics_.erase(topic); });
}

// [SECTION] Heartbeat

template <class NextLayer>
void RealtimeSessionT<NextLayer>::schedule_ping() {
  if (closing_ || finished_) return;
  ping_timer_.expires_after(awaiting_pong_ ? ctx_->limits.ping_timeout
                                           : ctx_->limits.ping_interval);
  ping_timer_.async_wait(
      beast::bind_front_handler(&RealtimeSessionT::on_ping_timer, this->shared_from_this()));
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::on_ping_timer(beast::error_code ec) {
  if (ec || closing_ || finished_) return;  // re-armed, cancelled or ending
  if (awaiting_pong_) {
    close_with(websocket::close_code::going_away, "ping timeout");
    return;
  }
  awaiting_pong_ = true;
  ping_sent_at_ = std::chrono::steady_clock::now();
  enqueue(std::make_shared<const std::string>(eio::encode_packet(eio::PacketType::Ping)), false);
  schedule_ping();
}

// [SECTION] Writing

template <class NextLayer>
struct RealtimeSessionT<NextLayer>::WriteBatch {
  // 24 frames per writev: a burst rarely has more per socket, and the batch
  // stays within the size glibc's per-thread cache hands out without a lock.
  static constexpr std::size_t kMaxFrames = 24;
  std::array<std::array<char, session_detail::kMaxFrameHeader>, kMaxFrames> headers{};
  std::array<net::const_buffer, 2 * kMaxFrames> buffers;
  std::size_t frames = 0;  // at the queue's front, on their way
};

template <class NextLayer>
void RealtimeSessionT<NextLayer>::enqueue(Frame frame, bool counted) {
  if (queue_frame(std::move(frame), counted) && !writing_) write_next();
}

template <class NextLayer>
bool RealtimeSessionT<NextLayer>::queue_frame(Frame frame, bool counted) {
  if (closing_ || finished_) return false;
  const auto overflows = [&] {
    return counted && queued_bytes_ + frame->size() > ctx_->limits.max_queued_bytes;
  };
  // What is queued already goes on the wire before this frame is judged, as
  // it would have if each frame had been written on arrival.
  if (overflows() && !writing_ && !queue_.empty()) {
    write_next();
    if (closing_ || finished_) return false;  // the write failed and ended the session
  }
  if (overflows()) {
    ctx_->metrics->slow_consumer_disconnects.Increment();
    log::warn(
        "slow consumer",
        {{"sid", sid_}, {"queued_bytes", queued_bytes_}, {"limit", ctx_->limits.max_queued_bytes}});
    // Drop what is not yet on the wire; the client resyncs when it returns.
    const std::size_t on_the_wire = writing_ && batch_ != nullptr ? batch_->frames : 0;
    while (queue_.size() > on_the_wire) {
      queued_bytes_ -= queue_.back().frame->size();
      queue_.pop_back();
    }
    close_with(websocket::close_code::policy_error, "slow consumer");
    return false;
  }
  queued_bytes_ += frame->size();
  queue_.push_back(Queued{std::move(frame), counted});
  return true;
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::write_next() {
  while (true) {
    if (queue_.empty() || !ws_.is_open()) {
      writing_ = false;
      const bool open = ws_.is_open();
      if (!open) {
        // The peer's close frame arrived (Beast answers it), or Beast failed
        // the connection: nothing more goes out.
        queue_.clear();
        queued_bytes_ = 0;
      }
      if (closing_ && !finished_) {
        if (!open) {
          finish(close_reason_);
          return;
        }
        ws_.async_close(websocket::close_reason(close_code_, close_reason_),
                        [self = this->shared_from_this()](beast::error_code) {
                          self->finish(self->close_reason_);
                        });
      }
      return;
    }
    // Headers on the stack: most writes complete right away and need no
    // more; a write the socket cannot take whole moves to a WriteBatch.
    std::array<std::array<char, session_detail::kMaxFrameHeader>, WriteBatch::kMaxFrames> headers;
    std::array<net::const_buffer, 2 * WriteBatch::kMaxFrames> buffers;
    std::size_t frames = 0;
    std::size_t total = 0;
    for (const Queued& queued : queue_) {
      if (frames == WriteBatch::kMaxFrames) break;
      auto& header = headers.at(frames);
      const std::size_t header_size =
          session_detail::encode_text_header(queued.frame->size(), header);
      buffers.at(2 * frames) = net::buffer(header.data(), header_size);
      buffers.at(2 * frames + 1) = net::buffer(*queued.frame);
      total += header_size + queued.frame->size();
      ++frames;
    }
    const std::span<const net::const_buffer> all(buffers.data(), 2 * frames);
    beast::error_code ec;
    const std::size_t sent = ws_.next_layer().try_write(all, ec);
    if (ec && ec != net::error::would_block) {
      finish("write failed: " + ec.message());
      return;
    }
    if (sent == total) {
      written(frames);
      continue;
    }
    // The socket is full (or another write is queued at the gate): the rest
    // waits for it, in a batch that lives until the write completes.
    batch_ = new WriteBatch();  // NOLINT(cppcoreguidelines-owning-memory): see release_batch
    batch_->frames = frames;
    batch_->headers = headers;
    std::size_t skip = sent;
    std::size_t count = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      // Header buffers point into `headers`; re-point them at the batch's copy.
      net::const_buffer buffer =
          i % 2 == 0 ? net::buffer(batch_->headers.at(i / 2).data(), all[i].size()) : all[i];
      if (skip >= buffer.size()) {
        skip -= buffer.size();
        continue;
      }
      buffer += skip;
      skip = 0;
      batch_->buffers.at(count++) = buffer;
    }
    writing_ = true;
    ws_.next_layer().write(
        std::span<const net::const_buffer>(batch_->buffers.data(), count),
        [self = this->shared_from_this()](beast::error_code write_ec, std::size_t bytes) {
          self->on_write(write_ec, bytes);
        });
    return;
  }
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  const std::size_t frames = batch_->frames;
  release_batch();
  writing_ = false;
  if (ec) {
    finish("write failed: " + ec.message());
    return;
  }
  written(frames);
  write_next();
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::written(std::size_t frames) {
  WriteTally tally;
  tally.writes = 1;
  for (std::size_t i = 0; i < frames; ++i) {
    tally.bytes += queue_.front().frame->size();
    tally.events += queue_.front().event ? 1 : 0;
    queue_.pop_front();
  }
  queued_bytes_ -= tally.bytes;
  // Inside a lane's drain the shared counters are updated once for all of
  // its sockets.
  if (WriteTally* drain = DeliveryLane::current_tally()) {
    drain->writes += tally.writes;
    drain->bytes += tally.bytes;
    drain->events += tally.events;
  } else {
    DeliveryLane::count(*ctx_->metrics, tally);
  }
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::release_batch() {
  delete batch_;  // NOLINT(cppcoreguidelines-owning-memory): see WriteBatch
  batch_ = nullptr;
}

template <class NextLayer>
void RealtimeSessionT<NextLayer>::close_with(websocket::close_code code, std::string reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  close_code_ = code;
  close_reason_ = std::move(reason);
  // The ping timer becomes the close deadline (re-arming it cancels the ping).
  ping_timer_.expires_after(session_detail::kCloseGrace);
  ping_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (!ec) self->finish(self->close_reason_ + " (the peer did not take the close in time)");
  });
  if (!writing_) write_next();  // nothing in flight: close now
}

}  // namespace dashboard::server::realtime
