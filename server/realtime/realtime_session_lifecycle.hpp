// realtime_session_lifecycle: the handshake, the open packet, finish, close and the disconnect log.
// Part of RealtimeSessionT's definitions; see realtime_session_impl.hpp.
#pragma once

#include "realtime/realtime_session_detail.hpp"

namespace dashboard::server::realtime {

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
void RealtimeSessionT<NextLayer>::move_elsewhere() {
  // The same close as a shutdown's: the client reconnects (HAProxy's
  // leastconn sends it to a less busy instance) and resumes from its seq.
  net::post(ws_.get_executor(), [self = this->shared_from_this()] {
    self->close_with(websocket::close_code::going_away, "moved to balance the instances");
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

}  // namespace dashboard::server::realtime
