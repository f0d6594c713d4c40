#include "store/topic_presence.hpp"

#include <algorithm>
#include <utility>

#include "store/outbox.hpp"

namespace dashboard::server::store {
namespace {

// Other instances re-read the topic's viewers when this commits.
void wake(sql::Session& s, const std::string& topic) {
  if (s.dialect() != sql::Dialect::Postgres) return;
  s.query("SELECT pg_notify($1, $2)", {kCommitChannel, "p " + topic})->next();
}

std::vector<std::string> distinct_topics(std::unique_ptr<sql::Rows> rows) {
  std::vector<std::string> topics;
  while (rows->next()) topics.push_back(rows->text(0));
  std::sort(topics.begin(), topics.end());
  topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
  return topics;
}

}  // namespace

PresenceTable::PresenceTable(std::shared_ptr<sql::Database> db, std::string instance_id)
    : db_(std::move(db)), instance_id_(std::move(instance_id)) {}

void PresenceTable::publish(const std::map<std::string, std::vector<TopicViewer>>& topics,
                            core::UnixMillis now) {
  if (topics.empty()) return;
  db_->write([&](sql::Session& s) {
    for (const auto& [topic, viewers] : topics) {
      std::vector<UserId> stored;
      auto rows =
          s.query("SELECT user_id FROM topic_presence WHERE topic = $1 AND instance_id = $2",
                  {topic, instance_id_});
      while (rows->next()) stored.push_back(rows->int64(0));
      const auto wanted = [&list = viewers](UserId user) {
        return std::any_of(list.begin(), list.end(),
                           [user](const TopicViewer& v) { return v.user == user; });
      };
      bool changed = false;
      for (const UserId user : stored) {
        if (wanted(user)) continue;
        s.exec("DELETE FROM topic_presence WHERE topic = $1 AND instance_id = $2 AND user_id = $3",
               {topic, instance_id_, user});
        changed = true;
      }
      for (const TopicViewer& viewer : viewers) {
        if (std::find(stored.begin(), stored.end(), viewer.user) != stored.end()) continue;
        s.exec(
            "INSERT INTO topic_presence (topic, instance_id, user_id, username, since) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (topic, instance_id, user_id) DO NOTHING",
            {topic, instance_id_, viewer.user, viewer.username, now});
        changed = true;
      }
      if (changed) wake(s, topic);
    }
  });
}

std::vector<std::string> PresenceTable::others(const std::string& topic,
                                               core::UnixMillis alive_since) {
  std::vector<std::string> names;
  db_->read_one([&](sql::Session& s) {
    auto rows = s.query(
        "SELECT DISTINCT p.username FROM topic_presence p "
        "JOIN status_heartbeats h ON h.instance_id = p.instance_id "
        "WHERE p.topic = $1 AND p.instance_id <> $2 AND h.beat_at >= $3 ORDER BY p.username",
        {topic, instance_id_, alive_since});
    while (rows->next()) names.push_back(rows->text(0));
  });
  return names;
}

std::map<std::string, std::vector<std::string>> PresenceTable::all_others(
    core::UnixMillis alive_since) {
  std::map<std::string, std::vector<std::string>> out;
  db_->read_one([&](sql::Session& s) {
    auto rows = s.query(
        "SELECT DISTINCT p.topic, p.username FROM topic_presence p "
        "JOIN status_heartbeats h ON h.instance_id = p.instance_id "
        "WHERE p.instance_id <> $1 AND h.beat_at >= $2 ORDER BY p.topic, p.username",
        {instance_id_, alive_since});
    while (rows->next()) out[rows->text(0)].push_back(rows->text(1));
  });
  return out;
}

void PresenceTable::beat(core::UnixMillis now) {
  db_->write([&](sql::Session& s) {
    s.exec(
        "INSERT INTO status_heartbeats (instance_id, beat_at) VALUES ($1, $2) "
        "ON CONFLICT (instance_id) DO UPDATE SET beat_at = excluded.beat_at",
        {instance_id_, now});
  });
}

std::vector<std::string> PresenceTable::sweep(core::UnixMillis alive_since) {
  std::vector<std::string> topics;
  // A scan of topic_presence (one row per viewer per instance, small): the
  // instances that stopped are only known by their stale heartbeats.
  db_->write([&](sql::Session& s) {
    topics = distinct_topics(s.query(
        "DELETE FROM topic_presence WHERE NOT EXISTS (SELECT 1 FROM status_heartbeats h "
        "WHERE h.instance_id = topic_presence.instance_id AND h.beat_at >= $1) RETURNING topic",
        {alive_since}));
    for (const std::string& topic : topics) wake(s, topic);
  });
  return topics;
}

std::vector<std::string> PresenceTable::withdraw() {
  std::vector<std::string> topics;
  db_->write([&](sql::Session& s) {
    topics = distinct_topics(s.query(
        "DELETE FROM topic_presence WHERE instance_id = $1 RETURNING topic", {instance_id_}));
    for (const std::string& topic : topics) wake(s, topic);
  });
  return topics;
}

}  // namespace dashboard::server::store
