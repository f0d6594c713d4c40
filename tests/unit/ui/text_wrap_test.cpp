// text_wrap: lines as a <textarea> lays them out (pre-wrap, break-word),
// measured with a fixed 10 px per code point so the breaks are easy to see.
#include "ui/text_wrap.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace dashboard::ui {
namespace {

float ten_px(std::string_view /*code_point*/) {
  return 10;
}

// The text of each line.
std::vector<std::string> lines_of(std::string_view text, float width) {
  std::vector<std::string> out;
  for (const TextLine& line : wrap_text(text, width, ten_px)) {
    out.emplace_back(text.substr(line.begin, line.end - line.begin));
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(TextWrap, AnEmptyTextIsOneEmptyLine) {
  EXPECT_EQ(lines_of("", 100), Lines{""});
}

TEST(TextWrap, ANewlineAlwaysBreaksAndATrailingOneEndsInAnEmptyLine) {
  EXPECT_EQ(lines_of("line one\nline two", 1000), (Lines{"line one", "line two"}));
  EXPECT_EQ(lines_of("a\n\nb", 1000), (Lines{"a", "", "b"}));
  EXPECT_EQ(lines_of("a\n", 1000), (Lines{"a", ""}));
}

TEST(TextWrap, ALongLineBreaksAfterItsLastSpaceThatFits) {
  // 10 code points fit; the spaces stay at the end of their line.
  EXPECT_EQ(lines_of("the quick brown fox", 100), (Lines{"the quick ", "brown fox"}));
  EXPECT_EQ(lines_of("aaaa bbbb cccc dddd", 100), (Lines{"aaaa bbbb ", "cccc dddd"}));
}

TEST(TextWrap, SpacesHangPastTheEdgeInsteadOfStartingALine) {
  EXPECT_EQ(lines_of("abcde     fgh", 50), (Lines{"abcde     ", "fgh"}));
}

TEST(TextWrap, AWordWiderThanTheLineBreaksInside) {
  EXPECT_EQ(lines_of("abcdefghijkl", 50), (Lines{"abcde", "fghij", "kl"}));
  EXPECT_EQ(lines_of("ab abcdefghij", 50), (Lines{"ab ", "abcde", "fghij"}));
  // Even a line narrower than one code point takes one per line.
  EXPECT_EQ(lines_of("abc", 5), (Lines{"a", "b", "c"}));
}

TEST(TextWrap, NeverBreaksInsideAUtf8Sequence) {
  // "🧱" is 4 bytes, "é" 2: each is one code point, 10 px.
  EXPECT_EQ(lines_of("\xF0\x9F\xA7\xB1\xC3\xA9\xF0\x9F\xA7\xB1", 20),
            (Lines{"\xF0\x9F\xA7\xB1\xC3\xA9", "\xF0\x9F\xA7\xB1"}));
  EXPECT_EQ(lines_of("line one\nline two \xF0\x9F\xA7\xB1", 1000),
            (Lines{"line one", "line two \xF0\x9F\xA7\xB1"}));
}

TEST(TextWrap, TheCaretsLineIsTheLaterOneAtASoftWrap) {
  const std::string_view text = "the quick brown\nfox";
  const std::vector<TextLine> lines = wrap_text(text, 100, ten_px);
  ASSERT_EQ(lines.size(), 3u);  // "the quick ", "brown", "fox"
  EXPECT_EQ(line_at(lines, 0), 0u);
  EXPECT_EQ(line_at(lines, 9), 0u);
  EXPECT_EQ(line_at(lines, 10), 1u) << "the wrap point shows on the next line";
  EXPECT_EQ(line_at(lines, 15), 1u) << "before the newline: the end of its line";
  EXPECT_EQ(line_at(lines, 16), 2u);
  EXPECT_EQ(line_at(lines, 19), 2u);
}

TEST(TextWrap, ScrollMovesOnlyAsFarAsTheCaretsLineNeeds) {
  // Five lines shown of twenty, 20 px each.
  EXPECT_EQ(scroll_to_line(0, 0, 20, 20, 5), 0);
  EXPECT_EQ(scroll_to_line(0, 4, 20, 20, 5), 0);
  EXPECT_EQ(scroll_to_line(0, 5, 20, 20, 5), 20) << "one line down";
  EXPECT_EQ(scroll_to_line(0, 19, 20, 20, 5), 300) << "the last line at the bottom";
  EXPECT_EQ(scroll_to_line(300, 17, 20, 20, 5), 300) << "already in view";
  EXPECT_EQ(scroll_to_line(300, 2, 20, 20, 5), 40) << "up to the line";
  // The text shrank under the scroll: back within it.
  EXPECT_EQ(scroll_to_line(300, 0, 3, 20, 5), 0);
}

}  // namespace
}  // namespace dashboard::ui
