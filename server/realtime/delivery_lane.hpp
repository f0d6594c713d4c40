// delivery_lane: hands frames from the hub to the sockets of one I/O thread,
// one post per burst for all of them.
//
// A fan-out to 5,000 sockets used to post 5,000 handlers across threads
// (each an allocation, the target scheduler's lock, often a wake-up). Every
// io_context now has one lane (an Asio service): the hub appends
// (socket, frame) pairs under the lane's lock and posts one drain when the
// lane was empty; the drain, on the socket's own thread, queues each frame
// on its socket, then lets every socket it touched write once, all its new
// frames in one writev.
//
// The drain touches sockets directly, so a lane serves a context that one
// thread runs (the server's layout, io_contexts.hpp; the unit tests' single
// io_context), and a socket uses the lane of the context it lives on.
//
//   auto& lane = DeliveryLane::of(socket.get_executor());
//   lane.deliver(shared_from_this(), frames, /*counted=*/true);   // any thread
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "metrics.hpp"
#include "realtime/hub.hpp"

namespace dashboard::server::realtime {

// A socket, as the lane sees it. Called on the socket's thread only.
class LaneTarget {
 public:
  virtual ~LaneTarget() = default;
  // Queue one frame, no writing yet.
  virtual void take(Frame frame, bool counted) = 0;
  // Start writing what was taken, if not writing already.
  virtual void flush() = 0;

 private:
  friend class DeliveryLane;
  bool in_drain_ = false;  // taken from in the current drain: flush once at its end
};

// What the sockets of one drain wrote, added to the shared counters once per
// drain instead of once per write (every I/O thread updates them).
struct WriteTally {
  std::size_t writes = 0;
  std::size_t events = 0;
  std::size_t bytes = 0;
};

class DeliveryLane : public boost::asio::execution_context::service {
 public:
  using key_type = DeliveryLane;
  static inline boost::asio::execution_context::id id;  // NOLINT: Asio's service protocol

  explicit DeliveryLane(boost::asio::execution_context& context);

  // The lane of the context `executor` belongs to (created on first use),
  // counting its sockets' writes into `metrics`. Called on that context's
  // thread (a socket asks for its lane when it starts).
  static DeliveryLane& of(const boost::asio::any_io_executor& executor, Metrics& metrics);

  // Any thread. Frames for one target arrive in the order delivered.
  void deliver(const std::shared_ptr<LaneTarget>& target, std::span<const Frame> frames,
               bool counted);

  // The tally of the drain running on this thread, or nullptr outside one:
  // writes made then are counted in it and go to the metrics at its end.
  static WriteTally* current_tally();
  // Adds a tally to the shared counters.
  static void count(Metrics& metrics, const WriteTally& tally);

 private:
  struct Entry {
    std::shared_ptr<LaneTarget> target;
    Frame frame;
    bool counted = false;
  };

  void shutdown() override;
  void drain();

  boost::asio::any_io_executor executor_;
  std::mutex mutex_;
  std::vector<Entry> pending_;  // guarded by mutex_
  bool drain_posted_ = false;   // guarded by mutex_
  std::vector<Entry> draining_;
  std::vector<LaneTarget*> touched_;
  Metrics* metrics_ = nullptr;
};

}  // namespace dashboard::server::realtime
