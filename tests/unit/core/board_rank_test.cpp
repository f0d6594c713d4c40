#include "core/board_rank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace dashboard::core {
namespace {

TEST(BoardRank, BetweenIsStrictlyBetweenAndValid) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases{
      {"", std::nullopt},  {"a", std::nullopt},
      {"a", "b"},          {"a", "a\""},
      {"ab", "b"},         {"a", "aO"},
      {"~", std::nullopt}, {"~~~", std::nullopt},
      {"", "\""},          {"2026-11-20T14:03:11.000Z", "2026-11-20T14:03:11.001Z"}};
  for (const auto& [lower, upper] : cases) {
    const std::string mid = rank_between(lower, upper);
    EXPECT_TRUE(valid_rank(mid)) << lower << " .. " << upper.value_or("(end)") << " -> " << mid;
    EXPECT_LT(lower, mid);
    if (upper) {
      EXPECT_LT(mid, *upper);
    }
  }
}

TEST(BoardRank, CreationTimesAreRanks) {
  EXPECT_TRUE(valid_rank("2026-11-20T14:03:11.123Z"));
  EXPECT_FALSE(valid_rank(""));
  EXPECT_FALSE(valid_rank("a!"));
  EXPECT_FALSE(valid_rank("a b"));
  EXPECT_FALSE(valid_rank(std::string(kMaxBoardRank + 1, 'a')));
}

// Cards dropped again and again at random places keep a strict total order,
// and ranks grow slowly (no doubling per insert).
TEST(BoardRank, RepeatedInsertsKeepOrderAndStayShort) {
  std::mt19937 rng(42);
  std::vector<std::string> column{rank_after("")};
  for (int i = 0; i < 2000; ++i) {
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, column.size())(rng);
    const std::string lower = at == 0 ? "" : column[at - 1];
    const std::optional<std::string> upper =
        at == column.size() ? std::nullopt : std::optional<std::string>(column[at]);
    column.insert(column.begin() + static_cast<std::ptrdiff_t>(at), rank_between(lower, upper));
  }
  EXPECT_TRUE(std::is_sorted(column.begin(), column.end()));
  EXPECT_EQ(std::adjacent_find(column.begin(), column.end()), column.end());
  std::size_t longest = 0;
  for (const std::string& r : column) longest = std::max(longest, r.size());
  EXPECT_LE(longest, 12u);
}

// Always at the front or always at the back: the worst cases for length.
TEST(BoardRank, PushingToOneEndGrowsSlowly) {
  std::string first = rank_after("");
  std::string last = first;
  for (int i = 0; i < 1000; ++i) {
    const std::string front = rank_between("", first);
    ASSERT_LT(front, first);
    first = front;
    const std::string back = rank_after(last);
    ASSERT_GT(back, last);
    last = back;
  }
  EXPECT_LE(first.size(), 24u);
  EXPECT_LE(last.size(), 24u);
  EXPECT_TRUE(valid_rank(first) && valid_rank(last));
}

}  // namespace
}  // namespace dashboard::core
