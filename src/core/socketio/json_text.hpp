// json_text: the JSON text chores shared by the Engine.IO and socket.io
// codecs (an internal header: include engineio.hpp or socketio.hpp instead).
//
// Payloads arrive from the network, so parsing is iterative (no recursion
// on untrusted nesting), validates UTF-8 and is bounded in depth, so the
// recursive decoders that later read an event's argument (json_codec) cannot
// exhaust the stack, which is small under WASM.
//
//   rapidjson::Document doc;
//   Error error;
//   if (!json_text::parse(payload, doc, error)) return error;
//   std::string frame = "[";
//   json_text::append_string(frame, "say \"hi\"");  // ["say \"hi\""
//   std::string_view second = json_text::array_element_text(R"(["a", {"b":1}])", 1);
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dashboard::core::json_text {

// Deeper payloads are rejected; the dashboard's own never pass 8 levels.
inline constexpr std::size_t kMaxDepth = 64;

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Parses `text` (one JSON value, surrounding whitespace allowed) into `doc`.
// On failure fills `error` ("invalid JSON at offset 3: ..." or "JSON nested
// deeper than 64 levels") with an empty path and returns false.
bool parse(std::string_view text, rapidjson::Document& doc, Error& error);

// Appends `text` as a quoted, escaped JSON string. Bytes that are not valid
// UTF-8 become U+FFFD, so the output is always valid JSON.
void append_string(std::string& out, std::string_view text);

// The exact text of element `index` of the JSON array `json`, which parse()
// has already accepted; empty when the array is shorter. Slicing instead of
// re-serializing keeps numbers bit-exact (RapidJSON's default parse may be
// off by an ulp, and its full-precision mode misreads inputs like 0E42).
std::string_view array_element_text(std::string_view json, std::size_t index);

}  // namespace dashboard::core::json_text
