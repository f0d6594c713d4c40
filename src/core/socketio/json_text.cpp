#include "core/socketio/json_text.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstring>

namespace dashboard::core::json_text {
namespace {

// A RapidJSON output stream that appends straight to a std::string, so a
// frame is built in one buffer without an intermediate StringBuffer.
struct StringAppender {
  using Ch = char;
  std::string& out;
  void Put(char c) { out.push_back(c); }
  void Flush() {}
};

using AppendingWriter = rapidjson::Writer<StringAppender>;

// Length of the well-formed UTF-8 sequence starting at text[i], or 0.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // range allowed for the second byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Nesting depth of the arrays and objects in `text`, counted outside
// strings. Exact for valid JSON; for invalid JSON the parser reports the
// real problem, so an approximate count there does no harm.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  const char* const end = text.data() + text.size();
  for (const char* p = text.data(); p < end; ++p) {
    if (*p == '"') {
      // Strings are most of the text: jump from quote to quote (memchr is
      // fast) until one is not escaped, i.e. follows an even run of '\\'.
      for (;;) {
        p = static_cast<const char*>(
            std::memchr(p + 1, '"', static_cast<std::size_t>(end - p - 1)));
        if (p == nullptr) return deepest;
        const char* run = p;
        while (run[-1] == '\\') --run;  // stops at the opening quote at the latest
        if ((p - run) % 2 == 0) break;
      }
    } else if (*p == '[' || *p == '{') {
      if (++depth > deepest) deepest = depth;
    } else if ((*p == ']' || *p == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::size_t skip_whitespace(std::string_view json, std::size_t pos) {
  while (pos < json.size() &&
         (json[pos] == ' ' || json[pos] == '\t' || json[pos] == '\n' || json[pos] == '\r')) {
    ++pos;
  }
  return pos;
}

// The position just past the value starting at `pos`, in valid JSON. Every
// step is bounds-checked, so even invalid input cannot read past the end.
std::size_t skip_value(std::string_view json, std::size_t pos) {
  std::size_t depth = 0;
  bool in_string = false;
  for (; pos < json.size(); ++pos) {
    const char c = json[pos];
    if (in_string) {
      if (c == '\\') {
        ++pos;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return pos + 1;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth == 0) return pos;  // the end of the enclosing container
      if (--depth == 0) return pos + 1;
    } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      return pos;
    }
  }
  return json.size();
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080;
  for (std::size_t i = 0; i < text.size();) {
    // ASCII, the bulk of any JSON text, eight bytes at a time.
    if (text.size() - i >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    const std::size_t length = sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool parse(std::string_view text, rapidjson::Document& doc, Error& error) {
  if (nesting_depth(text) > kMaxDepth) {
    error = Error{"", "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    return false;
  }
  // Iterative: no recursion on untrusted input. Not kParseFullPrecisionFlag:
  // in RapidJSON 1.1.0 it misreads a zero with an exponent (0E42 as 1e231).
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;
  // Checking UTF-8 up front spares RapidJSON its per-character check (~40 %
  // of a parse). Invalid text is parsed with that check, so the error and its
  // offset stay RapidJSON's own.
  if (is_valid_utf8(text)) {
    doc.Parse<kFlags>(text.data(), text.size());
  } else {
    doc.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  }
  if (doc.HasParseError()) {
    error = Error{"", "invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError())};
    return false;
  }
  return true;
}

void append_string(std::string& out, std::string_view text) {
  std::string repaired;
  if (!is_valid_utf8(text)) {
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t length = sequence_length(text, i);
      if (length == 0) {
        repaired += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      } else {
        repaired.append(text.substr(i, length));
        i += length;
      }
    }
    text = repaired;
  }
  StringAppender stream{out};
  AppendingWriter writer(stream);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

std::string_view array_element_text(std::string_view json, std::size_t index) {
  std::size_t pos = skip_whitespace(json, 0);
  if (pos >= json.size() || json[pos] != '[') return {};
  pos = skip_whitespace(json, pos + 1);
  for (std::size_t i = 0; i < index; ++i) {
    pos = skip_whitespace(json, skip_value(json, pos));
    if (pos >= json.size() || json[pos] != ',') return {};
    pos = skip_whitespace(json, pos + 1);
  }
  if (pos >= json.size() || json[pos] == ']') return {};
  return json.substr(pos, skip_value(json, pos) - pos);
}

}  // namespace dashboard::core::json_text
