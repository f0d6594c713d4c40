// cluster_presence: the part of a topic's presence that lives on other
// instances, for the topic hub. Several instances share PostgreSQL behind a
// load balancer, so alice on instance A and bob on instance B open the same
// board; each instance writes its own viewers to the database
// (store/topic_presence.hpp) and shows its members the union of its own and
// the others'.
//
// Not thread-safe: the topic hub calls it on its strand, which runs on the
// database workers (every call here may wait on the database). Idle costs
// one heartbeat and one sweep per instance per beat interval, nothing per
// socket: other instances' viewers are read once when a room opens here,
// then again only when a "p <topic>" wake-up says they changed.
//
//   ClusterPresence presence(table, clock);
//   auto& names = presence.others("board:alice");        // read once per room
//   presence.local_changed("board:alice", {{1, "alice"}});
//   presence.flush();                                    // one transaction
//   if (presence.reread("board:alice")) announce();      // after a wake-up
//   presence.tick(local_viewers);                        // every beat_interval
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "clock.hpp"
#include "store/topic_presence.hpp"

namespace dashboard::server::realtime {

class ClusterPresence {
 public:
  struct Options {
    // How often this instance says it is alive and looks for dead ones.
    std::chrono::milliseconds beat_interval{5000};
    // An instance silent this long is dead: its viewers are dropped. With
    // the beat interval, a crashed instance's viewers go within 25 s.
    std::chrono::milliseconds stale_after{20000};
  };
  using Viewers = std::map<std::string, std::vector<store::TopicViewer>>;

  ClusterPresence(std::shared_ptr<store::PresenceTable> table, std::shared_ptr<Clock> clock,
                  Options options);

  const Options& options() const { return options_; }

  // Other live instances' viewers of `topic`, sorted: read the first time
  // (a room opened here), then kept until the room closes.
  const std::vector<std::string>& others(const std::string& topic);
  // This instance's viewers of `topic` are now `viewers` (none: the room
  // closed); written at the next flush().
  void local_changed(const std::string& topic, std::vector<store::TopicViewer> viewers);
  bool has_pending() const { return !pending_.empty(); }
  // Writes every pending change in one transaction; on failure keeps them
  // for the next flush or tick.
  void flush();
  // Reads `topic`'s other viewers again (a room has it open here); true
  // when they changed.
  bool reread(const std::string& topic);
  // Reads every open room's other viewers in one query (a wake-up may have
  // been lost); returns the topics whose viewers changed.
  std::vector<std::string> reread_all();
  // The periodic work: the heartbeat, the sweep of dead instances (their
  // topics are woken everywhere), and, when this instance's own beat lapsed
  // long enough for another to sweep it, its rows written again from
  // `local()` (every room's viewers here).
  void tick(const std::function<Viewers()>& local);
  // A clean shutdown: this instance's rows go, and nothing is written after.
  void withdraw();

 private:
  core::UnixMillis alive_since() const;

  std::shared_ptr<store::PresenceTable> table_;
  std::shared_ptr<Clock> clock_;
  Options options_;
  std::unordered_map<std::string, std::vector<std::string>> others_;  // rooms open here
  Viewers pending_;
  std::optional<core::UnixMillis> last_beat_;  // the last heartbeat that was written
  bool failing_ = false;                       // logs a failure once, not every beat
  bool withdrawn_ = false;
};

}  // namespace dashboard::server::realtime
