// topic_presence: who has each topic open, per instance, in the database
// the instances share, so every instance can show the whole cluster's
// viewers ("Here now: alice, bob") and not only its own sockets'.
//
// Each instance owns its rows (topic_presence, keyed by topic, instance and
// user) and rewrites a topic's rows when its own viewers of that topic
// change. An instance is alive while its heartbeat (status_heartbeats, the
// status monitor's table) is recent: rows of an instance that stopped
// beating are ignored by readers and removed by whoever sweeps first, so a
// crashed instance's viewers go without its help. On PostgreSQL every
// change queues the NOTIFY "p <topic>" (channel kCommitChannel), delivered
// at commit: a wake-up to re-read that topic, never the data itself.
//
//   PresenceTable table(database, "host:4242");
//   table.beat(now);
//   table.publish({{"board:alice", {{1, "alice"}}}}, now);
//   auto names = table.others("board:alice", now - 20'000);  // other instances'
//   auto gone = table.sweep(now - 20'000);   // topics whose viewers changed
//   table.withdraw();                         // clean shutdown
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

// One user with a topic open on this instance.
struct TopicViewer {
  UserId user = 0;
  std::string username;
  bool operator==(const TopicViewer&) const = default;
};

class PresenceTable {
 public:
  PresenceTable(std::shared_ptr<sql::Database> db, std::string instance_id);

  const std::string& instance_id() const { return instance_id_; }

  // Makes this instance's viewers of each topic exactly the given ones (an
  // empty list removes the topic), all in one transaction. A viewer who
  // stays keeps its `since`.
  void publish(const std::map<std::string, std::vector<TopicViewer>>& topics, core::UnixMillis now);
  // The usernames other instances that beat at or after `alive_since` have
  // on `topic`: sorted, each once.
  std::vector<std::string> others(const std::string& topic, core::UnixMillis alive_since);
  // The same for every topic at once (after a lost wake-up).
  std::map<std::string, std::vector<std::string>> all_others(core::UnixMillis alive_since);

  // This instance is alive at `now` (the status monitor's heartbeat row).
  void beat(core::UnixMillis now);
  // Removes the rows of instances that did not beat since `alive_since`;
  // returns the topics they were on (each once), which are woken.
  std::vector<std::string> sweep(core::UnixMillis alive_since);
  // Removes this instance's rows (a clean shutdown); returns their topics.
  std::vector<std::string> withdraw();

 private:
  std::shared_ptr<sql::Database> db_;
  std::string instance_id_;
};

}  // namespace dashboard::server::store
