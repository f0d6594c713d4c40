// board_rank: the order of cards within a board column as strings that sort
// bytewise (fractional keys), so moving a card writes one row: its new rank
// lies between its new neighbours' ranks.
//
//   rank_between("a", "b")          -> "aO"       (strictly between)
//   rank_between("", std::nullopt)  -> "O"        (the first card of an empty column)
//   rank_after(last)                -> after every existing rank
//
// Digits are the printable ASCII characters '!' (0) to '~' (93); a rank
// never ends in '!', so there is always room between two ranks. Existing
// MOCs start with their creation time as rank, which is such a string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dashboard::core {

inline constexpr std::size_t kMaxBoardRank = 64;

// A rank strictly after `lower` and strictly before `upper` (nullopt: no
// upper bound). `lower` may be empty (no lower bound). Requires lower < upper.
std::string rank_between(std::string_view lower, std::optional<std::string_view> upper);

// A rank after `lower` (the end of a column).
inline std::string rank_after(std::string_view lower) {
  return rank_between(lower, std::nullopt);
}

// True for a rank this module could have made: 1..kMaxBoardRank printable
// ASCII characters from '!' to '~', not ending in '!'.
bool valid_rank(std::string_view rank);

}  // namespace dashboard::core
