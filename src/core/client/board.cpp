#include "core/client/board.hpp"

#include <algorithm>
#include <utility>

#include "core/board_rank.hpp"
#include "core/client/board_moves.hpp"

namespace dashboard::core::client {

std::optional<BoardRole> board_role_from(std::string_view wire) {
  if (wire == "viewer") return BoardRole::Viewer;
  if (wire == "editor") return BoardRole::Editor;
  if (wire == "owner") return BoardRole::Owner;
  return std::nullopt;
}

std::string_view to_string(BoardRole role) {
  switch (role) {
    case BoardRole::None:
      return "none";
    case BoardRole::Viewer:
      return "viewer";
    case BoardRole::Editor:
      return "editor";
    case BoardRole::Owner:
      return "owner";
  }
  return "none";
}

std::string_view column_title(BuildStatus status) {
  switch (status) {
    case BuildStatus::Added:
      return "Added";
    case BuildStatus::InProgress:
      return "In progress";
    case BuildStatus::Built:
      return "Built";
  }
  return "Added";
}

// [SECTION] Board

void Board::reset(std::string owner, BoardRole role, std::int64_t seq, std::vector<Moc> cards) {
  loaded_ = true;
  owner_ = std::move(owner);
  role_ = role;
  seq_ = seq;
  cards_.clear();
  for (Moc& m : cards) {
    std::string id = m.id;
    cards_.insert_or_assign(std::move(id), std::move(m));
  }
  ++revision_;
}

bool Board::upsert(const Moc& moc) {
  const auto it = cards_.find(moc.id);
  if (it != cards_.end()) {
    if (moc.version < it->second.version || it->second == moc) return false;
    it->second = moc;
  } else {
    cards_.emplace(moc.id, moc);
  }
  ++revision_;
  return true;
}

bool Board::remove(std::string_view id) {
  const auto it = cards_.find(id);
  if (it == cards_.end()) return false;
  cards_.erase(it);
  ++revision_;
  return true;
}

const Moc* Board::card(std::string_view id) const {
  const auto it = cards_.find(id);
  return it == cards_.end() ? nullptr : &it->second;
}

// [SECTION] Columns

BoardColumns arrange(const Board& board, const MoveQueue* moves) {
  BoardColumns columns;
  for (const auto& [id, moc] : board.cards()) {
    PlacedCard card{&moc, place_of(moc), false};
    if (moves != nullptr) {
      if (const BoardPlace* to = moves->target(id)) {
        card.place = *to;
        card.moving = true;
      }
    }
    columns[column_of(card.place.status)].push_back(std::move(card));
  }
  for (BoardColumn& column : columns) {
    std::sort(column.begin(), column.end(), [](const PlacedCard& a, const PlacedCard& b) {
      if (a.place.rank != b.place.rank) return a.place.rank < b.place.rank;
      return a.moc->id < b.moc->id;
    });
  }
  return columns;
}

std::string rank_at(const BoardColumn& column, std::size_t index, std::string_view moving_id) {
  std::vector<const std::string*> ranks;
  ranks.reserve(column.size());
  for (const PlacedCard& c : column) {
    if (c.moc->id != moving_id) ranks.push_back(&c.place.rank);
  }
  index = std::min(index, ranks.size());
  const std::string_view lower = index == 0 ? std::string_view() : *ranks[index - 1];
  if (index == ranks.size()) return rank_after(lower);
  const std::string_view upper = *ranks[index];
  // Equal neighbours (two cards created in the same millisecond) leave no
  // room between them: the card goes just after both.
  if (!lower.empty() && lower >= upper) return rank_after(upper);
  return rank_between(lower, upper);
}

std::optional<std::pair<std::size_t, std::size_t>> find_card(const BoardColumns& columns,
                                                             std::string_view id) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t i = 0; i < columns[c].size(); ++i) {
      if (columns[c][i].moc->id == id) return std::make_pair(c, i);
    }
  }
  return std::nullopt;
}

std::optional<BoardPlace> keyboard_target(const BoardColumns& columns, std::string_view id,
                                          MoveKey key) {
  const auto at = find_card(columns, id);
  if (!at) return std::nullopt;
  const auto [c, i] = *at;
  const BoardColumn& column = columns[c];
  switch (key) {
    case MoveKey::Up:
      if (i == 0) return std::nullopt;
      // Without the card, index i - 1 is the slot above its upper neighbour.
      return BoardPlace{kBuildStatuses[c], rank_at(column, i - 1, id)};
    case MoveKey::Down:
      if (i + 1 >= column.size()) return std::nullopt;
      return BoardPlace{kBuildStatuses[c], rank_at(column, i + 1, id)};
    case MoveKey::Left:
    case MoveKey::Right: {
      if (key == MoveKey::Left && c == 0) return std::nullopt;
      if (key == MoveKey::Right && c + 1 >= kBoardColumns) return std::nullopt;
      const std::size_t to = key == MoveKey::Left ? c - 1 : c + 1;
      return BoardPlace{kBuildStatuses[to], rank_at(columns[to], i, id)};
    }
  }
  return std::nullopt;
}

}  // namespace dashboard::core::client
