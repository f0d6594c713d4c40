#include "core/client/board_moves.hpp"

#include <algorithm>
#include <utility>

namespace dashboard::core::client {
namespace {

std::string quoted(std::string_view title) {
  return "\xE2\x80\x9C" + std::string(title) + "\xE2\x80\x9D";
}

}  // namespace

MoveId MoveQueue::submit(const Moc& card, BoardPlace to, std::string idempotency_key) {
  Move move;
  move.id = next_id_++;
  move.moc_id = card.id;
  move.title = card.title;
  const BoardPlace* shown = target(card.id);
  move.from = shown != nullptr ? *shown : place_of(card);
  move.to = std::move(to);
  move.base_version = card.version;
  move.idempotency_key = std::move(idempotency_key);
  moves_.push_back(std::move(move));
  ++revision_;
  return moves_.back().id;
}

std::vector<Move> MoveQueue::take_ready() {
  std::vector<Move> ready;
  for (Move& m : moves_) {
    const bool busy = std::any_of(moves_.begin(), moves_.end(), [&m](const Move& other) {
      return other.moc_id == m.moc_id && (other.sent || other.id < m.id);
    });
    if (busy) continue;
    m.sent = true;
    ready.push_back(m);
  }
  if (!ready.empty()) ++revision_;
  return ready;
}

std::optional<Move> MoveQueue::confirm(MoveId id, const Moc& result) {
  const auto it =
      std::find_if(moves_.begin(), moves_.end(), [id](const Move& m) { return m.id == id; });
  if (it == moves_.end()) return std::nullopt;
  Move done = std::move(*it);
  moves_.erase(it);
  for (Move& later : moves_) {
    if (later.moc_id == done.moc_id && later.base_version == done.base_version) {
      later.base_version = result.version;
    }
  }
  ++revision_;
  return done;
}

std::vector<Move> MoveQueue::roll_back(MoveId id) {
  std::vector<Move> dropped;
  const Move* move = find(id);
  if (move == nullptr) return dropped;
  const std::string card = move->moc_id;
  const auto split = std::stable_partition(moves_.begin(), moves_.end(), [&](const Move& m) {
    return !(m.moc_id == card && m.id >= id);
  });
  dropped.assign(std::make_move_iterator(split), std::make_move_iterator(moves_.end()));
  moves_.erase(split, moves_.end());
  ++revision_;
  return dropped;
}

std::vector<Move> MoveQueue::roll_back_all() {
  std::vector<Move> dropped = std::move(moves_);
  moves_.clear();
  ++revision_;
  return dropped;
}

const BoardPlace* MoveQueue::target(std::string_view moc_id) const {
  for (auto it = moves_.rbegin(); it != moves_.rend(); ++it) {
    if (it->moc_id == moc_id) return &it->to;
  }
  return nullptr;
}

const Move* MoveQueue::find(MoveId id) const {
  for (const Move& m : moves_) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

RollbackText rollback_message(const Move& move, RollbackCause cause,
                              const std::optional<BoardPlace>& now_at, std::string_view actor) {
  RollbackText text;
  const std::string who = actor.empty() ? std::string("Someone") : std::string(actor);
  const BoardPlace& back = now_at ? *now_at : move.from;
  text.title = quoted(move.title) + " went back to " + std::string(column_title(back.status));
  switch (cause) {
    case RollbackCause::Conflict:
      if (!now_at) {
        text.detail = who + " deleted it";
      } else if (now_at->status != move.from.status) {
        text.detail = who + " moved it to " + std::string(column_title(now_at->status));
      } else {
        text.detail = who + " changed it first";
      }
      break;
    case RollbackCause::Forbidden:
      text.detail = "You can no longer move cards on this board";
      break;
    case RollbackCause::Gone:
      text.title = quoted(move.title) + " is no longer on the board";
      text.detail = who + " deleted it";
      break;
    case RollbackCause::Failed:
      text.detail = "The move did not reach the server; try again";
      break;
    case RollbackCause::Offline:
      text.detail = "You are offline: moves are not saved until you are back";
      break;
    case RollbackCause::Unconfirmed:
      text.detail = "The server may have made it already; the board shows it once it has";
      break;
  }
  return text;
}

std::string describe_move(std::string_view actor, std::string_view title, BuildStatus to,
                          UnixMillis age_ms) {
  const UnixMillis seconds = std::max<UnixMillis>(0, age_ms) / 1000;
  std::string age;
  if (seconds < 60) {
    age = std::to_string(seconds) + " s ago";
  } else if (seconds < 3600) {
    age = std::to_string(seconds / 60) + " min ago";
  } else {
    age = std::to_string(seconds / 3600) + " h ago";
  }
  return std::string(actor) + " moved " + std::string(title) + " to " +
         std::string(column_title(to)) + ", " + age;
}

}  // namespace dashboard::core::client
