// entity_json: the API's response bodies for stored objects, in the
// model's camelCase names.
#pragma once

#include <string>

#include "core/timestamp.hpp"
#include "store/store.hpp"

namespace dashboard::server::api {

std::string encode_moc(const store::Moc& moc);
std::string encode_wishlist_item(const store::WishlistItem& item);
std::string encode_set(const store::LegoSet& set);
// {"events":[<envelope>...],"lastSeq":N}
std::string encode_events_page(const store::EventsPage& page);
// {"token":"...","expiresAt":"...","user":{"id":1,"username":"alice"}}
std::string encode_login(const std::string& token, core::UnixMillis expires_at,
                         const store::User& user);

}  // namespace dashboard::server::api
