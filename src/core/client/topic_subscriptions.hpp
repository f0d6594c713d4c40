// topic_subscriptions: the page's subscriptions to topic streams
// (board:<user>, moc:<id>) over the dashboard socket, one per topic. Each
// topic is an ordered stream with its own seq: this keeps the last seq seen,
// drops duplicates, repairs gaps over REST, resubscribes with lastSeq after
// a reconnect, polls GET /api/topics/<topic>/events?since= while the socket
// is down, and hands the page filtered, debounced batches. Pure: no I/O and
// no clock of its own; the live client sends what it asks for (take_emits,
// take_polls) and feeds back acks, events and responses with the time.
//
//   TopicSubscriptions topics;
//   // the page: after GET /api/board/alice answered {seq: 41, cards}
//   TopicOptions options;
//   options.from_seq = 41;                               // the board's seq
//   options.only = {TopicEventKind::StatusChanged};      // empty: all four kinds
//   options.debounce_ms = 50;
//   topics.subscribe("board:alice", options, [](const TopicUpdate& u) { ... }, now);
//   // the live client:
//   for (const TopicEmit& e : topics.take_emits()) send(e.event, e.arg_json) -> ack id;
//   topics.on_ack(emit.ticket, ack_args_json, now);          // the server's answer
//   topics.on_socket_event("topic:event", arg_json, now);    // and "unsubscribed", "presence"
//   for (const TopicPoll& p : topics.take_polls(now)) GET p.target -> on_poll_response(...)
//   topics.on_connected(now) / topics.on_disconnected(now);  // the socket's state
//   topics.update(now);                                      // debounce and poll timers
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

// The four kinds of the requirements. ACCESS_REVOKED (a share ended) is
// part of the stream too, so seqs stay gap-free, but never reaches a page.
enum class TopicEventKind { Added, Updated, StatusChanged, Deleted };

// "ADDED", "UPDATED", "STATUS_CHANGED", "DELETED".
std::string_view to_string(TopicEventKind kind);
std::optional<TopicEventKind> topic_event_kind_from(std::string_view wire);

// One event of a topic stream: the envelope's seq and id, and the
// requirements' {topic, event, data: {entity_id, payload, user_id,
// user_name, timestamp}, trace_id}.
struct TopicEvent {
  std::string topic;
  std::int64_t seq = 0;
  std::string event_id;
  std::string kind_wire;               // as sent ("ADDED", "ACCESS_REVOKED", ...)
  std::optional<TopicEventKind> kind;  // nullopt for ACCESS_REVOKED and unknown
  std::string entity_id;               // the MOC id (the grantee's id on revocation)
  std::string payload_json;            // data.payload as JSON text (the MOC)
  std::int64_t user_id = 0;            // who made the change
  std::string user_name;               // their username
  std::string timestamp;               // RFC 3339 UTC
  std::string trace_id;                // the HTTP request that made it

  bool operator==(const TopicEvent&) const = default;
};

// Decodes a topic envelope {eventId, type: "topic:event", timestamp, seq,
// payload: {topic, event, data, trace_id}} (the socket's and REST's shape).
Result<TopicEvent> decode_topic_event(const rapidjson::Value& envelope);

// Per-topic options, as the requirements list them.
struct TopicOptions {
  // The position the page's data is at (a board's `seq`): the subscription
  // resumes after it, so nothing between the fetch and the subscribe is
  // lost. nullopt: start at the topic's current position.
  std::optional<std::int64_t> from_seq;
  // Only these kinds reach the callback (the seq advances past the others).
  // Empty: all four.
  std::vector<TopicEventKind> only;
  // Events arriving within this long of each other are handed over as one
  // batch, at most 4x this after the first of them. 0: every event at once.
  std::int64_t debounce_ms = 0;
  // While the socket is down the topic is read over REST this often.
  std::int64_t poll_interval_ms = 10000;
};

// What happened to a subscription, handed to its callback.
struct TopicUpdate {
  enum class Kind {
    Subscribed,      // the server accepted (again, after a reconnect): `seq`, `users`
    Events,          // `events`, in seq order, filtered; one batch per debounce window
    ResyncRequired,  // the stream no longer reaches back: refetch, then resume_from()
    Presence,        // who is on the topic changed: `users`
    Unsubscribed,    // the server ended it (`reason`, e.g. ACCESS_REVOKED); nothing more comes
    Refused,         // the subscribe was refused: `reason` is the code, `message` the sentence
  };
  Kind kind = Kind::Events;
  std::string topic;
  std::int64_t seq = 0;  // the topic's position as this client has it
  std::vector<TopicEvent> events;
  std::vector<std::string> users;  // usernames, sorted
  std::string reason;
  std::string message;
};

using TopicCallback = std::function<void(const TopicUpdate&)>;

// Where one subscription stands.
enum class TopicState {
  Subscribing,  // sent, waiting for the ack (or for the socket)
  Live,         // acknowledged: events arrive on the socket
  Polling,      // the socket is down: REST every poll_interval_ms
  Resync,       // waiting for the page to refetch and call resume_from()
  Ended,        // refused or unsubscribed by the server; resubscribe to try again
};

// A socket.io event to emit with an acknowledgement. The ack's arguments
// go back through on_ack with the same ticket.
struct TopicEmit {
  std::string event;     // "subscribe" or "unsubscribe"
  std::string arg_json;  // {"topic": ..., "lastSeq": ...}
  std::uint64_t ticket = 0;
};

// A GET to make; its response goes back through on_poll_response with the
// same topic and ticket.
struct TopicPoll {
  std::string topic;
  std::string target;  // /api/topics/<topic>/events?since=N&limit=M
  std::uint64_t ticket = 0;
};

class TopicSubscriptions {
 public:
  // [SECTION] The page's side

  // Starts (or replaces) the subscription to `topic`. Callbacks run inside
  // the calls below, after the state they report is in place; a callback
  // may subscribe or unsubscribe.
  void subscribe(const std::string& topic, TopicOptions options, TopicCallback callback,
                 UnixMillis now);
  // Stops it; nothing more reaches its callback.
  void unsubscribe(const std::string& topic);
  // After ResyncRequired (or any refetch): the page's data is at `seq`; the
  // subscription resumes after it.
  void resume_from(const std::string& topic, std::int64_t seq, UnixMillis now);

  std::optional<TopicState> state(const std::string& topic) const;
  // The last seq handed over (or skipped by the filter); nullopt before the first ack.
  std::optional<std::int64_t> last_seq(const std::string& topic) const;
  // Who is on the topic, as the server last said.
  std::vector<std::string> users(const std::string& topic) const;
  std::vector<std::string> topics() const;

  // [SECTION] The live client's side

  // The socket's namespace is connected: every subscription is (re)sent,
  // with lastSeq where one is known; polling ends.
  void on_connected(UnixMillis now);
  // The socket is gone: acks will not come; topics poll until on_connected.
  void on_disconnected(UnixMillis now);

  std::vector<TopicEmit> take_emits();
  // `args_json` is the ack's argument array ([{ok, seq, ...}]).
  void on_ack(std::uint64_t ticket, std::string_view args_json, UnixMillis now);
  // "topic:event", "unsubscribed", "presence", "topic:resyncRequired";
  // false for any other name.
  // Malformed arguments are logged (take_log) and skipped.
  bool on_socket_event(std::string_view name, std::string_view arg_json, UnixMillis now);

  // GETs due now: polls while the socket is down, and gap repairs.
  std::vector<TopicPoll> take_polls(UnixMillis now);
  // status 0 is a network failure.
  void on_poll_response(const std::string& topic, std::uint64_t ticket, int status,
                        std::string_view body, UnixMillis now);

  // Hands over debounced batches that are due.
  void update(UnixMillis now);
  // When update() or take_polls() next has something to do.
  std::optional<UnixMillis> next_deadline() const;

  // Lines about skipped input, for the console.
  std::vector<std::string> take_log();

  // The events page size the polls ask for.
  static constexpr int kPollLimit = 200;

 private:
  struct Subscription {
    std::uint64_t id = 0;  // which subscription to this topic an update is for
    TopicOptions options;
    TopicCallback callback;
    TopicState state = TopicState::Subscribing;
    std::optional<std::int64_t> last_seq;
    std::vector<std::string> users;
    std::uint64_t emit_ticket = 0;  // the subscribe whose ack counts
    std::uint64_t poll_ticket = 0;  // the GET whose answer counts
    bool poll_in_flight = false;
    std::optional<UnixMillis> poll_at;  // next GET
    std::vector<TopicEvent> pending;    // debounced, not handed over yet
    UnixMillis pending_since = 0;
    UnixMillis pending_last = 0;
    std::optional<UnixMillis> retry_subscribe_at;  // after RATE_LIMITED
  };

  void send_subscribe(const std::string& topic, Subscription& s);
  void apply(const std::string& topic, Subscription& s, TopicEvent event, UnixMillis now);
  void flush(const std::string& topic, Subscription& s, UnixMillis now, bool force);
  void need_repair(Subscription& s, UnixMillis now);
  void notify(const std::string& topic, const Subscription& s, TopicUpdate update);
  void dispatch();
  void end(const std::string& topic, Subscription& s, TopicUpdate::Kind kind, std::string reason,
           std::string message);

  std::map<std::string, Subscription> subs_;
  std::vector<TopicEmit> emits_;
  std::vector<std::pair<std::uint64_t, TopicUpdate>> outbox_;  // updates not yet handed over
  std::vector<std::string> log_;
  std::uint64_t next_ticket_ = 1;
  bool connected_ = false;
};

}  // namespace dashboard::core::client
