// realtime_session_topics: subscribe / unsubscribe with their limits, the topic hub's frames, and
// the server's pings. Part of RealtimeSessionT's definitions; see realtime_session_impl.hpp.
#pragma once

#include "realtime/realtime_session_detail.hpp"

namespace dashboard::server::realtime {

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

}  // namespace dashboard::server::realtime
