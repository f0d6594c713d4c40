#include "realtime/topic_hub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <charconv>

#include "core/socketio/engineio.hpp"
#include "core/socketio/json_text.hpp"
#include "core/socketio/socketio.hpp"
#include "log.hpp"
#include "store/topics.hpp"

namespace dashboard::server::realtime {
namespace {

constexpr int kPageSize = 500;
constexpr std::string_view kNamespace = "/dashboard";
namespace json_text = core::json_text;

Frame make_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

std::string users_json(const std::vector<std::string>& users) {
  std::string out = "[";
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (i > 0) out += ',';
    json_text::append_string(out, users[i]);
  }
  return out + ']';
}

Frame presence_frame(const std::string& topic, const std::vector<std::string>& users) {
  std::string json = "{\"topic\":";
  json_text::append_string(json, topic);
  json += ",\"users\":" + users_json(users) + '}';
  return make_frame(core::sio::encode_event_frame(kNamespace, "presence", json));
}

Frame unsubscribed_frame(const std::string& topic, std::string_view reason) {
  std::string json = "{\"topic\":";
  json_text::append_string(json, topic);
  json += ",\"reason\":";
  json_text::append_string(json, reason);
  json += '}';
  return make_frame(core::sio::encode_event_frame(kNamespace, "unsubscribed", json));
}

Frame resync_frame(const std::string& topic, std::int64_t seq) {
  std::string json = "{\"topic\":";
  json_text::append_string(json, topic);
  json += ",\"seq\":" + std::to_string(seq) + '}';
  return make_frame(core::sio::encode_event_frame(kNamespace, "topic:resyncRequired", json));
}

std::optional<store::UserId> grantee_of(const store::TopicEvent& event) {
  // ACCESS_REVOKED's entity_id is the grantee's user id (as text).
  rapidjson::Document doc;
  doc.Parse(event.payload_json.c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("data") || !doc["data"].IsObject() ||
      !doc["data"].HasMember("entity_id") || !doc["data"]["entity_id"].IsString()) {
    return std::nullopt;
  }
  const std::string_view id = doc["data"]["entity_id"].GetString();
  store::UserId user = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), user);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  return user;
}

void send(const std::shared_ptr<TopicMember>& member, Frame frame, bool events = false) {
  member->deliver_topic(std::span<const Frame>(&frame, 1), events);
}

}  // namespace

TopicHub::TopicHub(const boost::asio::any_io_executor& executor,
                   std::shared_ptr<store::DashboardStore> store)
    : strand_(boost::asio::make_strand(executor)),
      store_(std::move(store)),
      presence_timer_(strand_) {}

Frame TopicHub::event_frame(const store::TopicEvent& event) {
  // The REST page's envelope: {eventId, type, timestamp, seq, payload}.
  std::string envelope = "{\"eventId\":";
  json_text::append_string(envelope, event.event_id);
  envelope += ",\"type\":\"topic:event\",\"timestamp\":";
  json_text::append_string(envelope, event.created_at);
  envelope += ",\"seq\":" + std::to_string(event.seq) + ",\"payload\":";
  envelope += event.payload_json;
  envelope += '}';
  return make_frame(core::sio::encode_event_frame(kNamespace, "topic:event", envelope));
}

Frame TopicHub::ack_frame(std::uint64_t ack_id, const std::string& json_object) {
  return make_frame(core::eio::encode_packet(
      core::eio::PacketType::Message, core::sio::encode_packet({.type = core::sio::PacketType::Ack,
                                                                .nsp = std::string(kNamespace),
                                                                .ack_id = ack_id,
                                                                .data = "[" + json_object + "]"})));
}

std::string TopicHub::error_json(std::string_view code, std::string_view message) {
  std::string json = "{\"ok\":false,\"error\":{\"code\":";
  json_text::append_string(json, code);
  json += ",\"message\":";
  json_text::append_string(json, message);
  return json + "}}";
}

void TopicHub::notify_commit(const std::string& topic, std::int64_t /*last_seq*/) {
  boost::asio::post(strand_, [this, topic] { fan_out(topic); });
}

void TopicHub::catch_up_all() {
  boost::asio::post(strand_, [this] {
    std::vector<std::string> topics;
    topics.reserve(rooms_.size());
    for (const auto& [topic, room] : rooms_) topics.push_back(topic);
    for (const std::string& topic : topics) fan_out(topic);
  });
}

void TopicHub::subscribe(TopicSubscribeRequest request) {
  boost::asio::post(strand_,
                    [this, request = std::move(request)]() mutable { do_subscribe(request); });
}

void TopicHub::do_subscribe(TopicSubscribeRequest& request) {
  auto member = request.member.lock();
  if (!member) return;
  const auto answer = [&](const std::string& json) {
    if (request.ack_id) send(member, ack_frame(*request.ack_id, json));
  };
  const auto refuse = [&](std::string_view code, const std::string& message) {
    member->topic_dropped(request.topic);
    answer(error_json(code, message));
  };
  // Authorization on every subscribe, even to a room this socket is in.
  const auto access = store_->topic_access(request.user, request.topic);
  if (!access) {
    if (access.error().kind == store::StoreError::Kind::Unavailable) {
      refuse("UNAVAILABLE", "the database cannot be reached; try again");
    } else {
      refuse("FORBIDDEN", request.topic + " is not shared with you");  // unknown: same answer
    }
    return;
  }
  if (access->role == store::BoardRole::None) {
    refuse("FORBIDDEN", request.topic + " is not shared with you");
    return;
  }
  auto found = rooms_.find(request.topic);
  if (found == rooms_.end()) {
    found = rooms_.emplace(request.topic, Room{access->owner, access->last_seq, {}, {}}).first;
  } else {
    fan_out(request.topic);  // the room's members get what is new first
    found = rooms_.find(request.topic);
    if (found == rooms_.end()) {
      found = rooms_.emplace(request.topic, Room{access->owner, access->last_seq, {}, {}}).first;
    }
  }
  Room& room = found->second;
  const std::int64_t position = room.delivered_through;
  bool resync = false;
  if (request.last_seq && *request.last_seq > position) {
    resync = true;  // it saw seqs this stream never issued (a restored database)
  } else if (request.last_seq) {
    std::int64_t from = *request.last_seq;
    while (from < position) {
      const auto page = store_->topic_events_since(request.topic, from, kPageSize);
      if (!page) {
        if (page.error().kind == store::StoreError::Kind::Unavailable) {
          refuse("UNAVAILABLE", "the database cannot be reached; try again");
          return;
        }
        resync = true;  // pruned past the resume point
        break;
      }
      if (page->events.empty()) break;
      std::vector<Frame> frames;
      frames.reserve(page->events.size());
      for (const store::TopicEvent& event : page->events) {
        if (event.seq > position) break;  // the live stream delivers the rest
        frames.push_back(event_frame(event));
        from = event.seq;
      }
      member->deliver_topic(std::span<const Frame>(frames), true);
      if (frames.size() < page->events.size()) break;
    }
  }
  const std::vector<std::string> before = usernames(room);
  room.members[member.get()] = Member{request.member, request.user, request.username};
  if (usernames(room) != before) local_presence_changed(request.topic, true);
  std::string ack = "{\"ok\":true,\"seq\":" + std::to_string(position);
  if (resync) ack += ",\"resyncRequired\":true";
  ack += ",\"users\":" + users_json(users_of(request.topic, room)) + '}';
  answer(ack);
  // The newcomer has the names in its ack; the others hear of it.
  announce_presence(request.topic, room, member.get());
}

void TopicHub::unsubscribe(const std::string& topic, const TopicMember* member,
                           std::optional<std::uint64_t> ack_id) {
  boost::asio::post(strand_, [this, topic, member, ack_id] {
    const auto it = rooms_.find(topic);
    std::shared_ptr<TopicMember> live;
    if (it != rooms_.end()) {
      const auto m = it->second.members.find(member);
      if (m != it->second.members.end()) live = m->second.member.lock();
      remove(topic, it->second, member);
      if (it->second.members.empty()) rooms_.erase(it);
    }
    if (live && ack_id) send(live, ack_frame(*ack_id, "{\"ok\":true}"));
  });
}

void TopicHub::leave_all(const TopicMember* member, std::vector<std::string> topics) {
  if (topics.empty()) return;
  boost::asio::post(strand_, [this, member, topics = std::move(topics)] {
    for (const std::string& topic : topics) {
      const auto it = rooms_.find(topic);
      if (it == rooms_.end()) continue;
      remove(topic, it->second, member);
      if (it->second.members.empty()) rooms_.erase(it);
    }
  });
}

void TopicHub::remove(const std::string& topic, Room& room, const TopicMember* member) {
  const std::vector<std::string> before = usernames(room);
  if (room.members.erase(member) == 0) return;
  if (usernames(room) != before) local_presence_changed(topic);
  if (!room.members.empty()) announce_presence(topic, room, nullptr);
}

std::vector<std::string> TopicHub::usernames(const Room& room) {
  std::vector<std::string> names;
  names.reserve(room.members.size());
  for (const auto& [key, m] : room.members) names.push_back(m.username);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void TopicHub::announce_presence(const std::string& topic, Room& room, const TopicMember* except) {
  std::vector<std::string> users = users_of(topic, room);
  if (users == room.announced) return;
  const Frame frame = presence_frame(topic, users);
  room.announced = std::move(users);
  for (const auto& [key, m] : room.members) {
    if (key == except) continue;
    if (auto live = m.member.lock()) send(live, frame);
  }
}

void TopicHub::revoke(store::UserId owner, store::UserId grantee, const std::string& current) {
  for (auto it = rooms_.begin(); it != rooms_.end();) {
    Room& room = it->second;
    if (room.owner != owner) {
      ++it;
      continue;
    }
    std::vector<const TopicMember*> gone;
    for (const auto& [key, m] : room.members) {
      if (m.user == grantee) gone.push_back(key);
    }
    const Frame frame = unsubscribed_frame(it->first, "ACCESS_REVOKED");
    for (const TopicMember* key : gone) {
      if (auto live = room.members[key].member.lock()) {
        send(live, frame);
        live->topic_dropped(it->first);
      }
      remove(it->first, room, key);
    }
    if (!gone.empty()) {
      log::info("topic subscriptions revoked",
                {{"topic", it->first}, {"user", grantee}, {"sockets", gone.size()}});
    }
    if (room.members.empty() && it->first != current) {
      it = rooms_.erase(it);
    } else {
      ++it;
    }
  }
}

void TopicHub::recheck_grantees(const std::string& topic) {
  // A MOC's stream does not carry its board's revocations: before a grantee
  // gets more of it, its access is read again (a grantee or two per MOC).
  const Room& room = rooms_.find(topic)->second;
  const store::UserId owner = room.owner;
  std::vector<store::UserId> grantees;
  for (const auto& [key, m] : room.members) {
    if (m.user != owner && std::find(grantees.begin(), grantees.end(), m.user) == grantees.end()) {
      grantees.push_back(m.user);
    }
  }
  for (const store::UserId grantee : grantees) {
    const auto access = store_->topic_access(grantee, topic);
    if (access && access->role == store::BoardRole::None) revoke(owner, grantee, topic);
  }
}

void TopicHub::fan_out(const std::string& topic) {
  for (;;) {
    const auto it = rooms_.find(topic);
    if (it == rooms_.end()) return;  // nobody listening: the stream keeps the events
    const std::int64_t from = it->second.delivered_through;
    const auto page = store_->topic_events_since(topic, from, kPageSize);
    if (!page) {
      if (page.error().kind == store::StoreError::Kind::Unavailable) return;  // catch-up retries
      // Pruned past our position (a very long stall): every member refetches
      // and subscribes again from what it read.
      const Frame frame = resync_frame(topic, from);
      for (const auto& [key, m] : it->second.members) {
        if (auto live = m.member.lock()) {
          send(live, frame);
          live->topic_dropped(topic);
        }
      }
      rooms_.erase(it);
      local_presence_changed(topic);
      return;
    }
    if (page->events.empty()) return;
    if (topic.starts_with("moc:")) recheck_grantees(topic);
    if (rooms_.find(topic) == rooms_.end()) return;
    std::vector<Frame> frames;
    const auto flush = [&] {
      const auto room = rooms_.find(topic);
      if (frames.empty() || room == rooms_.end()) return;
      for (const auto& [key, m] : room->second.members) {
        if (auto live = m.member.lock()) live->deliver_topic(std::span<const Frame>(frames), true);
      }
      frames.clear();
    };
    for (const store::TopicEvent& event : page->events) {
      if (event.kind == store::kTopicAccessRevoked) {
        // The grantee gets everything before the revocation and nothing after.
        flush();
        if (const auto grantee = grantee_of(event)) {
          revoke(rooms_.find(topic)->second.owner, *grantee, topic);
        }
      }
      frames.push_back(event_frame(event));
      rooms_.find(topic)->second.delivered_through = event.seq;
    }
    flush();
    const auto room = rooms_.find(topic);
    if (room != rooms_.end() && room->second.members.empty()) {
      rooms_.erase(room);
      return;
    }
    if (static_cast<int>(page->events.size()) < kPageSize) return;
  }
}

}  // namespace dashboard::server::realtime
