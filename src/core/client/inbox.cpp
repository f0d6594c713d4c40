#include "core/client/inbox.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "core/client/cursor_page.hpp"
#include "core/json_fields.hpp"

namespace dashboard::core::client {
namespace {

using rapidjson::Value;

std::string text_of(const Value& object, const char* key) {
  const Value* v = find_member(object, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength())
                                       : std::string();
}

bool decode_message(const Value& v, const JsonPath& path, InboxMessage& out, Error& error) {
  if (!(expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
        read_count(v, "seq", path, out.seq, error) &&
        read_string(v, "from", path, out.from, error) &&
        read_string(v, "to", path, out.to, error) &&
        read_string(v, "text", path, out.text, error) &&
        read_timestamp(v, "createdAt", path, out.created_at, error))) {
    return false;
  }
  out.client_id = text_of(v, "clientId");
  out.state = InboxMessage::State::Confirmed;
  return true;
}

std::optional<std::size_t> kind_index(std::string_view kind) {
  for (std::size_t i = 0; i < kNotificationKinds.size(); ++i) {
    if (kNotificationKinds[i] == kind) return i;
  }
  return std::nullopt;
}

// "alice: the first line…" for a toast.
std::string toast_text(const std::string& from, const std::string& text) {
  constexpr std::size_t kMax = 80;
  std::string line = text.substr(0, text.find('\n'));
  if (utf8_length(line) > kMax) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
      if (points++ == kMax) {
        line = line.substr(0, i) + "\u2026";
        break;
      }
    }
  }
  return from + ": " + line;
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

Inbox::Inbox(std::string me, std::string client_prefix)
    : me_(std::move(me)), client_prefix_(std::move(client_prefix)) {}

Result<bool> Inbox::load_conversations(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  if (!parse_json(json, doc, error) || !expect_object(doc, root, error)) return error;
  const Value* items = find_member(doc, "items");
  if (items == nullptr || !items->IsArray()) return Error{"items", "must be an array"};
  std::vector<ConversationSummary> list;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const Value& item = (*items)[i];
    const JsonPath at = root.field("items").at(i);
    ConversationSummary c;
    InboxMessage last;
    if (!expect_object(item, at, error) || !read_string(item, "with", at, c.with, error)) {
      return error;
    }
    const Value* message = find_member(item, "lastMessage");
    if (message == nullptr) return Error{at.field("lastMessage").str(), "is required"};
    if (!decode_message(*message, at.field("lastMessage"), last, error)) return error;
    c.last_text = last.text;
    c.last_from = last.from;
    c.last_at = last.created_at;
    c.unread = optional_int(item, "unread");
    list.push_back(std::move(c));
  }
  conversations_ = std::move(list);
  unread_total_ = optional_int(doc, "unreadTotal");
  return true;
}

Result<bool> Inbox::load_thread_page(std::string_view json, bool older) {
  rapidjson::Document doc;
  Error error;
  if (!parse_json(json, doc, error) || !expect_object(doc, JsonPath(), error)) return error;
  Result<CursorPage<InboxMessage>> page = decode_cursor_page<InboxMessage>(doc, decode_message);
  if (!page) return page.error();
  older_cursor_ = std::move(page->older_cursor);
  if (!older) {
    // A fresh newest page: keep what is pending or failed (nothing typed is lost).
    std::vector<InboxMessage> unsent;
    for (InboxMessage& m : thread_) {
      if (m.state != InboxMessage::State::Confirmed) unsent.push_back(std::move(m));
    }
    thread_.clear();
    for (InboxMessage& m : unsent) thread_.push_back(std::move(m));
  }
  for (InboxMessage& m : page->items) merge_into_thread(std::move(m));
  return true;
}

Result<bool> Inbox::load_preferences(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!parse_json(json, doc, error) || !expect_object(doc, JsonPath(), error)) return error;
  const Value* prefs = find_member(doc, "preferences");
  if (prefs == nullptr || !prefs->IsObject()) return Error{"preferences", "must be an object"};
  for (const auto& member : prefs->GetObject()) {
    const auto index =
        kind_index(std::string_view(member.name.GetString(), member.name.GetStringLength()));
    if (!index || !member.value.IsObject()) continue;  // a kind this client does not know yet
    KindPrefs& p = prefs_.at(*index);
    for (const auto& [key, flag] : {std::pair<const char*, bool*>{"toast", &p.toast},
                                    {"sound", &p.sound},
                                    {"browser", &p.browser}}) {
      const Value* v = find_member(member.value, key);
      if (v != nullptr && v->IsBool()) *flag = v->GetBool();
    }
  }
  return true;
}

void Inbox::open_thread(const std::string& with) {
  if (with == open_with_) return;
  open_with_ = with;
  thread_.clear();
  older_cursor_.reset();
}

const KindPrefs& Inbox::prefs(std::string_view kind) const {
  static const KindPrefs kDefaults;
  const auto index = kind_index(kind);
  return index ? prefs_.at(*index) : kDefaults;
}

void Inbox::set_prefs(std::string_view kind, const KindPrefs& prefs) {
  if (const auto index = kind_index(kind)) prefs_.at(*index) = prefs;
}

std::string Inbox::encode_preferences() const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("preferences");
  w.StartObject();
  for (std::size_t i = 0; i < kNotificationKinds.size(); ++i) {
    w.Key(kNotificationKinds[i].data(),
          static_cast<rapidjson::SizeType>(kNotificationKinds[i].size()));
    w.StartObject();
    w.Key("toast");
    w.Bool(prefs_.at(i).toast);
    w.Key("sound");
    w.Bool(prefs_.at(i).sound);
    w.Key("browser");
    w.Bool(prefs_.at(i).browser);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

void Inbox::note_message(const InboxMessage& message, std::int64_t unread) {
  const std::string& with = message.from == me_ ? message.to : message.from;
  auto it = std::find_if(conversations_.begin(), conversations_.end(),
                         [&](const ConversationSummary& c) { return c.with == with; });
  ConversationSummary c;
  if (it != conversations_.end()) c = *it;
  c.with = with;
  if (it != conversations_.end()) conversations_.erase(it);
  c.last_text = message.text;
  c.last_from = message.from;
  c.last_at = message.created_at;
  c.unread = unread;
  conversations_.insert(conversations_.begin(), std::move(c));  // newest first
}

void Inbox::merge_into_thread(InboxMessage message) {
  if (std::any_of(thread_.begin(), thread_.end(), [&](const InboxMessage& m) {
        return m.state == InboxMessage::State::Confirmed && m.id == message.id;
      })) {
    return;
  }
  if (!message.client_id.empty()) {
    std::erase_if(thread_, [&](const InboxMessage& m) {
      return m.state != InboxMessage::State::Confirmed && m.client_id == message.client_id;
    });
  }
  // Confirmed messages in seq order, before every pending or failed send.
  auto at = std::find_if(thread_.begin(), thread_.end(), [&](const InboxMessage& m) {
    return m.state != InboxMessage::State::Confirmed || m.seq > message.seq;
  });
  thread_.insert(at, std::move(message));
}

std::optional<Alert> Inbox::apply(const DashboardEvent& event) {
  if (!is_messaging_event(event.type())) return std::nullopt;
  const std::string* json = std::visit(
      [](const auto& payload) -> const std::string* {
        if constexpr (requires { payload.json; }) {
          return &payload.json;
        } else {
          return nullptr;
        }
      },
      event.payload);
  if (json == nullptr) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(json->data(), json->size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;

  switch (event.type()) {
    case EventType::MessageNew: {
      const Value* message = find_member(doc, "message");
      InboxMessage m;
      Error error;
      if (message == nullptr || !decode_message(*message, JsonPath(), m, error))
        return std::nullopt;
      const std::string with = text_of(doc, "with");
      note_message(m, optional_int(doc, "unread"));
      unread_total_ = optional_int(doc, "unreadTotal");
      const bool in_view = with == open_with_;
      if (in_view) merge_into_thread(m);
      if (m.from == me_ || in_view) return std::nullopt;
      const KindPrefs& p = prefs("message");
      return Alert{"message", toast_text(m.from, m.text), "/messages/" + m.from, p.toast, p.sound,
                   p.browser};
    }
    case EventType::MessageRead: {
      const std::string with = text_of(doc, "with");
      for (ConversationSummary& c : conversations_) {
        if (c.with == with) c.unread = 0;
      }
      unread_total_ = optional_int(doc, "unreadTotal");
      return std::nullopt;
    }
    case EventType::NotificationsRead:
      notifications_unread_ = optional_int(doc, "unread");
      return std::nullopt;
    case EventType::NotificationPreferences:
      (void)load_preferences(*json);
      return std::nullopt;
    default: {
      notifications_unread_ = optional_int(doc, "unread");
      const Value* note = find_member(doc, "notification");
      if (note == nullptr || !note->IsObject()) return std::nullopt;
      const std::string kind = text_of(*note, "kind");
      // A message's alert comes from message:new, which knows the open thread.
      if (kind == "message") return std::nullopt;
      const KindPrefs& p = prefs(kind);
      return Alert{kind,     text_of(*note, "text"), text_of(*note, "link"), p.toast, p.sound,
                   p.browser};
    }
  }
}

std::string Inbox::send(const std::string& text, const std::string& now) {
  InboxMessage m;
  m.client_id = client_prefix_ + "-" + std::to_string(next_client_++);
  m.from = me_;
  m.to = open_with_;
  m.text = text;
  m.created_at = now;
  m.state = InboxMessage::State::Pending;
  thread_.push_back(m);
  return m.client_id;
}

void Inbox::confirm(std::string_view message_json) {
  rapidjson::Document doc;
  doc.Parse(message_json.data(), message_json.size());
  InboxMessage m;
  Error error;
  if (doc.HasParseError() || !decode_message(doc, JsonPath(), m, error)) return;
  const std::string with = m.from == me_ ? m.to : m.from;
  if (with == open_with_) merge_into_thread(std::move(m));
}

void Inbox::send_failed(const std::string& client_id, const std::string& why) {
  for (InboxMessage& m : thread_) {
    if (m.state == InboxMessage::State::Pending && m.client_id == client_id) {
      m.state = InboxMessage::State::Failed;
      m.error = why;
    }
  }
}

std::optional<std::string> Inbox::retry(const std::string& client_id) {
  for (InboxMessage& m : thread_) {
    if (m.state == InboxMessage::State::Failed && m.client_id == client_id) {
      m.state = InboxMessage::State::Pending;
      m.error.clear();
      return m.text;
    }
  }
  return std::nullopt;
}

}  // namespace dashboard::core::client
