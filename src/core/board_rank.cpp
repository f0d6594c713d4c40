#include "core/board_rank.hpp"

namespace dashboard::core {
namespace {

constexpr int kBase = 94;  // '!' .. '~'
constexpr char kZero = '!';

int digit(std::string_view s, std::size_t i) {
  return i < s.size() ? s[i] - kZero : 0;
}

char to_char(int d) {
  return static_cast<char>(kZero + d);
}

// The shortest digit string strictly between 0.lower and 0.upper (upper
// nullopt: 1), as fractions in base 94.
std::string midpoint(std::string_view lower, std::optional<std::string_view> upper) {
  if (upper) {
    // A shared prefix (lower padded with zeros) stays as it is.
    std::size_t n = 0;
    while (n < upper->size() && digit(lower, n) == digit(*upper, n)) ++n;
    if (n > 0) {
      return std::string(upper->substr(0, n)) +
             midpoint(lower.size() > n ? lower.substr(n) : std::string_view(), upper->substr(n));
    }
  }
  const int low = digit(lower, 0);
  const int high = upper ? digit(*upper, 0) : kBase;
  if (high - low > 1) return std::string(1, to_char((low + high) / 2));
  // Adjacent digits: the upper one alone is between when upper goes on
  // (0.5 < 0.6 < 0.61), else keep the lower digit and go one place deeper.
  if (upper && upper->size() > 1) return std::string(1, (*upper)[0]);
  return std::string(1, to_char(low)) +
         midpoint(lower.size() > 1 ? lower.substr(1) : std::string_view(), std::nullopt);
}

// After everything: the first digit that can grow grows by one ("g" ->
// "h"), so appending to a column adds a character only every ~47 cards
// instead of halving the gap each time.
std::string increment(std::string_view lower) {
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (digit(lower, i) < kBase - 1) {
      std::string out(lower.substr(0, i));
      out.push_back(to_char(digit(lower, i) + 1));
      return out;
    }
  }
  return std::string(lower) + to_char(kBase / 2);
}

// Before everything, the mirror image: the first digit shrinks by one when
// it can without becoming a trailing zero.
std::string decrement(std::string_view upper) {
  if (upper.empty()) return std::string(1, to_char(kBase / 2));
  if (digit(upper, 0) > 1) return std::string(1, to_char(digit(upper, 0) - 1));
  if (digit(upper, 0) == 1) return std::string(1, kZero) + to_char(kBase / 2);
  return std::string(1, kZero) + decrement(upper.substr(1));
}

}  // namespace

std::string rank_between(std::string_view lower, std::optional<std::string_view> upper) {
  if (!upper) return lower.empty() ? std::string(1, to_char(kBase / 2)) : increment(lower);
  if (lower.empty()) return decrement(*upper);
  return midpoint(lower, upper);
}

bool valid_rank(std::string_view rank) {
  if (rank.empty() || rank.size() > kMaxBoardRank || rank.back() == kZero) return false;
  for (const char c : rank) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

}  // namespace dashboard::core
