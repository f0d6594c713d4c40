// The board client's topic: the socket's board:<owner> subscription, the
// REST poller that stands in while it is not live, and what the topic's
// events do to the board (moves by others, "Access removed").
#include <rapidjson/document.h>

#include "app/board_client.hpp"
#include "core/client/route.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {

using core::Moc;
using core::UnixMillis;
using core::client::Move;
using core::client::RollbackCause;

namespace {

constexpr std::size_t kRecentMoves = 5;

}  // namespace

void BoardClient::subscribe() {
  core::client::TopicOptions options;
  options.from_seq = board_.seq();
  options.poll_interval_ms = config_.poll_interval_ms;
  subscribed_ = topic();
  const std::string owner = owner_;
  const std::weak_ptr<std::uint64_t> session = session_;
  const std::uint64_t generation = *session_;
  live_.subscribe_topic(
      subscribed_, options,
      [this, owner, session, generation](const core::client::TopicUpdate& update) {
        const auto alive = session.lock();
        if (!alive || *alive != generation || owner != owner_) return;
        on_topic_update(update);
      },
      now_);
}

void BoardClient::unsubscribe() {
  if (subscribed_.empty()) return;
  live_.unsubscribe_topic(std::exchange(subscribed_, {}), now_);
  present_.clear();
}

bool BoardClient::topic_live() const {
  return !subscribed_.empty() &&
         live_.topics().state(subscribed_) == core::client::TopicState::Live;
}

void BoardClient::on_topic_update(const core::client::TopicUpdate& u) {
  using Kind = core::client::TopicUpdate::Kind;
  switch (u.kind) {
    case Kind::Subscribed:
    case Kind::Presence:
      present_ = u.users;
      return;
    case Kind::Events:
      for (const core::client::TopicEvent& e : u.events) {
        core::client::BoardEvent b;
        b.seq = e.seq;
        b.topic = e.topic;
        b.kind = e.kind_wire;
        b.entity_id = e.entity_id;
        b.user_id = e.user_id;
        b.user_name = e.user_name;
        b.timestamp = e.timestamp;
        b.trace_id = e.trace_id;
        rapidjson::Document doc;
        core::Error error;
        Moc moc;
        if (core::json_text::parse(e.payload_json, doc, error) &&
            core::decode_moc(doc, core::JsonPath(), moc, error)) {
          b.moc = std::move(moc);
        }
        on_topic_event(b);
      }
      return;
    case Kind::ResyncRequired:
      // The stream no longer reaches back: the board is read again (and
      // subscribed again from its seq).
      unsubscribe();
      board_.clear();
      status_ = BoardStatus::Loading;
      pump();
      return;
    case Kind::Unsubscribed:
      subscribed_.clear();
      on_unsubscribed(u.reason);
      return;
    case Kind::Refused:
      subscribed_.clear();
      if (u.reason == "FORBIDDEN") on_unsubscribed(u.reason);
      return;
  }
}
void BoardClient::poll_topic() {
  if (poll_in_flight_) {
    poll_again_ = true;
    return;
  }
  poll_in_flight_ = true;
  next_poll_at_ = now_ + config_.poll_interval_ms;
  const std::string owner = owner_;
  const std::string path = "/api/topics/" + core::client::encode_path_segment(topic()) +
                           "/events?since=" + std::to_string(board_.seq()) + "&limit=500";
  request(get_request(path, ""), [this, owner](const HttpResponse& response) {
    poll_in_flight_ = false;
    if (owner != owner_ || !board_.loaded()) return;
    if (response.status == 200) {
      auto page = core::client::decode_board_events(response.body);
      if (!page) {
        if (live_.log) live_.log("board: skipped a topic page: " + page.error().to_string());
        return;
      }
      for (const core::client::BoardEvent& e : page->events) on_topic_event(e);
      if (page->last_seq > board_.seq() && !page->events.empty()) next_poll_at_ = 0;  // more
    } else if (response.status == 410) {
      // Retention no longer reaches back: read the board again.
      board_.clear();
      status_ = BoardStatus::Loading;
    } else if (response.status == 403) {
      on_unsubscribed("ACCESS_REVOKED");
    }
    if (std::exchange(poll_again_, false)) next_poll_at_ = 0;
  });
}

void BoardClient::on_topic_event(const core::client::BoardEvent& e) {
  if (!board_.loaded() || e.topic != topic() || e.seq <= board_.seq()) return;
  if (e.seq > board_.seq() + 1) {
    next_poll_at_ = 0;  // a gap: repaired from the REST stream
    return;
  }
  board_.set_seq(e.seq);
  const UnixMillis at = core::parse_rfc3339(e.timestamp).value_or(now_);
  if (e.kind == "ACCESS_REVOKED") {
    if (e.revoked_user == live_.username()) on_unsubscribed("ACCESS_REVOKED");
    return;
  }
  if (!e.moc) return;
  // The topic names who made each change, but this user's other tabs and
  // devices count as elsewhere too: this tab's own is a move of the card
  // still out (the event came before the answer) or the version its
  // answer produced. (The topic's trace_id names the request's
  // X-Request-Id, but the transports send no such header.)
  const auto own = own_versions_.find(e.moc->id);
  const bool mine =
      e.user_name == live_.username() &&
      (moves_.pending(e.moc->id) || (own != own_versions_.end() && own->second == e.moc->version));
  if (!mine) elsewhere_ = true;
  if (e.kind == "DELETED") {
    board_.remove(e.moc->id);
    last_actor_[e.moc->id] = {e.user_name, e.moc->version + 1};
  } else {
    const Moc* before = board_.card(e.moc->id);
    const std::optional<Moc> previous =
        before != nullptr ? std::optional<Moc>(*before) : std::nullopt;
    board_.upsert(*e.moc);
    last_actor_[e.moc->id] = {e.user_name, e.moc->version};
    // STATUS_CHANGED is a move even when a 409's answer already showed it.
    if (e.kind == "STATUS_CHANGED" ||
        (previous && core::client::place_of(*previous) != core::client::place_of(*e.moc))) {
      note_move(*e.moc, e.user_name, at);
    }
  }
  // 409s that waited for this event can say who it was now.
  std::erase_if(conflicts_, [this, &e](const Move& m) {
    if (m.moc_id != e.entity_id) return false;
    const Moc* card = board_.card(m.moc_id);
    if (card != nullptr && e.moc && e.moc->version < card->version) return false;
    toast_rollback(m, RollbackCause::Conflict);
    return true;
  });
}

void BoardClient::note_move(const Moc& after, const std::string& actor, UnixMillis at) {
  RecentMove m{actor == live_.username() ? std::string("you") : actor, after.title,
               after.build_status, at};
  recent_.push_front(std::move(m));
  while (recent_.size() > kRecentMoves) recent_.pop_back();
}

void BoardClient::on_unsubscribed(std::string_view reason) {
  (void)reason;
  if (access_removed_ || owner_ == live_.username()) return;
  unsubscribe();
  access_removed_ = true;
  status_ = BoardStatus::AccessRemoved;
  for (const Move& m : moves_.roll_back_all()) toast_rollback(m, RollbackCause::Forbidden);
  toasts_.push_back({Toast::Kind::Error, "Access removed",
                     owner_ + " no longer shares this board with you", "", "", kRollbackToastMs});
}

}  // namespace dashboard::app
