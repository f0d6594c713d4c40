#include "core/client/topic_subscriptions.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <utility>

#include "core/json_fields.hpp"
#include "core/socketio/json_text.hpp"

// [SECTION] Decoding
// [SECTION] The page's side
// [SECTION] The socket
// [SECTION] Polls and repairs
// [SECTION] Delivery

namespace dashboard::core::client {

// [SECTION] Decoding

namespace {

constexpr std::int64_t kRateLimitedRetryMs = 2000;
constexpr std::int64_t kDebounceMaxFactor = 4;
constexpr std::int64_t kRepairRetryMs = 2000;

TopicUpdate update_of(TopicUpdate::Kind kind, const std::string& topic, std::int64_t seq) {
  TopicUpdate u;
  u.kind = kind;
  u.topic = topic;
  u.seq = seq;
  return u;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string string_member(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* v = find_member(object, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength())
                                       : std::string();
}

std::vector<std::string> users_of(const rapidjson::Value& object) {
  std::vector<std::string> users;
  const rapidjson::Value* list = find_member(object, "users");
  if (list == nullptr || !list->IsArray()) return users;
  for (const rapidjson::Value& u : list->GetArray()) {
    if (u.IsString()) users.emplace_back(u.GetString(), u.GetStringLength());
  }
  std::sort(users.begin(), users.end());
  return users;
}

// Percent-encodes what a path segment may not hold (':' may stay).
std::string path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(TopicEventKind kind) {
  switch (kind) {
    case TopicEventKind::Added:
      return "ADDED";
    case TopicEventKind::Updated:
      return "UPDATED";
    case TopicEventKind::StatusChanged:
      return "STATUS_CHANGED";
    case TopicEventKind::Deleted:
      return "DELETED";
  }
  return "UPDATED";
}

std::optional<TopicEventKind> topic_event_kind_from(std::string_view wire) {
  for (const TopicEventKind k : {TopicEventKind::Added, TopicEventKind::Updated,
                                 TopicEventKind::StatusChanged, TopicEventKind::Deleted}) {
    if (to_string(k) == wire) return k;
  }
  return std::nullopt;
}

Result<TopicEvent> decode_topic_event(const rapidjson::Value& envelope) {
  Error error;
  const JsonPath root;
  if (!expect_object(envelope, root, error)) return error;
  TopicEvent e;
  const rapidjson::Value* seq = find_member(envelope, "seq");
  if (seq == nullptr || !seq->IsInt64() || seq->GetInt64() < 1) {
    return Error{"seq", "must be an integer >= 1"};
  }
  e.seq = seq->GetInt64();
  e.event_id = string_member(envelope, "eventId");
  const rapidjson::Value* body = find_member(envelope, "payload");
  const JsonPath payload_path = root.field("payload");
  if (body == nullptr) return Error{"payload", "is required"};
  if (!expect_object(*body, payload_path, error)) return error;
  if (!read_string(*body, "topic", payload_path, e.topic, error)) return error;
  if (!read_string(*body, "event", payload_path, e.kind_wire, error)) return error;
  e.kind = topic_event_kind_from(e.kind_wire);
  e.trace_id = string_member(*body, "trace_id");
  const rapidjson::Value* data = find_member(*body, "data");
  const JsonPath data_path = payload_path.field("data");
  if (data == nullptr) return Error{"payload.data", "is required"};
  if (!expect_object(*data, data_path, error)) return error;
  if (!read_string(*data, "entity_id", data_path, e.entity_id, error)) return error;
  const rapidjson::Value* user = find_member(*data, "user_id");
  if (user == nullptr || !user->IsInt64())
    return Error{"payload.data.user_id", "must be an integer"};
  e.user_id = user->GetInt64();
  e.user_name = string_member(*data, "user_name");
  e.timestamp = string_member(*data, "timestamp");
  const rapidjson::Value* inner = find_member(*data, "payload");
  e.payload_json = inner != nullptr ? to_json(*inner) : "{}";
  return e;
}

// [SECTION] The page's side

void TopicSubscriptions::subscribe(const std::string& topic, TopicOptions options,
                                   TopicCallback callback, UnixMillis now) {
  Subscription& s = subs_[topic];
  s = Subscription{};
  s.id = next_ticket_++;
  s.last_seq = options.from_seq;
  s.options = std::move(options);
  s.callback = std::move(callback);
  if (connected_) {
    send_subscribe(topic, s);
  } else {
    s.state = s.last_seq ? TopicState::Polling : TopicState::Subscribing;
    if (s.last_seq) s.poll_at = now + s.options.poll_interval_ms;
  }
}

void TopicSubscriptions::unsubscribe(const std::string& topic) {
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return;
  const bool was_on_socket = connected_ && (it->second.state == TopicState::Live ||
                                            it->second.state == TopicState::Subscribing);
  subs_.erase(it);
  if (!was_on_socket) return;
  std::string arg = "{\"topic\":";
  json_text::append_string(arg, topic);
  arg += '}';
  emits_.push_back({"unsubscribe", std::move(arg), next_ticket_++});
}

void TopicSubscriptions::resume_from(const std::string& topic, std::int64_t seq, UnixMillis now) {
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return;
  Subscription& s = it->second;
  s.last_seq = seq;
  s.pending.clear();
  s.poll_in_flight = false;
  ++s.poll_ticket;
  if (connected_) {
    send_subscribe(topic, s);
  } else {
    s.state = TopicState::Polling;
    s.poll_at = now;
  }
}

std::optional<TopicState> TopicSubscriptions::state(const std::string& topic) const {
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return std::nullopt;
  return it->second.state;
}

std::optional<std::int64_t> TopicSubscriptions::last_seq(const std::string& topic) const {
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return std::nullopt;
  return it->second.last_seq;
}

std::vector<std::string> TopicSubscriptions::users(const std::string& topic) const {
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return {};
  return it->second.users;
}

std::vector<std::string> TopicSubscriptions::topics() const {
  std::vector<std::string> out;
  out.reserve(subs_.size());
  for (const auto& [topic, s] : subs_) out.push_back(topic);
  return out;
}

std::vector<std::string> TopicSubscriptions::take_log() {
  return std::exchange(log_, {});
}

// [SECTION] The socket

void TopicSubscriptions::send_subscribe(const std::string& topic, Subscription& s) {
  s.state = TopicState::Subscribing;
  s.retry_subscribe_at.reset();
  s.emit_ticket = next_ticket_++;
  std::string arg = "{\"topic\":";
  json_text::append_string(arg, topic);
  if (s.last_seq) arg += ",\"lastSeq\":" + std::to_string(*s.last_seq);
  arg += '}';
  emits_.push_back({"subscribe", std::move(arg), s.emit_ticket});
}

void TopicSubscriptions::on_connected(UnixMillis /*now*/) {
  connected_ = true;
  for (auto& [topic, s] : subs_) {
    if (s.state == TopicState::Ended || s.state == TopicState::Resync) continue;
    s.poll_at.reset();
    s.poll_in_flight = false;
    ++s.poll_ticket;  // a poll still on its way is not needed: its answer is dropped
    send_subscribe(topic, s);
  }
}

void TopicSubscriptions::on_disconnected(UnixMillis now) {
  connected_ = false;
  emits_.clear();
  for (auto& [topic, s] : subs_) {
    s.emit_ticket = 0;  // no ack will come
    s.retry_subscribe_at.reset();
    if (s.state == TopicState::Ended || s.state == TopicState::Resync) continue;
    if (!s.last_seq) {
      s.state = TopicState::Subscribing;  // nothing to poll from; the subscribe waits
      continue;
    }
    s.state = TopicState::Polling;
    if (!s.poll_at && !s.poll_in_flight) s.poll_at = now + s.options.poll_interval_ms;
  }
}

std::vector<TopicEmit> TopicSubscriptions::take_emits() {
  return std::exchange(emits_, {});
}

void TopicSubscriptions::on_ack(std::uint64_t ticket, std::string_view args_json, UnixMillis now) {
  auto it = std::find_if(subs_.begin(), subs_.end(), [ticket](const auto& entry) {
    return entry.second.emit_ticket == ticket;
  });
  if (it == subs_.end() || ticket == 0) return;  // an unsubscribe's, or an old subscribe's
  const std::string topic = it->first;
  Subscription& s = it->second;
  s.emit_ticket = 0;
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(args_json, doc, error) || !doc.IsArray() || doc.Empty() ||
      !doc[0].IsObject()) {
    log_.push_back("subscribe " + topic + ": unreadable ack");
    end(topic, s, TopicUpdate::Kind::Refused, "BAD_ACK", "The server's answer was unreadable.");
    dispatch();
    return;
  }
  const rapidjson::Value& ack = doc[0];
  const rapidjson::Value* ok = find_member(ack, "ok");
  if (ok == nullptr || !ok->IsBool() || !ok->GetBool()) {
    std::string code = "REFUSED";
    std::string message;
    const rapidjson::Value* err = find_member(ack, "error");
    if (err != nullptr && err->IsObject()) {
      code = string_member(*err, "code");
      message = string_member(*err, "message");
    }
    if (code == "RATE_LIMITED") {
      s.state = TopicState::Subscribing;
      s.retry_subscribe_at = now + kRateLimitedRetryMs;
      return;
    }
    end(topic, s, TopicUpdate::Kind::Refused, std::move(code), std::move(message));
    dispatch();
    return;
  }
  const rapidjson::Value* seq = find_member(ack, "seq");
  const std::int64_t position = seq != nullptr && seq->IsInt64() ? seq->GetInt64() : 0;
  const rapidjson::Value* resync = find_member(ack, "resyncRequired");
  if (resync != nullptr && resync->IsBool() && resync->GetBool()) {
    s.state = TopicState::Resync;
    s.pending.clear();
    notify(topic, s, update_of(TopicUpdate::Kind::ResyncRequired, topic, position));
    dispatch();
    return;
  }
  s.state = TopicState::Live;
  if (find_member(ack, "users") != nullptr) s.users = users_of(ack);
  if (!s.last_seq) {
    s.last_seq = position;
  } else if (position > *s.last_seq) {
    // The replay should have brought us here; whatever is missing comes over REST.
    need_repair(s, now);
  }
  TopicUpdate subscribed = update_of(TopicUpdate::Kind::Subscribed, topic, *s.last_seq);
  subscribed.users = s.users;
  notify(topic, s, std::move(subscribed));
  dispatch();
}

bool TopicSubscriptions::on_socket_event(std::string_view name, std::string_view arg_json,
                                         UnixMillis now) {
  if (name != "topic:event" && name != "unsubscribed" && name != "presence" &&
      name != "topic:resyncRequired") {
    return false;
  }
  rapidjson::Document doc;
  Error error;
  if (!json_text::parse(arg_json, doc, error) || !doc.IsObject()) {
    log_.push_back("skipped " + std::string(name) + ": " +
                   (error.message.empty() ? "not an object" : error.to_string()));
    return true;
  }
  if (name == "topic:event") {
    auto event = decode_topic_event(doc);
    if (!event) {
      log_.push_back("skipped topic:event: " + event.error().to_string());
      return true;
    }
    const auto it = subs_.find(event->topic);
    if (it == subs_.end()) return true;  // unsubscribed meanwhile
    apply(it->first, it->second, std::move(*event), now);
    dispatch();
    return true;
  }
  const std::string topic = string_member(doc, "topic");
  const auto it = subs_.find(topic);
  if (it == subs_.end()) return true;
  Subscription& s = it->second;
  if (name == "topic:resyncRequired") {
    // The server's stream was pruned past this socket's position.
    s.state = TopicState::Resync;
    s.pending.clear();
    notify(topic, s, update_of(TopicUpdate::Kind::ResyncRequired, topic, s.last_seq.value_or(0)));
  } else if (name == "presence") {
    s.users = users_of(doc);
    TopicUpdate presence = update_of(TopicUpdate::Kind::Presence, topic, s.last_seq.value_or(0));
    presence.users = s.users;
    notify(topic, s, std::move(presence));
  } else {
    flush(topic, s, now, true);  // what came before the end is the page's
    std::string reason = string_member(doc, "reason");
    end(topic, s, TopicUpdate::Kind::Unsubscribed, reason.empty() ? "ENDED" : std::move(reason),
        "");
  }
  dispatch();
  return true;
}

// [SECTION] Polls and repairs

void TopicSubscriptions::need_repair(Subscription& s, UnixMillis now) {
  if (s.poll_in_flight) return;
  s.poll_at = s.poll_at ? std::min(*s.poll_at, now) : now;
}

std::vector<TopicPoll> TopicSubscriptions::take_polls(UnixMillis now) {
  std::vector<TopicPoll> out;
  for (auto& [topic, s] : subs_) {
    if (s.retry_subscribe_at && *s.retry_subscribe_at <= now && connected_) {
      send_subscribe(topic, s);
    }
    if (!s.poll_at || *s.poll_at > now || s.poll_in_flight || !s.last_seq) continue;
    if (s.state == TopicState::Ended || s.state == TopicState::Resync) continue;
    s.poll_at.reset();
    s.poll_in_flight = true;
    out.push_back({topic,
                   "/api/topics/" + path_segment(topic) + "/events?since=" +
                       std::to_string(*s.last_seq) + "&limit=" + std::to_string(kPollLimit),
                   ++s.poll_ticket});
  }
  return out;
}

void TopicSubscriptions::on_poll_response(const std::string& topic, std::uint64_t ticket,
                                          int status, std::string_view body, UnixMillis now) {
  const auto it = subs_.find(topic);
  if (it == subs_.end() || it->second.poll_ticket != ticket) return;
  Subscription& s = it->second;
  s.poll_in_flight = false;
  const auto again = [&] {
    // Polling repeats while the socket is down; a repair on a live socket
    // is retried a little later.
    if (!connected_ && s.state == TopicState::Polling) {
      s.poll_at = now + s.options.poll_interval_ms;
    } else if (connected_ && s.state == TopicState::Live) {
      s.poll_at = now + kRepairRetryMs;
    }
  };
  if (status == 410) {
    s.state = TopicState::Resync;
    s.pending.clear();
    notify(topic, s, update_of(TopicUpdate::Kind::ResyncRequired, topic, s.last_seq.value_or(0)));
    dispatch();
    return;
  }
  if (status == 403 || status == 404) {
    rapidjson::Document doc;
    Error ignored;
    std::string code = status == 403 ? "FORBIDDEN" : "NOT_FOUND";
    std::string message;
    if (json_text::parse(body, doc, ignored) && doc.IsObject()) {
      const rapidjson::Value* err = find_member(doc, "error");
      if (err != nullptr && err->IsObject()) message = string_member(*err, "message");
    }
    flush(topic, s, now, true);
    end(topic, s, TopicUpdate::Kind::Unsubscribed, std::move(code), std::move(message));
    dispatch();
    return;
  }
  if (status != 200) {
    again();
    return;
  }
  rapidjson::Document doc;
  Error error;
  const rapidjson::Value* events = nullptr;
  if (json_text::parse(body, doc, error) && doc.IsObject()) events = find_member(doc, "events");
  if (events == nullptr || !events->IsArray()) {
    log_.push_back("topic poll " + topic + ": unreadable page");
    again();
    return;
  }
  std::size_t count = 0;
  for (const rapidjson::Value& envelope : events->GetArray()) {
    ++count;
    auto event = decode_topic_event(envelope);
    if (!event) {
      log_.push_back("topic poll " + topic + ": skipped " + event.error().to_string());
      continue;
    }
    if (event->topic != topic) continue;
    apply(topic, s, std::move(*event), now);
    if (subs_.find(topic) == subs_.end() || s.state == TopicState::Ended) break;
  }
  const rapidjson::Value* last = find_member(doc, "lastSeq");
  const bool more =
      count >= static_cast<std::size_t>(kPollLimit) ||
      (last != nullptr && last->IsInt64() && s.last_seq && last->GetInt64() > *s.last_seq);
  if (s.state != TopicState::Ended && s.state != TopicState::Resync) {
    if (more && count > 0) {
      s.poll_at = now;  // the next page at once
    } else {
      again();
      if (connected_ && s.state == TopicState::Live) s.poll_at.reset();  // repaired
    }
  }
  dispatch();
}

// [SECTION] Delivery

void TopicSubscriptions::apply(const std::string& topic, Subscription& s, TopicEvent event,
                               UnixMillis now) {
  if (s.state == TopicState::Ended || s.state == TopicState::Resync || !s.last_seq) return;
  if (event.seq <= *s.last_seq) return;  // a duplicate (a replay overlapping a poll)
  if (event.seq != *s.last_seq + 1) {
    need_repair(s, now);  // the missing ones come over REST, this one with them
    return;
  }
  s.last_seq = event.seq;
  if (!event.kind) return;  // ACCESS_REVOKED: the server ends the grantee's subscription
  if (!s.options.only.empty() && std::find(s.options.only.begin(), s.options.only.end(),
                                           *event.kind) == s.options.only.end()) {
    return;
  }
  if (s.pending.empty()) s.pending_since = now;
  s.pending_last = now;
  s.pending.push_back(std::move(event));
  flush(topic, s, now, false);
}

void TopicSubscriptions::flush(const std::string& topic, Subscription& s, UnixMillis now,
                               bool force) {
  if (s.pending.empty()) return;
  const std::int64_t debounce = s.options.debounce_ms;
  const bool quiet = now - s.pending_last >= debounce;
  const bool waited_enough = now - s.pending_since >= debounce * kDebounceMaxFactor;
  if (!force && debounce > 0 && !quiet && !waited_enough) return;
  TopicUpdate update = update_of(TopicUpdate::Kind::Events, topic, s.last_seq.value_or(0));
  update.events = std::exchange(s.pending, {});
  notify(topic, s, std::move(update));
}

void TopicSubscriptions::update(UnixMillis now) {
  for (auto& [topic, s] : subs_) flush(topic, s, now, false);
  dispatch();
}

std::optional<UnixMillis> TopicSubscriptions::next_deadline() const {
  std::optional<UnixMillis> next;
  const auto consider = [&next](UnixMillis at) { next = next ? std::min(*next, at) : at; };
  for (const auto& [topic, s] : subs_) {
    if (!s.pending.empty()) {
      const std::int64_t d = s.options.debounce_ms;
      consider(std::min(s.pending_last + d, s.pending_since + d * kDebounceMaxFactor));
    }
    if (s.poll_at && !s.poll_in_flight) consider(*s.poll_at);
    if (s.retry_subscribe_at) consider(*s.retry_subscribe_at);
  }
  return next;
}

void TopicSubscriptions::notify(const std::string& topic, const Subscription& s,
                                TopicUpdate update) {
  update.topic = topic;
  outbox_.push_back({s.id, std::move(update)});
}

void TopicSubscriptions::end(const std::string& topic, Subscription& s, TopicUpdate::Kind kind,
                             std::string reason, std::string message) {
  s.state = TopicState::Ended;
  s.poll_at.reset();
  s.poll_in_flight = false;
  s.retry_subscribe_at.reset();
  s.pending.clear();
  TopicUpdate ended = update_of(kind, topic, s.last_seq.value_or(0));
  ended.reason = std::move(reason);
  ended.message = std::move(message);
  notify(topic, s, std::move(ended));
}

void TopicSubscriptions::dispatch() {
  // Callbacks run after the state is in place and may change subscriptions:
  // each update goes to the subscription it was made for, if it still exists.
  while (!outbox_.empty()) {
    auto batch = std::exchange(outbox_, {});
    for (auto& [id, update] : batch) {
      const auto it = subs_.find(update.topic);
      if (it == subs_.end() || it->second.id != id || !it->second.callback) continue;
      const TopicCallback callback = it->second.callback;  // survives an unsubscribe inside
      callback(update);
    }
  }
}

}  // namespace dashboard::core::client
