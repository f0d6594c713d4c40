#include "store/messaging_json.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dashboard::server::store {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void field(Writer& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

std::string finish(const rapidjson::StringBuffer& buffer) {
  return {buffer.GetString(), buffer.GetSize()};
}

void write_message(Writer& w, const Message& m) {
  w.StartObject();
  field(w, "id", m.id);
  field(w, "seq", m.seq);
  field(w, "from", m.from);
  field(w, "to", m.to);
  field(w, "text", m.text);
  field(w, "clientId", m.client_id);
  field(w, "createdAt", m.created_at);
  w.EndObject();
}

void write_notification(Writer& w, const Notification& n) {
  w.StartObject();
  field(w, "id", n.id);
  field(w, "kind", to_string(n.kind));
  field(w, "text", n.text);
  field(w, "link", n.link);
  field(w, "actor", n.actor);
  field(w, "createdAt", n.created_at);
  w.Key("read");
  w.Bool(n.read);
  w.EndObject();
}

void write_preferences(Writer& w, const NotificationPreferences& p) {
  w.StartObject();
  for (NotificationKind kind : kNotificationKinds) {
    const std::string_view name = to_string(kind);
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartObject();
    w.Key("toast");
    w.Bool(p[kind].toast);
    w.Key("sound");
    w.Bool(p[kind].sound);
    w.Key("browser");
    w.Bool(p[kind].browser);
    w.EndObject();
  }
  w.EndObject();
}

// The cursor of the next (older) page: opaque to clients, null at the end.
void write_older(Writer& w, const std::optional<std::int64_t>& older) {
  w.Key("nextCursor");
  if (older) {
    const std::string cursor = std::to_string(*older);
    w.String(cursor.c_str(), static_cast<rapidjson::SizeType>(cursor.size()));
  } else {
    w.Null();
  }
}

}  // namespace

std::string encode_message(const Message& message) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_message(w, message);
  return finish(buffer);
}

std::string encode_conversations(const ConversationList& list) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const Conversation& c : list.items) {
    w.StartObject();
    field(w, "with", c.with);
    w.Key("lastMessage");
    write_message(w, c.last);
    field(w, "unread", c.unread);
    w.EndObject();
  }
  w.EndArray();
  field(w, "unreadTotal", list.unread_total);
  w.EndObject();
  return finish(buffer);
}

std::string encode_message_page(const MessagePage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const Message& m : page.items) write_message(w, m);
  w.EndArray();
  write_older(w, page.older);
  field(w, "unread", page.unread);
  w.EndObject();
  return finish(buffer);
}

std::string encode_notification(const Notification& notification) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_notification(w, notification);
  return finish(buffer);
}

std::string encode_notification_page(const NotificationPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const Notification& n : page.items) write_notification(w, n);
  w.EndArray();
  write_older(w, page.older);
  field(w, "unread", page.unread);
  w.EndObject();
  return finish(buffer);
}

std::string encode_preferences(const NotificationPreferences& preferences) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("preferences");
  write_preferences(w, preferences);
  w.EndObject();
  return finish(buffer);
}

std::string message_new_payload(const Message& message, const std::string& with,
                                std::int64_t unread, std::int64_t unread_total) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("message");
  write_message(w, message);
  field(w, "with", with);
  field(w, "unread", unread);
  field(w, "unreadTotal", unread_total);
  w.EndObject();
  return finish(buffer);
}

std::string message_read_payload(const ReadState& state) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "with", state.with);
  field(w, "readThrough", state.read_through);
  field(w, "unreadTotal", state.unread_total);
  w.EndObject();
  return finish(buffer);
}

std::string notification_payload(const Notification& notification, std::int64_t unread) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("notification");
  write_notification(w, notification);
  field(w, "unread", unread);
  w.EndObject();
  return finish(buffer);
}

std::string notifications_read_payload(const NotificationsReadState& state) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("ids");
  w.StartArray();
  for (std::int64_t id : state.ids) w.Int64(id);
  w.EndArray();
  field(w, "through", state.through);
  if (!state.messages_from.empty()) {
    field(w, "messagesFrom", state.messages_from);
    field(w, "messagesThrough", state.messages_through);
  }
  field(w, "unread", state.unread);
  w.EndObject();
  return finish(buffer);
}

std::string preferences_payload(const NotificationPreferences& preferences) {
  return encode_preferences(preferences);
}

core::Result<NotificationPreferences> decode_preferences(std::string_view json,
                                                         NotificationPreferences base) {
  rapidjson::Document doc;
  core::Error error;
  const core::JsonPath root;
  if (!core::parse_json(json, doc, error) || !core::expect_object(doc, root, error)) return error;
  const rapidjson::Value* prefs = core::find_member(doc, "preferences");
  const core::JsonPath at = root.field("preferences");
  if (prefs == nullptr) return core::Error{"preferences", "is required"};
  if (!core::expect_object(*prefs, at, error)) return error;
  for (const auto& member : prefs->GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    const core::JsonPath kind_path = at.field(name);
    const std::optional<NotificationKind> kind = parse_notification_kind(name);
    if (!kind) {
      return core::Error{kind_path.str(),
                         "unknown kind (message, boardChanged, coverageComplete, announcement)"};
    }
    if (!core::expect_object(member.value, kind_path, error)) return error;
    KindPreference& pref = base[*kind];
    for (const auto& [key, flag] : {std::pair<const char*, bool*>{"toast", &pref.toast},
                                    {"sound", &pref.sound},
                                    {"browser", &pref.browser}}) {
      const rapidjson::Value* value = core::find_member(member.value, key);
      if (value == nullptr) continue;
      if (!value->IsBool()) return core::Error{kind_path.field(key).str(), "must be true or false"};
      *flag = value->GetBool();
    }
  }
  return base;
}

}  // namespace dashboard::server::store
