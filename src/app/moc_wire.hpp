// moc_wire: what the page clients share about a MOC on the wire: its API
// path, the If-Match value that names a version, and the bodies the server
// answers with (a MOC, a wishlist item).
//
//   HttpRequest req = api_request("PATCH", moc_path(id), body, "");
//   req.if_match = if_match_version(4);  // "\"4\""
//   if (const std::optional<core::Moc> moc = decode_moc_body(response.body)) use(*moc);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace dashboard::app {

// "/api/mocs/<id>", the id percent-encoded.
std::string moc_path(std::string_view id);

// The If-Match value naming `version`: "\"4\"".
std::string if_match_version(std::int64_t version);

// The MOC or wishlist item in an answer's body; nullopt when it does not read.
std::optional<core::Moc> decode_moc_body(std::string_view body);
std::optional<core::WishlistItem> decode_item_body(std::string_view body);

}  // namespace dashboard::app
