// board: the build board as the client holds it. Cards are MOCs in three
// columns by build status (Added, In progress, Built), ordered by their
// stored fractional rank (core/board_rank.hpp), ties by id so every client
// draws the same order. The board is the server's word (GET /api/board and
// the board:<owner> topic's events); pending moves (board_moves.hpp) are
// laid on top when the columns are arranged.
//
//   Board board;
//   board.reset(decoded->owner, decoded->role, decoded->seq, decoded->cards);
//   board.upsert(event_moc);                          // a newer version replaces
//   BoardColumns columns = arrange(board, moves);     // what the page draws
//   std::string rank = rank_at(columns[1], 0, "m1");  // top of In progress
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace dashboard::core::client {

class MoveQueue;

// What the signed-in user may do on a board.
enum class BoardRole { None, Viewer, Editor, Owner };

// "viewer", "editor", "owner"; nullopt for anything else.
std::optional<BoardRole> board_role_from(std::string_view wire);
std::string_view to_string(BoardRole role);
inline bool can_move(BoardRole role) {
  return role == BoardRole::Editor || role == BoardRole::Owner;
}

inline constexpr std::size_t kBoardColumns = 3;

inline std::size_t column_of(BuildStatus status) {
  return static_cast<std::size_t>(status);
}
// The column's heading: "Added", "In progress", "Built".
std::string_view column_title(BuildStatus status);

// Where a card stands: its column and its rank within it.
struct BoardPlace {
  BuildStatus status = BuildStatus::Added;
  std::string rank;

  bool operator==(const BoardPlace&) const = default;
};

inline BoardPlace place_of(const Moc& moc) {
  return {moc.build_status, moc.board_rank};
}

// The confirmed board: one owner's MOCs as the server last said.
class Board {
 public:
  void reset(std::string owner, BoardRole role, std::int64_t seq, std::vector<Moc> cards);
  void clear() { *this = Board(); }

  bool loaded() const { return loaded_; }
  const std::string& owner() const { return owner_; }
  BoardRole role() const { return role_; }
  void set_role(BoardRole role) { role_ = role; }
  // The board:<owner> topic's seq the board includes.
  std::int64_t seq() const { return seq_; }
  void set_seq(std::int64_t seq) { seq_ = seq; }

  // A card as the server has it; a version older than the one held is
  // ignored (a late answer). Returns true when the board changed.
  bool upsert(const Moc& moc);
  bool remove(std::string_view id);
  const Moc* card(std::string_view id) const;
  const std::map<std::string, Moc, std::less<>>& cards() const { return cards_; }
  // Bumps on every change, so views can cache what they derive.
  std::uint64_t revision() const { return revision_; }

 private:
  bool loaded_ = false;
  std::string owner_;
  BoardRole role_ = BoardRole::None;
  std::int64_t seq_ = 0;
  std::map<std::string, Moc, std::less<>> cards_;
  std::uint64_t revision_ = 0;
};

// A card as drawn: the confirmed MOC at its shown place (a pending move's
// target, or its own).
struct PlacedCard {
  const Moc* moc = nullptr;
  BoardPlace place;
  bool moving = false;  // a move of it is not confirmed yet
};

using BoardColumn = std::vector<PlacedCard>;
using BoardColumns = std::array<BoardColumn, kBoardColumns>;

// The columns as drawn: confirmed cards with pending moves applied, each
// column sorted by (rank, id). Pointers into `board` stay valid until it
// changes.
BoardColumns arrange(const Board& board, const MoveQueue* moves);

// The rank for a card dropped at `index` of `column` (0: top; an index past
// the end: the bottom), counted without the card `moving_id` itself.
std::string rank_at(const BoardColumn& column, std::size_t index, std::string_view moving_id);

// Keyboard moves of the card `id`: Up/Down within its column, Left/Right
// to the neighbouring column at the same height. nullopt when the card is
// already at that edge (or not on the board).
enum class MoveKey { Up, Down, Left, Right };
std::optional<BoardPlace> keyboard_target(const BoardColumns& columns, std::string_view id,
                                          MoveKey key);

// Where card `id` is in `columns`: {column, index}; nullopt when absent.
std::optional<std::pair<std::size_t, std::size_t>> find_card(const BoardColumns& columns,
                                                             std::string_view id);

}  // namespace dashboard::core::client
