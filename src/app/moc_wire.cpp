#include "app/moc_wire.hpp"

#include <rapidjson/document.h>

#include "core/client/route.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {

std::string moc_path(std::string_view id) {
  return "/api/mocs/" + core::client::encode_path_segment(id);
}

std::string if_match_version(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

std::optional<core::Moc> decode_moc_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  core::Moc moc;
  if (!core::json_text::parse(body, doc, error) ||
      !core::decode_moc(doc, core::JsonPath(), moc, error)) {
    return std::nullopt;
  }
  return moc;
}

std::optional<core::WishlistItem> decode_item_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  core::WishlistItem item;
  if (!core::json_text::parse(body, doc, error) ||
      !core::decode_wishlist_item(doc, core::JsonPath(), item, error)) {
    return std::nullopt;
  }
  return item;
}

}  // namespace dashboard::app
