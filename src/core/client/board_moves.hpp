// board_moves: the board's optimistic moves. A move (drag and drop, a key,
// a touch) enters the queue and the card is drawn at its new place in the
// same frame (arrange() lays pending moves over the confirmed board). The
// queue sends one move per card at a time, naming the version it was made
// on (If-Match); a confirmation hands the server's MOC to the board, a
// refusal (403, 409, a network failure) drops the move and every later
// move of the same card, so the card goes back to where the server says it
// is, and returns them for a toast that says why (rollback_message).
//
//   MoveQueue moves;
//   const MoveId id = moves.submit(*board.card("m1"), {BuildStatus::Built, rank});
//   for (const Move& m : moves.take_ready()) send(m);  // PATCH, If-Match: "base_version"
//   moves.confirm(id, answered_moc);  // 2xx, or: moves.roll_back(id)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/board.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

using MoveId = std::uint64_t;

struct Move {
  MoveId id = 0;
  std::string moc_id;
  std::string title;  // for the toast
  BoardPlace from;    // where the card stood when it was moved
  BoardPlace to;
  std::int64_t base_version = 0;  // sent as If-Match
  // Sent as Idempotency-Key, the same on every resend of this move; the
  // caller makes it (core has no randomness).
  std::string idempotency_key;
  bool sent = false;
  UnixMillis refused_at = 0;  // a 409 waiting to say who moved the card first
};

class MoveQueue {
 public:
  // Queues a move of `card` (as confirmed) to `to`; its `from` is where the
  // card is shown now (an earlier pending move's target, or its own place).
  // `idempotency_key`: the move's Idempotency-Key (empty: none).
  MoveId submit(const Moc& card, BoardPlace to, std::string idempotency_key = {});

  // The moves to send now: per card, its oldest when none is in flight.
  std::vector<Move> take_ready();

  // The server took the move and answered with the MOC; later moves of the
  // same card made on the same version now name the new one.
  std::optional<Move> confirm(MoveId id, const Moc& result);

  // The server refused it or it never arrived: it and every later move of
  // the same card are dropped and returned, oldest first.
  std::vector<Move> roll_back(MoveId id);
  // Every pending move (the session ended, the board was left).
  std::vector<Move> roll_back_all();

  // The latest pending target of `moc_id`, or nullptr.
  const BoardPlace* target(std::string_view moc_id) const;
  bool pending(std::string_view moc_id) const { return target(moc_id) != nullptr; }
  const Move* find(MoveId id) const;
  bool empty() const { return moves_.empty(); }
  std::size_t size() const { return moves_.size(); }
  // Bumps on every change, so views can cache what they derive.
  std::uint64_t revision() const { return revision_; }

 private:
  std::vector<Move> moves_;  // submission order
  MoveId next_id_ = 1;
  std::uint64_t revision_ = 0;
};

// Why a move was taken back, for its toast.
enum class RollbackCause {
  Conflict,   // 409: someone changed the card first
  Forbidden,  // 403: no right to move cards here (any more)
  Gone,       // 404: the card was deleted
  Failed,     // the request failed (no answer, 5xx)
  Offline,    // made while offline: never sent
  // Idempotency-Key refused (its answer lost, or still in use after every
  // resend): the server may have made the move; the topic will say.
  Unconfirmed,
};

struct RollbackText {
  std::string title;   // "\u201cCastle Keep\u201d went back to Added"
  std::string detail;  // "bob moved it to Built"
};

// The toast for a rolled-back move. `now_at`: the card's place as the
// server says (nullopt when unknown or deleted); `actor`: who changed it
// last, when known ("bob").
RollbackText rollback_message(const Move& move, RollbackCause cause,
                              const std::optional<BoardPlace>& now_at, std::string_view actor);

// A recent move as the board's activity line says it:
// "bob moved Castle Keep to Built, 2 s ago".
std::string describe_move(std::string_view actor, std::string_view title, BuildStatus to,
                          UnixMillis age_ms);

}  // namespace dashboard::core::client
