#include "ui/text_wrap.hpp"

#include <algorithm>

namespace dashboard::ui {
namespace {

// Bytes in the UTF-8 code point that starts at `at`.
std::size_t code_point_size(std::string_view text, std::size_t at) {
  std::size_t end = at + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return end - at;
}

float measure_range(std::string_view text, std::size_t begin, std::size_t end,
                    const MeasureCodePoint& measure) {
  float width = 0;
  for (std::size_t i = begin; i < end;) {
    const std::size_t n = code_point_size(text, i);
    width += measure(text.substr(i, n));
    i += n;
  }
  return width;
}

// Appends the lines of one paragraph, the bytes [begin, end) holding no "\n".
void wrap_paragraph(std::string_view text, std::size_t begin, std::size_t end, float width,
                    const MeasureCodePoint& measure, std::vector<TextLine>& out) {
  std::size_t line_begin = begin;
  std::size_t after_space = std::string_view::npos;  // where the line may break
  float x = 0;
  for (std::size_t i = begin; i < end;) {
    const std::size_t n = code_point_size(text, i);
    const float w = measure(text.substr(i, n));
    if (text[i] == ' ') {  // spaces never push a line over; they hang
      x += w;
      i += n;
      after_space = i;
      continue;
    }
    if (x + w > width && i > line_begin) {
      const std::size_t cut = after_space != std::string_view::npos ? after_space : i;
      out.push_back({line_begin, cut});
      line_begin = cut;
      after_space = std::string_view::npos;
      x = measure_range(text, cut, i, measure);
      continue;  // the same code point again, on the new line
    }
    x += w;
    i += n;
  }
  out.push_back({line_begin, end});
}

}  // namespace

std::vector<TextLine> wrap_text(std::string_view text, float width,
                                const MeasureCodePoint& measure) {
  std::vector<TextLine> lines;
  std::size_t begin = 0;
  while (true) {
    const std::size_t newline = text.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    wrap_paragraph(text, begin, end, width, measure, lines);
    if (newline == std::string_view::npos) break;
    begin = newline + 1;
  }
  return lines;
}

std::size_t line_at(const std::vector<TextLine>& lines, std::size_t offset) {
  // The last line starting at or before `offset`: at a soft wrap the later
  // line begins exactly there.
  const auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                                   [](std::size_t o, const TextLine& l) { return o < l.begin; });
  return it == lines.begin() ? 0 : static_cast<std::size_t>(it - lines.begin()) - 1;
}

float scroll_to_line(float scroll, std::size_t line, std::size_t line_count, float line_height,
                     std::size_t view_lines) {
  const float top = static_cast<float>(line) * line_height;
  const float view = static_cast<float>(view_lines) * line_height;
  if (top < scroll) scroll = top;
  if (top + line_height > scroll + view) scroll = top + line_height - view;
  const float most = std::max(0.0f, static_cast<float>(line_count) * line_height - view);
  return std::clamp(scroll, 0.0f, most);
}

}  // namespace dashboard::ui
