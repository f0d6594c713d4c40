#include "checks.hpp"

namespace json_choice {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads `n` digits at s[pos]; false when any is not a digit.
bool ReadDigits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsRfc3339Utc(std::string_view s) {
  // Fixed part "YYYY-MM-DDTHH:MM:SS" is 19 chars, then fraction, then Z.
  if (s.size() < 20) return false;
  int year, month, day, hour, minute, second;
  if (!ReadDigits(s, 0, 4, &year) || s[4] != '-' || !ReadDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
      !ReadDigits(s, 11, 2, &hour) || s[13] != ':' || !ReadDigits(s, 14, 2, &minute) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, &second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  // Second 60 is a leap second, which RFC 3339 allows.
  if (hour > 23 || minute > 59 || second > 60) return false;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  return pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z');
}

bool IsUuidV4(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  const char variant = s[19];
  return s[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b' ||
                          variant == 'A' || variant == 'B');
}

bool ParseBuildStatus(std::string_view s, BuildStatus* out) {
  for (int i = 0; i < 3; ++i) {
    if (s == kBuildStatusKeys[i]) {
      *out = static_cast<BuildStatus>(i);
      return true;
    }
  }
  return false;
}

std::string Path::Render() const {
  std::string out;
  AppendTo(out);
  return out;
}

void Path::AppendTo(std::string& out) const {
  if (parent_ == nullptr) return;  // the root renders as nothing
  parent_->AppendTo(out);
  if (is_index_) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
  } else {
    if (!out.empty()) out += '.';
    out += key_;
  }
}

}  // namespace json_choice
