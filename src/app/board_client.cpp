// [SECTION] Helpers
// [SECTION] Session
// [SECTION] The board
// [SECTION] Moves
#include "app/board_client.hpp"

#include <algorithm>

#include "app/api_error.hpp"
#include "app/moc_wire.hpp"
#include "core/client/route.hpp"

namespace dashboard::app {

using core::Moc;
using core::UnixMillis;
using core::client::BoardPlace;
using core::client::Move;
using core::client::RollbackCause;

// [SECTION] Helpers
namespace {

// A 409 waits this long for the topic to say who moved the card.
constexpr UnixMillis kConflictWaitMs = 3000;

}  // namespace

BoardClient::BoardClient(Transport& transport, LiveClient& live, BoardClientConfig config)
    : live_(live),
      requests_(transport, live),
      config_(config),
      session_(std::make_shared<std::uint64_t>(0)) {}

BoardClient::~BoardClient() = default;

// [SECTION] Session

bool BoardClient::can_send() const {
  return requests_.can_send();
}

bool BoardClient::online() const {
  return live_.link(now_).status == core::ConnectionStatus::Live;
}

void BoardClient::request(HttpRequest req, std::function<void(const HttpResponse&)> done) {
  requests_.send(std::move(req), now_, [this, done = std::move(done)](const HttpResponse& r) {
    done(r);
    pump();
  });
}

void BoardClient::reset() {
  ++*session_;
  requests_.reset();
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
  share_key_.clear();
  share_body_.clear();
}

void BoardClient::update(UnixMillis now) {
  now_ = now;
  if (live_.generation() != live_generation_) {
    live_generation_ = live_.generation();
    owner_.clear();
    reset();
  }
  requests_.update(now);
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
  std::optional<UnixMillis> next = requests_.next_deadline();
  if (!wanted_ || status_ != BoardStatus::Shown) return next;
  return next ? std::min(*next, next_poll_at_) : next_poll_at_;
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
  requests_.reset();
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
  const core::client::MoveId move_id = moves_.submit(*card, std::move(to), keys_.next());
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
  req.if_match = if_match_version(move.base_version);
  req.idempotency_key = move.idempotency_key;
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
  if (error.code == "IDEMPOTENCY_KEY_IN_USE" || error.code == "IDEMPOTENCY_KEY_REUSED" ||
      error.code == "IDEMPOTENT_ANSWER_LOST") {
    // The server may have made the move already (its first try is still
    // running, or its answer was lost): the card goes back to what the
    // board says, and the topic is read now to bring the move if it landed.
    roll_back(move, RollbackCause::Unconfirmed);
    next_poll_at_ = 0;
    return;
  }
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

}  // namespace dashboard::app
