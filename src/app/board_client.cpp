// [SECTION] Helpers
// [SECTION] Session
// [SECTION] The board
// [SECTION] Moves
// [SECTION] The topic
// [SECTION] Shares
#include "app/board_client.hpp"

#include <algorithm>
#include <cctype>

#include "app/api_error.hpp"
#include "core/client/route.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {

using core::Moc;
using core::UnixMillis;
using core::client::BoardPlace;
using core::client::Move;
using core::client::RollbackCause;

// [SECTION] Helpers
namespace {

constexpr std::size_t kRecentMoves = 5;
// A 409 waits this long for the topic to say who moved the card.
constexpr UnixMillis kConflictWaitMs = 3000;
constexpr std::int64_t kRollbackToastMs = 8000;

std::optional<Moc> decode_moc_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  Moc moc;
  if (!core::json_text::parse(body, doc, error) ||
      !core::decode_moc(doc, core::JsonPath(), moc, error)) {
    return std::nullopt;
  }
  return moc;
}

// "username: no user named zed" -> "No user named zed": the field is where
// the message shows.
std::string field_message(std::string message) {
  constexpr std::string_view kPrefix = "username: ";
  if (message.rfind(kPrefix, 0) == 0) message.erase(0, kPrefix.size());
  if (!message.empty()) message[0] = static_cast<char>(std::toupper(message[0]));
  return message;
}

}  // namespace

BoardClient::BoardClient(Transport& transport, LiveClient& live, BoardClientConfig config)
    : transport_(transport),
      live_(live),
      config_(config),
      session_(std::make_shared<std::uint64_t>(0)) {}

BoardClient::~BoardClient() = default;

// [SECTION] Session

bool BoardClient::can_send() const {
  return !live_.token().empty() && !live_.needs_sign_in();
}

bool BoardClient::online() const {
  return live_.link(now_).status == core::ConnectionStatus::Live;
}

void BoardClient::request(HttpRequest req, std::function<void(const HttpResponse&)> done) {
  req.token = live_.token();
  const std::weak_ptr<std::uint64_t> session = session_;
  const std::uint64_t generation = *session_;
  transport_.http(std::move(req), [this, session, generation,
                                   done = std::move(done)](const HttpResponse& response) {
    const auto alive = session.lock();
    if (!alive || *alive != generation) return;
    if (response.status == 401) live_.auth_expired(now_);
    done(response);
    pump();
  });
}

void BoardClient::reset() {
  ++*session_;
  subscribed_.clear();  // the session's subscriptions went with it
  board_.clear();
  moves_.roll_back_all();
  status_ = wanted_ ? BoardStatus::Loading : BoardStatus::Idle;
  error_.clear();
  board_in_flight_ = false;
  access_removed_ = false;
  poll_in_flight_ = false;
  poll_again_ = false;
  last_actor_.clear();
  own_versions_.clear();
  elsewhere_ = false;
  conflicts_.clear();
  recent_.clear();
  present_.clear();
  shares_ = {};
  shares_loaded_ = false;
  shares_in_flight_ = false;
  shares_error_.clear();
  share_form_ = {};
}

void BoardClient::update(UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_) {
    live_generation_ = live_.generation();
    owner_.clear();
    reset();
  }
  // The owner's own dashboard stream moved: one of their MOCs may have
  // changed on the board, so the topic is read now rather than at the
  // next poll.
  if (const core::DashboardView* view = live_.view(); view != nullptr && board_.loaded() &&
                                                      owner_ == live_.username() &&
                                                      view->version != seen_view_version_) {
    if (seen_view_version_ != 0) next_poll_at_ = 0;
    seen_view_version_ = view->version;
  }
  std::erase_if(conflicts_, [this](const Move& m) {
    if (now_ - m.refused_at < kConflictWaitMs) return false;
    toast_rollback(m, RollbackCause::Conflict);
    return true;
  });
  pump();
}

std::optional<UnixMillis> BoardClient::next_deadline() const {
  if (!wanted_ || status_ != BoardStatus::Shown) return std::nullopt;
  return next_poll_at_;
}

void BoardClient::pump() {
  if (!can_send()) return;
  if (wanted_ && !board_.loaded() && !board_in_flight_ && status_ == BoardStatus::Loading) {
    load_board();
  }
  if (wanted_ && board_.loaded() && !access_removed_ && now_ >= next_poll_at_ && !topic_live()) {
    poll_topic();
  }
  for (const Move& m : moves_.take_ready()) send_move(m);
  if (want_shares_ && !shares_loaded_ && !shares_in_flight_ && shares_error_.empty()) {
    load_shares();
  }
}

// [SECTION] The board

void BoardClient::want_board(std::string_view owner) {
  const std::string name = owner.empty() ? live_.username() : std::string(owner);
  if (wanted_ && name == owner_) return;
  unsubscribe();
  for (const Move& m : moves_.roll_back_all()) (void)m;  // a board left behind
  wanted_ = true;
  owner_ = name;
  ++*session_;
  board_.clear();
  status_ = BoardStatus::Loading;
  error_.clear();
  board_in_flight_ = false;
  access_removed_ = false;
  poll_in_flight_ = false;
  last_actor_.clear();
  conflicts_.clear();
  recent_.clear();
  present_.clear();
  seen_view_version_ = 0;
  pump();
}

void BoardClient::leave_board() {
  if (!wanted_) return;
  unsubscribe();
  wanted_ = false;
  status_ = BoardStatus::Idle;
  owner_.clear();
}

void BoardClient::retry() {
  if (status_ == BoardStatus::Failed) {
    status_ = BoardStatus::Loading;
    error_.clear();
  }
  if (!shares_error_.empty()) shares_error_.clear();
  pump();
}

std::string BoardClient::topic() const {
  return owner_.empty() ? std::string() : "board:" + owner_;
}

void BoardClient::load_board() {
  board_in_flight_ = true;
  const std::string owner = owner_;
  request(get_request("/api/board/" + core::client::encode_path_segment(owner), ""),
          [this, owner](const HttpResponse& response) {
            board_in_flight_ = false;
            if (owner != owner_) return;
            if (response.status == 200) {
              auto body = core::client::decode_board(response.body);
              if (!body) {
                status_ = BoardStatus::Failed;
                error_ = "The server sent a board this page cannot read (" +
                         body.error().to_string() + ").";
                return;
              }
              board_.reset(body->owner, body->role, body->seq, std::move(body->cards));
              status_ = BoardStatus::Shown;
              next_poll_at_ = now_ + config_.poll_interval_ms;
              subscribe();
              return;
            }
            if (response.status == 403) {
              status_ = BoardStatus::Forbidden;
              return;
            }
            if (response.status == 404) {
              status_ = BoardStatus::NotFound;
              return;
            }
            status_ = BoardStatus::Failed;
            error_ = read_api_error(response).message;
          });
}

const core::client::BoardColumns& BoardClient::columns() {
  if (columns_board_rev_ != board_.revision() || columns_moves_rev_ != moves_.revision()) {
    columns_ = core::client::arrange(board_, &moves_);
    columns_board_rev_ = board_.revision();
    columns_moves_rev_ = moves_.revision();
  }
  return columns_;
}

// [SECTION] Moves

void BoardClient::move(std::string_view id, BoardPlace to) {
  const Moc* card = board_.card(id);
  if (card == nullptr || !can_move()) return;
  const core::client::MoveId move_id = moves_.submit(*card, std::move(to));
  if (!online()) {
    // Never queued silently: it goes back at once, and says why.
    for (const Move& m : moves_.roll_back(move_id)) toast_rollback(m, RollbackCause::Offline);
    return;
  }
  pump();
}

void BoardClient::send_move(const Move& move) {
  HttpRequest req =
      api_request("PATCH", "/api/mocs/" + core::client::encode_path_segment(move.moc_id),
                  core::client::encode_move(move.to), "");
  req.if_match = "\"" + std::to_string(move.base_version) + "\"";
  request(std::move(req),
          [this, move](const HttpResponse& response) { on_move_answer(move, response); });
}

void BoardClient::on_move_answer(const Move& move, const HttpResponse& response) {
  if (response.status == 200) {
    if (const std::optional<Moc> result = decode_moc_body(response.body)) {
      moves_.confirm(move.id, *result);
      board_.upsert(*result);
      last_actor_[result->id] = {live_.username(), result->version};
      own_versions_[result->id] = result->version;
      return;
    }
    roll_back(move, RollbackCause::Failed);
    return;
  }
  const ApiError error = read_api_error(response);
  if (response.status == 409) {
    if (error.current) board_.upsert(*error.current);
    roll_back(move, RollbackCause::Conflict);
    return;
  }
  if (response.status == 403) {
    roll_back(move, RollbackCause::Forbidden);
    return;
  }
  if (response.status == 404) {
    board_.remove(move.moc_id);
    roll_back(move, RollbackCause::Gone);
    return;
  }
  roll_back(move, online() ? RollbackCause::Failed : RollbackCause::Offline);
}

void BoardClient::roll_back(const Move& move, RollbackCause cause) {
  for (Move& m : moves_.roll_back(move.id)) {
    if (cause != RollbackCause::Conflict || m.id != move.id) {
      toast_rollback(m, cause);
      continue;
    }
    // Who moved it: the topic's event for the card's current version says;
    // read it now and say it when it is in (or after a short wait).
    m.refused_at = now_;
    const Moc* card = board_.card(m.moc_id);
    const auto actor = last_actor_.find(m.moc_id);
    if (card != nullptr && actor != last_actor_.end() && actor->second.second >= card->version) {
      toast_rollback(m, cause);
    } else {
      conflicts_.push_back(std::move(m));
      next_poll_at_ = 0;
    }
  }
}

void BoardClient::toast_rollback(const Move& move, RollbackCause cause) {
  const Moc* card = board_.card(move.moc_id);
  std::optional<BoardPlace> now_at;
  if (card != nullptr) now_at = core::client::place_of(*card);
  std::string actor;
  if (const auto it = last_actor_.find(move.moc_id); it != last_actor_.end()) {
    actor = it->second.first == live_.username() ? std::string("You") : it->second.first;
  }
  const core::client::RollbackText text =
      core::client::rollback_message(move, cause, now_at, actor);
  toasts_.push_back({Toast::Kind::Error, text.title, text.detail, "", "", kRollbackToastMs});
}

// [SECTION] The topic

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

// [SECTION] Shares

void BoardClient::want_shares() {
  want_shares_ = true;
  pump();
}

void BoardClient::load_shares() {
  shares_in_flight_ = true;
  request(get_request("/api/shares", ""), [this](const HttpResponse& response) {
    shares_in_flight_ = false;
    if (response.status == 200) {
      auto body = core::client::decode_shares(response.body);
      if (body) {
        shares_ = std::move(*body);
        shares_loaded_ = true;
        return;
      }
      shares_error_ = "The server sent shares this page cannot read.";
      return;
    }
    shares_error_ = read_api_error(response).message;
  });
}

void BoardClient::add_share(std::string username, core::client::BoardRole role) {
  const auto trimmed_begin = username.find_first_not_of(" \t");
  username =
      trimmed_begin == std::string::npos
          ? std::string()
          : username.substr(trimmed_begin, username.find_last_not_of(" \t") - trimmed_begin + 1);
  if (username.empty()) {
    share_form_.error = "Enter a username";
    return;
  }
  if (username == live_.username()) {
    share_form_.error = "That is you: your board is already yours";
    return;
  }
  for (const core::client::Share& s : shares_.owned) {
    if (s.grantee == username && s.role == role) {
      share_form_.error =
          "Already shared with " + username + " as " + std::string(core::client::to_string(role));
      return;
    }
  }
  share_form_ = {.busy = true, .error = {}};
  request(
      api_request("POST", "/api/shares", core::client::encode_share_request(username, role), ""),
      [this](const HttpResponse& response) {
        share_form_.busy = false;
        if (response.status == 201 || response.status == 200) {
          if (auto share = core::client::decode_share(response.body)) {
            std::erase_if(shares_.owned, [&share](const core::client::Share& s) {
              return s.grantee == share->grantee;
            });
            shares_.owned.push_back(std::move(*share));
          }
          share_added_ = true;
          return;
        }
        const ApiError error = read_api_error(response);
        share_form_.error = field_message(error.message);
      });
}

void BoardClient::remove_share(std::string_view id) {
  const auto it = std::find_if(shares_.owned.begin(), shares_.owned.end(),
                               [id](const core::client::Share& s) { return s.id == id; });
  if (it == shares_.owned.end()) return;
  const core::client::Share removed = *it;
  shares_.owned.erase(it);  // at once; back with a toast if refused
  request(
      api_request("DELETE", "/api/shares/" + core::client::encode_path_segment(removed.id), "", ""),
      [this, removed](const HttpResponse& response) {
        if (response.status == 204 || response.status == 404) return;
        shares_.owned.push_back(removed);
        toasts_.push_back({Toast::Kind::Error, "Could not stop sharing with " + removed.grantee,
                           read_api_error(response).message, "", "", kRollbackToastMs});
      });
}

}  // namespace dashboard::app
