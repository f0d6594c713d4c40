// realtime_session: one socket.io v4 client over a WebSocket (Engine.IO v4,
// text frames). Sends the open packet, pings every ping_interval and closes
// when the pong is late, authenticates the /dashboard CONNECT with the JWT
// in its auth object, then joins the hub's room user:<id> and writes the
// frames the hub delivers, one write in flight and a bounded queue.
//
// Frames are written by the session itself, everything queued at once in
// one writev (a header per frame, the hub's shared payload bytes as they
// are): a burst of events costs one syscall per socket, not one per event.
// The write is tried at once, without waiting; only what the socket does
// not take goes on as an asynchronous write.
// Beast reads, and writes what the protocol needs on its own (handshake,
// pong, close); write_gate.hpp keeps the two writers' bytes apart.
//
// All state lives on the socket's strand; deliver() and close_gracefully()
// may be called from any thread.
//
// The session is a template over the WebSocket's next layer so unit tests
// can drive it through Beast's in-memory test stream. The server uses
// RealtimeSession (over the tcp::socket itself: the WebSocket's own
// timeout does the handshake deadline, and beast::tcp_stream's timers
// would cost ~0.5 KB per idle socket for nothing), instantiated once in
// realtime_session.cpp; the member definitions live in
// realtime_session_impl.hpp, included only by the instantiating TUs.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/container/devector.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "http/shared_state.hpp"
#include "realtime/delivery_lane.hpp"
#include "realtime/hub.hpp"
#include "realtime/rate_limiter.hpp"
#include "realtime/realtime_context.hpp"
#include "realtime/topic_hub.hpp"
#include "realtime/write_gate.hpp"

namespace dashboard::server::realtime {

template <class NextLayer>
class RealtimeSessionT : public Subscriber,
                         public TopicMember,
                         public LaneTarget,
                         public http::Closable,
                         public std::enable_shared_from_this<RealtimeSessionT<NextLayer>> {
 public:
  RealtimeSessionT(NextLayer&& next_layer, std::shared_ptr<RealtimeContext> ctx,
                   std::string remote);
  ~RealtimeSessionT() override;

  // Completes the WebSocket handshake for `upgrade` and starts the session.
  void run(boost::beast::http::request<boost::beast::http::string_body> upgrade);

  bool wants_offsets() const override { return wants_offsets_.load(); }
  using Subscriber::deliver;
  void deliver(std::span<const Frame> frames) override;
  void resync_required(std::int64_t last_seq) override;
  void close_gracefully() override;
  bool movable() const override { return true; }
  void move_elsewhere() override;
  void deliver_topic(std::span<const Frame> frames, bool events) override;
  void topic_dropped(const std::string& topic) override;
  // Any thread: the sign-in session this socket authenticated with ended:
  // CONNECT_ERROR AUTH_FAILED, then close (the client shows sign-in).
  void end_revoked();

 private:
  void on_accept(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_text(std::string_view text);
  void handle_connect(std::string_view nsp, std::string_view auth_json);
  // `subscribe` / `unsubscribe` {topic, lastSeq?}, answered in the ack.
  void handle_topic_request(bool subscribe, std::string_view arg_json,
                            std::optional<std::uint64_t> ack_id);
  void leave_topics();
  void schedule_ping();
  void on_ping_timer(boost::beast::error_code ec);
  // LaneTarget: the hub's frames arrive through this thread's delivery lane.
  void take(Frame frame, bool counted) override;
  void flush() override;
  struct Queued {
    Frame frame;
    bool event = false;  // counts as an event sent
  };
  // What one writev sends: the frames at the front of the queue, each a
  // WebSocket header and the hub's payload. Allocated while the socket is
  // writing, so an idle one holds none.
  struct WriteBatch;
  // Any thread: through this socket's delivery lane, in order.
  void hand_off(std::span<const Frame> frames, bool counted);
  // Queues a frame and starts writing if idle.
  void enqueue(Frame frame, bool counted);
  // Queues a frame only; false when the session is closing (or this frame
  // overflowed the queue and closed it).
  bool queue_frame(Frame frame, bool counted);
  void write_next();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  // The first `frames` of the queue are out: unqueue and count them.
  void written(std::size_t frames);
  void release_batch();
  // Ends the session with a close frame; `reason` goes to the disconnect log.
  void close_with(boost::beast::websocket::close_code code, std::string reason);
  void finish(const std::string& reason);

  boost::beast::websocket::stream<WriteGate<NextLayer>> ws_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<RealtimeContext> ctx_;
  std::string remote_;
  std::string sid_;
  boost::asio::steady_timer ping_timer_;
  TokenBucket bucket_;
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point ping_sent_at_;
  bool awaiting_pong_ = false;

  // Frames from other threads (the hub's) come through the lane of this
  // socket's context: one post per burst for all its sockets.
  DeliveryLane* lane_;
  // Frames waiting for the write in flight. A devector, not a deque: an
  // empty one owns no memory (libstdc++'s deque allocates ~600 bytes up
  // front), and most sockets sit idle most of the time.
  boost::container::devector<Queued> queue_;
  std::size_t queued_bytes_ = 0;
  WriteBatch* batch_ = nullptr;  // while writing: the frames at the queue's front
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
  bool joined_state_ = false;
  std::string close_reason_;
  boost::beast::websocket::close_code close_code_ = boost::beast::websocket::close_code::normal;

  std::optional<store::UserId> user_;  // set once the CONNECT is authenticated
  std::string username_;
  std::unordered_set<std::string> topics_;  // subscribed or being subscribed
  TokenBucket subscribe_bucket_;
  std::string auth_session_;  // the access token's sign-in session, if it names one
  std::atomic<bool> wants_offsets_{false};
};

using RealtimeSession = RealtimeSessionT<boost::asio::ip::tcp::socket>;
extern template class RealtimeSessionT<boost::asio::ip::tcp::socket>;

// Starts a session for an accepted upgrade request (used by the gateway).
void start_realtime_session(boost::asio::ip::tcp::socket&& socket,
                            boost::beast::http::request<boost::beast::http::string_body> upgrade,
                            std::shared_ptr<RealtimeContext> ctx, std::string remote);

}  // namespace dashboard::server::realtime
