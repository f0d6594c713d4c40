// realtime_session_writing: one write in flight, a bounded queue, the close last.
// Part of RealtimeSessionT's definitions; see realtime_session_impl.hpp.
#pragma once

#include "realtime/realtime_session_detail.hpp"

namespace dashboard::server::realtime {

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
