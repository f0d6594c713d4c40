// cursor_page: the shape of the server's cursor-paged lists (messages of a
// conversation, notifications): {items: [...], nextCursor: string | null,
// ...counts}. One decoder, so every list says a bad item the same way.
//
//   rapidjson::Document doc;  // parsed and checked to be an object
//   Result<CursorPage<Notification>> page = decode_cursor_page<Notification>(doc, decode_one);
//   std::int64_t unread = optional_int(doc, "unread");
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_fields.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

template <typename Item>
struct CursorPage {
  std::vector<Item> items;
  // Where the next (older) page starts; nullopt: this page is the oldest.
  std::optional<std::string> older_cursor;
};

// `decode(value, path, item, error)` decodes one item; the first that fails
// fails the page, with its path (items[3].text: ...).
template <typename Item, typename Decode>
Result<CursorPage<Item>> decode_cursor_page(const rapidjson::Value& doc, Decode decode) {
  const JsonPath root;
  const rapidjson::Value* items = find_member(doc, "items");
  if (items == nullptr || !items->IsArray()) return Error{"items", "must be an array"};
  CursorPage<Item> page;
  Error error;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    Item item;
    if (!decode((*items)[i], root.field("items").at(i), item, error)) return error;
    page.items.push_back(std::move(item));
  }
  const rapidjson::Value* cursor = find_member(doc, "nextCursor");
  if (cursor != nullptr && cursor->IsString()) {
    page.older_cursor.emplace(cursor->GetString(), cursor->GetStringLength());
  }
  return page;
}

// A count the server may leave out (0 then).
inline std::int64_t optional_int(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* v = find_member(object, key);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : 0;
}

}  // namespace dashboard::core::client
