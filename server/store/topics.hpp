// topics: the streams of the build board, each an ordered log with its own
// seq like the user's outbox: board:<username> (every MOC of that user) and
// moc:<id> (one MOC). Rows are appended inside the mutation's transaction;
// a stream row (topic_streams) is created on first use and locked while
// appending, after the owner's user row, so writers never deadlock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.hpp"
#include "store/sql/sql.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

// A parsed topic name.
struct TopicName {
  enum class Kind { Board, OneMoc } kind = Kind::Board;
  std::string id;  // the username, or the MOC id
};

// "board:alice" / "moc:<id>"; nullopt for anything else.
std::optional<TopicName> parse_topic(std::string_view topic);
std::string board_topic(std::string_view username);
std::string moc_topic(std::string_view moc_id);

// The topic event kinds of the requirements, plus the internal revocation.
inline constexpr const char* kTopicAdded = "ADDED";
inline constexpr const char* kTopicUpdated = "UPDATED";
inline constexpr const char* kTopicDeleted = "DELETED";
inline constexpr const char* kTopicStatusChanged = "STATUS_CHANGED";
inline constexpr const char* kTopicAccessRevoked = "ACCESS_REVOKED";

// {topic, event, data: {entity_id, payload, user_id, user_name, timestamp}, trace_id}
std::string topic_event_json(std::string_view topic, std::string_view kind,
                             std::string_view entity_id, std::string_view payload_json,
                             UserId actor, std::string_view actor_name, std::string_view now,
                             std::string_view trace_id);

// Appends one event to `topic` and returns its seq; on PostgreSQL also
// queues the NOTIFY "t <seq> <topic>" that wakes every instance at commit.
std::int64_t append_topic_event(sql::Session& s, const std::string& topic, std::string_view kind,
                                const std::string& payload_json, const std::string& now,
                                IdSource& ids);

std::vector<TopicEvent> read_topic_events_after(sql::Session& s, const std::string& topic,
                                                std::int64_t since, int limit);

// The role `user` has on `owner`'s board.
BoardRole board_role(sql::Session& s, UserId user, UserId owner);

}  // namespace dashboard::server::store
