// hub: fans events out from the outbox to the sockets of room user:<id>.
//
// The store calls notify_commit() after every commit that appended events;
// the hub reads the new outbox rows once, encodes each as a socket.io frame
// once, and hands the same immutable frame to every subscriber of that
// user, in seq order. Joining with a resume point replays the missed events
// first, on the same strand, so a subscriber sees no gap and no duplicate
// between the replay and the live stream.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics.hpp"
#include "store/store.hpp"

namespace dashboard::server::realtime {

// An immutable frame shared by all its recipients.
using Frame = std::shared_ptr<const std::string>;

// Implemented by sockets; called on the hub's strand, must not block.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Connection-state-recovery clients (socket.io) get the seq appended to
  // each event as its offset; others get the plain frame.
  virtual bool wants_offsets() const = 0;
  // Frames in order; one call per fan-out page rather than per event, so a
  // socket pays one hand-off to its own strand however many events a
  // commit burst produced.
  virtual void deliver(std::span<const Frame> frames) = 0;
  void deliver(Frame frame) { deliver(std::span<const Frame>(&frame, 1)); }
  // The outbox no longer reaches back to where this subscriber resumes.
  virtual void resync_required(std::int64_t last_seq) = 0;
};

// The subscribers of one room, in no particular order. Joining and leaving
// cost O(1): when 100,000 sockets leave at once (a restart, a network
// blip), erasing each from the middle of a vector was O(n^2), seconds.
class RoomMembers {
 public:
  struct Member {
    std::weak_ptr<Subscriber> subscriber;
    const Subscriber* key = nullptr;
    // Set while its replay could not finish (the database was down): it
    // has everything up to here and gets nothing live until it catches up.
    std::optional<std::int64_t> replayed_through;
  };

  // A subscriber already in the room is not added twice (it is updated).
  void add(Member member);
  // Nothing happens for one that is not in the room.
  void remove(const Subscriber* key);

  const std::vector<Member>& all() const { return members_; }
  // Members' state may change in place; who is a member changes only above.
  std::vector<Member>& all() { return members_; }
  bool empty() const { return members_.empty(); }
  std::size_t size() const { return members_.size(); }

 private:
  std::vector<Member> members_;
  std::unordered_map<const Subscriber*, std::size_t> slots_;  // where each is in members_
};

class Hub {
 public:
  Hub(const boost::asio::any_io_executor& executor, std::shared_ptr<store::DashboardStore> store,
      Metrics& metrics);

  // Any thread. Wakes the hub for `user`; cheap when nobody listens.
  void notify_commit(store::UserId user, std::int64_t last_seq);

  // Any thread. Counts the events committed for the rooms here that are not
  // fanned out yet (the hub is behind, or cannot read the outbox); `done`
  // runs on the hub's strand.
  void count_undelivered(std::function<void(std::int64_t)> done);

  // Any thread. Reads every room's outbox from its position: after the
  // LISTEN connection came back, and periodically, since a NOTIFY can be lost.
  void catch_up_all();

  // Any thread. Adds `subscriber` to room user:<id>. With `resume_after`,
  // events after that seq are replayed before live ones. `on_joined` runs
  // on the hub's strand once the room's live position is fixed and before
  // any replayed frame is delivered: a socket announces "connected" from
  // it, so every commit after the client sees that reaches it.
  void join(store::UserId user, std::weak_ptr<Subscriber> subscriber,
            std::optional<std::int64_t> resume_after, std::function<void()> on_joined = {});
  void leave(store::UserId user, const Subscriber* subscriber);

  // The wire frame for one outbox event (exposed for tests and benchmarks).
  static Frame encode_frame(const store::StoredEvent& event, bool with_offset);

 private:
  struct Room {
    std::int64_t delivered_through = 0;  // last seq fanned out to this room
    std::int64_t committed_through = 0;  // last seq a commit announced
    bool position_known = false;         // false while the database could not say
    RoomMembers members;
  };
  enum class ReplayOutcome { Done, Resync, Unavailable };

  void fan_out(store::UserId user);
  // dashboard_event_delivery_lag_seconds, for a page about to go out live.
  void observe_lag(const std::vector<store::StoredEvent>& events);
  // Replays (from, to] to `subscriber`; `from` advances as pages go out.
  ReplayOutcome replay(store::UserId user, Subscriber& subscriber, std::int64_t& from,
                       std::int64_t to);
  // Members whose replay was cut short get the rest first.
  void resume_replays(store::UserId user, Room& room);
  // Tries the rooms again shortly: the database could not be read.
  void retry_later();

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::shared_ptr<store::DashboardStore> store_;
  Metrics& metrics_;
  std::unordered_map<store::UserId, Room> rooms_;  // only touched on strand_
  boost::asio::steady_timer retry_timer_;          // only touched on strand_
  bool retry_armed_ = false;
};

}  // namespace dashboard::server::realtime
