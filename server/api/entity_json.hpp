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
// {"imported":N,"ids":["<uuid>",...]} in the request's order
std::string encode_moc_import(const std::vector<store::Moc>& created);
// {"items":[MOC...],"nextCursor":"..."|null,"total":N,"version":V}
std::string encode_moc_page(const store::MocPage& page, const std::optional<std::string>& cursor);
// {"items":[item...],"version":V}
std::string encode_wishlist_page(const store::WishlistPage& page);
// {"owner":"alice","role":"editor","seq":N,"cards":[MOC...]}
std::string encode_board(const store::Board& board);
// {"id","owner","grantee","role","createdAt"}
std::string encode_share(const store::Share& share);
// {"owned":[share...],"received":[share...]}
std::string encode_shares(const store::SharesList& shares);
// {"topic":"board:alice","events":[<envelope>...],"lastSeq":N}
std::string encode_topic_page(const std::string& topic, const store::TopicPage& page);
// The envelope of one topic event: {eventId, type: "topic:event", timestamp, seq, payload}.
std::string encode_topic_envelope(const store::TopicEvent& event);
// {"themes":["Castle",...]}
std::string encode_themes(const std::vector<std::string>& themes);
// {"events":[<envelope>...],"lastSeq":N}
std::string encode_events_page(const store::EventsPage& page);
// {"token":"...","expiresAt":"...","user":{"id":1,"username":"alice"}}
std::string encode_login(const std::string& token, core::UnixMillis expires_at,
                         const store::User& user);

}  // namespace dashboard::server::api
