#include "store/topics.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "store/outbox.hpp"

namespace dashboard::server::store {

std::optional<TopicName> parse_topic(std::string_view topic) {
  const auto colon = topic.find(':');
  if (colon == std::string_view::npos || colon + 1 >= topic.size() || topic.size() > 200) {
    return std::nullopt;
  }
  const std::string_view resource = topic.substr(0, colon);
  const std::string_view id = topic.substr(colon + 1);
  for (const char c : id) {
    if (c <= ' ' || c == ':' || c == 0x7F) return std::nullopt;
  }
  if (resource == "board") return TopicName{TopicName::Kind::Board, std::string(id)};
  if (resource == "moc") return TopicName{TopicName::Kind::OneMoc, std::string(id)};
  return std::nullopt;
}

std::string board_topic(std::string_view username) {
  return "board:" + std::string(username);
}

std::string moc_topic(std::string_view moc_id) {
  return "moc:" + std::string(moc_id);
}

std::string topic_event_json(std::string_view topic, std::string_view kind,
                             std::string_view entity_id, std::string_view payload_json,
                             UserId actor, std::string_view actor_name, std::string_view now,
                             std::string_view trace_id) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto string = [&w](std::string_view v) {
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  w.Key("topic");
  string(topic);
  w.Key("event");
  string(kind);
  w.Key("data");
  w.StartObject();
  w.Key("entity_id");
  string(entity_id);
  w.Key("payload");
  w.RawValue(payload_json.data(), payload_json.size(), rapidjson::kObjectType);
  w.Key("user_id");
  w.Int64(actor);
  w.Key("user_name");
  string(actor_name);
  w.Key("timestamp");
  string(now);
  w.EndObject();
  w.Key("trace_id");
  string(trace_id);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::int64_t append_topic_event(sql::Session& s, const std::string& topic, std::string_view kind,
                                const std::string& payload_json, const std::string& now,
                                IdSource& ids) {
  s.exec("INSERT INTO topic_streams (topic) VALUES ($1) ON CONFLICT (topic) DO NOTHING", {topic});
  const char* lock = s.dialect() == sql::Dialect::Postgres
                         ? "SELECT last_seq FROM topic_streams WHERE topic = $1 FOR UPDATE"
                         : "SELECT last_seq FROM topic_streams WHERE topic = $1";
  const std::int64_t seq = s.scalar(lock, {topic}) + 1;
  const std::string event_id = ids.next_uuid();
  s.exec(
      "INSERT INTO topic_events (topic, seq, event_id, kind, payload, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {topic, seq, event_id, kind, payload_json, now});
  s.exec("UPDATE topic_streams SET last_seq = $2 WHERE topic = $1", {topic, seq});
  if (s.dialect() == sql::Dialect::Postgres) {
    const std::string wake = "t " + std::to_string(seq) + " " + topic;
    s.query("SELECT pg_notify($1, $2)", {kCommitChannel, wake})->next();
  }
  return seq;
}

std::vector<TopicEvent> read_topic_events_after(sql::Session& s, const std::string& topic,
                                                std::int64_t since, int limit) {
  auto q = s.query(
      "SELECT seq, event_id, kind, payload, created_at FROM topic_events "
      "WHERE topic = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      {topic, since, limit});
  std::vector<TopicEvent> out;
  while (q->next()) out.push_back({q->int64(0), q->text(1), q->text(2), q->text(3), q->text(4)});
  return out;
}

BoardRole board_role(sql::Session& s, UserId user, UserId owner) {
  if (user == owner) return BoardRole::Owner;
  auto rows =
      s.query("SELECT role FROM shares WHERE owner_id = $1 AND grantee_id = $2", {owner, user});
  if (!rows->next()) return BoardRole::None;
  return rows->text(0) == "editor" ? BoardRole::Editor : BoardRole::Viewer;
}

}  // namespace dashboard::server::store
