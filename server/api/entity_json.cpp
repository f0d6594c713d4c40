#include "api/entity_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_codec.hpp"

namespace dashboard::server::api {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string finish(const rapidjson::StringBuffer& buffer) {
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

std::string encode_moc(const store::Moc& moc) {
  return core::encode_moc(moc);
}

std::string encode_moc_import(const std::vector<store::Moc>& created) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("imported");
  w.Uint64(created.size());
  w.Key("ids");
  w.StartArray();
  for (const store::Moc& moc : created)
    w.String(moc.id.data(), static_cast<rapidjson::SizeType>(moc.id.size()));
  w.EndArray();
  w.EndObject();
  return finish(buffer);
}

std::string encode_wishlist_item(const store::WishlistItem& item) {
  return core::encode_wishlist_item(item);
}

std::string encode_set(const store::LegoSet& set) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "id", set.id);
  field(w, "setNumber", set.set_number);
  field(w, "name", set.name);
  field(w, "theme", set.theme);
  field(w, "createdAt", set.created_at);
  w.EndObject();
  return finish(buffer);
}

std::string encode_moc_page(const store::MocPage& page, const std::optional<std::string>& cursor) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const store::Moc& moc : page.items) {
    const std::string json = core::encode_moc(moc);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("nextCursor");
  if (cursor) {
    w.String(cursor->data(), static_cast<rapidjson::SizeType>(cursor->size()));
  } else {
    w.Null();
  }
  w.Key("total");
  w.Int64(page.total);
  w.Key("version");
  w.Int64(page.version);
  w.EndObject();
  return finish(buffer);
}

std::string encode_wishlist_page(const store::WishlistPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const store::WishlistItem& item : page.items) {
    const std::string json = core::encode_wishlist_item(item);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("version");
  w.Int64(page.version);
  w.EndObject();
  return finish(buffer);
}

std::string encode_themes(const std::vector<std::string>& themes) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("themes");
  w.StartArray();
  for (const std::string& theme : themes) {
    w.String(theme.data(), static_cast<rapidjson::SizeType>(theme.size()));
  }
  w.EndArray();
  w.EndObject();
  return finish(buffer);
}

std::string encode_board(const store::Board& board) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "owner", board.owner_name);
  field(w, "role", store::to_string(board.role));
  w.Key("seq");
  w.Int64(board.seq);
  w.Key("cards");
  w.StartArray();
  for (const core::Moc& moc : board.cards) {
    const std::string json = core::encode_moc(moc);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.EndObject();
  return finish(buffer);
}

namespace {

void write_share(Writer& w, const store::Share& share) {
  w.StartObject();
  field(w, "id", share.id);
  field(w, "owner", share.owner_name);
  field(w, "grantee", share.grantee_name);
  field(w, "role", store::to_string(share.role));
  field(w, "createdAt", share.created_at);
  w.EndObject();
}

}  // namespace

std::string encode_share(const store::Share& share) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_share(w, share);
  return finish(buffer);
}

std::string encode_shares(const store::SharesList& shares) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("owned");
  w.StartArray();
  for (const store::Share& s : shares.owned) write_share(w, s);
  w.EndArray();
  w.Key("received");
  w.StartArray();
  for (const store::Share& s : shares.received) write_share(w, s);
  w.EndArray();
  w.EndObject();
  return finish(buffer);
}

std::string encode_topic_envelope(const store::TopicEvent& event) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "eventId", event.event_id);
  field(w, "type", "topic:event");
  field(w, "timestamp", event.created_at);
  w.Key("seq");
  w.Int64(event.seq);
  w.Key("payload");
  w.RawValue(event.payload_json.data(), event.payload_json.size(), rapidjson::kObjectType);
  w.EndObject();
  return finish(buffer);
}

std::string encode_topic_page(const std::string& topic, const store::TopicPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "topic", topic);
  w.Key("events");
  w.StartArray();
  for (const store::TopicEvent& e : page.events) {
    const std::string envelope = encode_topic_envelope(e);
    w.RawValue(envelope.data(), envelope.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("lastSeq");
  w.Int64(page.last_seq);
  w.EndObject();
  return finish(buffer);
}

std::string encode_events_page(const store::EventsPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("events");
  w.StartArray();
  for (const store::StoredEvent& e : page.events) {
    const std::string envelope = core::encode_envelope(e.event_id, e.type, e.created_at, e.seq,
                                                       e.payload_json, e.commit_last_seq);
    w.RawValue(envelope.data(), envelope.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.Key("lastSeq");
  w.Int64(page.last_seq);
  w.EndObject();
  return finish(buffer);
}

std::string encode_login(const std::string& token, core::UnixMillis expires_at,
                         const store::User& user) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "token", token);
  field(w, "expiresAt", core::format_rfc3339_utc(expires_at));
  w.Key("user");
  w.StartObject();
  w.Key("id");
  w.Int64(user.id);
  field(w, "username", user.username);
  w.EndObject();
  w.EndObject();
  return finish(buffer);
}

}  // namespace dashboard::server::api
