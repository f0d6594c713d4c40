// entity_json: the API's response bodies for stored objects, in the
// model's camelCase names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "store/store.hpp"

namespace dashboard::server::api {

std::string encode_moc(const store::Moc& moc);
std::string encode_wishlist_item(const store::WishlistItem& item);
std::string encode_set(const store::LegoSet& set);
// {"items":[MOC...],"nextCursor":"..."|null,"total":N,"version":V}
std::string encode_moc_page(const store::MocPage& page, const std::optional<std::string>& cursor);
// {"items":[item...],"version":V}
std::string encode_wishlist_page(const store::WishlistPage& page);
// {"themes":["Castle",...]}
std::string encode_themes(const std::vector<std::string>& themes);
// {"events":[<envelope>...],"lastSeq":N}
std::string encode_events_page(const store::EventsPage& page);
// {"token":"...","expiresAt":"...","user":{"id":1,"username":"alice"}}
std::string encode_login(const std::string& token, core::UnixMillis expires_at,
                         const store::User& user);

}  // namespace dashboard::server::api
