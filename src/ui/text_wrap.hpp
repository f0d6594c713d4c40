// text_wrap: lays text out in lines the way a browser's <textarea> does
// (white-space: pre-wrap, overflow-wrap: break-word), so the canvas draws a
// multi-line field's text, caret and selection where the person expects
// them. Pure: widths come from a measure function, so it is tested without
// fonts.
//
//   const auto lines = wrap_text(value, inner_width, [&](std::string_view cp) {
//     return text_width(font, cp);
//   });
//   const std::size_t row = line_at(lines, state.selection_end);
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace dashboard::ui {

// One drawn line: the bytes [begin, end) of the text, without the "\n"
// that ended it (a soft-wrapped line keeps its trailing spaces, which hang
// past the edge as in the browser).
struct TextLine {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The width of one UTF-8 code point.
using MeasureCodePoint = std::function<float(std::string_view)>;

// The lines of `text` at `width`: a "\n" always breaks; a line too wide
// breaks after its last space, or inside a word that has none. Always at
// least one line (an empty text, or one ending in "\n", ends with an empty
// line, where the caret goes).
std::vector<TextLine> wrap_text(std::string_view text, float width,
                                const MeasureCodePoint& measure);

// The line holding byte `offset`; at a soft wrap, the later line (where a
// browser shows the caret).
std::size_t line_at(const std::vector<TextLine>& lines, std::size_t offset);

// The vertical scroll that keeps the line `line` (each `line_height` tall)
// inside a view of `view_lines` lines, moving `scroll` as little as it can,
// and never past the last of `line_count` lines.
float scroll_to_line(float scroll, std::size_t line, std::size_t line_count, float line_height,
                     std::size_t view_lines);

}  // namespace dashboard::ui
