// topic_hub: fans topic streams (board:<user>, moc:<id>) out to the sockets
// that subscribed to them, like the hub does for user rooms: the store (or
// the PostgreSQL listener, for another instance's commits) calls
// notify_commit(); the room reads the new topic events once, encodes each
// frame once and hands the same frame to every member, in seq order.
//
// Everything runs on one strand, so a subscribe's authorization, its
// replay of missed events, its ack and the live stream are in one order:
// replayed events, then the ack {ok, seq, users}, then live events, with
// no gap and no duplicate. A share's revocation (ACCESS_REVOKED in
// board:<owner>) ends the grantee's subscriptions to that board and to its
// MOCs at exactly that point of the stream: an `unsubscribed` event, and
// nothing later (a MOC room whose board nobody follows here re-reads its
// grantees' access before it sends them more). Presence (who is subscribed to a topic) is this
// instance's members, plus, on a cluster (share_presence()), the other
// instances' (cluster_presence.hpp); a `presence` event goes to the room
// when the names it shows change.
//
//   TopicHub topics(executor, store);
//   store->set_topic_commit_listener([&](auto& topic, auto seq) { topics.notify_commit(topic, seq);
//   }); topics.subscribe({"board:alice", user, "bob", session, last_seq, ack_id});
//   topics.unsubscribe("board:alice", session.get(), ack_id);
//   topics.leave_all(session.get(), {"board:alice"});   // the socket closed
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "realtime/cluster_presence.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"

namespace dashboard::server::realtime {

// Implemented by sockets; called on the topic hub's strand, must not block.
class TopicMember {
 public:
  virtual ~TopicMember() = default;
  // Frames in order (events, acks, presence, unsubscribed), through the
  // same path as the user stream's; `events` counts them as events sent.
  virtual void deliver_topic(std::span<const Frame> frames, bool events) = 0;
  // The hub no longer holds this member in `topic` (refused or revoked):
  // it stops counting against the socket's topic limit.
  virtual void topic_dropped(const std::string& topic) = 0;
};

struct TopicSubscribeRequest {
  std::string topic;  // already a well-formed topic name
  store::UserId user = 0;
  std::string username;
  std::weak_ptr<TopicMember> member;
  std::optional<std::int64_t> last_seq;  // replay after this
  std::optional<std::uint64_t> ack_id;   // the socket.io ack to answer
};

class TopicHub {
 public:
  TopicHub(const boost::asio::any_io_executor& executor,
           std::shared_ptr<store::DashboardStore> store);

  // Any thread. The stream of `topic` grew; cheap when nobody listens.
  void notify_commit(const std::string& topic, std::int64_t last_seq);
  // Any thread. Reads every room from its position (a NOTIFY can be lost).
  void catch_up_all();

  // Any thread. Authorizes, replays after last_seq, answers the ack, joins.
  void subscribe(TopicSubscribeRequest request);
  // Any thread. Leaves the room and answers the ack {ok: true}.
  void unsubscribe(const std::string& topic, const TopicMember* member,
                   std::optional<std::uint64_t> ack_id);
  // Any thread. The socket is gone: leaves each of `topics` without answers.
  void leave_all(const TopicMember* member, std::vector<std::string> topics);

  // Before serving: presence becomes cluster-wide, and the periodic
  // heartbeat and sweep start (topic_hub_presence.cpp).
  void share_presence(std::shared_ptr<ClusterPresence> presence);
  // Any thread. Another instance's viewers of `topic` changed ("p <topic>").
  void presence_changed(const std::string& topic);
  // Any thread. Wake-ups may have been lost (the listener reconnected).
  void refresh_presence();
  // Any thread, at shutdown: this instance's viewers leave the cluster's
  // presence; ready once done.
  std::future<void> stop_presence();

  // The frames (exposed for tests).
  static Frame event_frame(const store::TopicEvent& event);
  static Frame ack_frame(std::uint64_t ack_id, const std::string& json_object);
  static std::string error_json(std::string_view code, std::string_view message);

 private:
  struct Member {
    std::weak_ptr<TopicMember> member;
    store::UserId user = 0;
    std::string username;
  };
  struct Room {
    store::UserId owner = 0;  // whose board (or MOC) it is
    std::int64_t delivered_through = 0;
    std::unordered_map<const TopicMember*, Member> members;
    std::vector<std::string> announced;  // the names the members were last shown
  };

  void do_subscribe(TopicSubscribeRequest& request);
  void fan_out(const std::string& topic);
  // Ends `grantee`'s membership of every room of `owner`'s, with an
  // `unsubscribed` event; rooms other than `current` left empty go.
  void revoke(store::UserId owner, store::UserId grantee, const std::string& current);
  // Ends the subscriptions of members of a moc:<id> room who lost access.
  void recheck_grantees(const std::string& topic);
  // Removes a member; tells the rest of the room when who is here changed.
  void remove(const std::string& topic, Room& room, const TopicMember* member);
  // Shows the room's members (but `except`) who is here, if that changed.
  void announce_presence(const std::string& topic, Room& room, const TopicMember* except);
  static std::vector<std::string> usernames(const Room& room);
  // Who is here: this instance's members and, on a cluster, the others'.
  std::vector<std::string> users_of(const std::string& topic, const Room& room);
  // This instance's viewers of `topic` changed (the room may be gone):
  // written now (`at_once`, a join: once acked, the newcomer is seen on
  // every instance), or with the rest of this burst of changes.
  void local_presence_changed(const std::string& topic, bool at_once = false);
  void arm_presence_timer();
  // This instance's viewers of a room, each user once.
  static std::vector<store::TopicViewer> viewers(const Room& room);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::shared_ptr<store::DashboardStore> store_;
  std::unordered_map<std::string, Room> rooms_;  // only touched on strand_
  std::shared_ptr<ClusterPresence> presence_;    // null: presence is this instance's
  boost::asio::steady_timer presence_timer_;     // the heartbeat and sweep, on strand_
  bool flush_posted_ = false;                    // one presence write per burst of changes
};

}  // namespace dashboard::server::realtime
