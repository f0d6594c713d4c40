#include "core/client/notification_list.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "core/client/cursor_page.hpp"
#include "core/json_fields.hpp"

namespace dashboard::core::client {
namespace {

using rapidjson::Value;

// A string member that may be empty (an announcement has no actor, a
// notification may lead nowhere).
bool read_text(const Value& object, const char* key, const JsonPath& path, std::string& out,
               Error& error) {
  const Value* v = find_member(object, key);
  if (v == nullptr || !v->IsString()) {
    error = Error{path.field(key).str(), "must be a string"};
    return false;
  }
  out.assign(v->GetString(), v->GetStringLength());
  return true;
}

bool decode_notification(const Value& v, const JsonPath& path, Notification& out, Error& error) {
  if (!expect_object(v, path, error)) return false;
  const Value* id = find_member(v, "id");
  if (id == nullptr || !id->IsInt64()) {
    error = Error{path.field("id").str(), "must be an integer"};
    return false;
  }
  out.id = id->GetInt64();
  if (!(read_string(v, "kind", path, out.kind, error) &&
        read_string(v, "text", path, out.text, error) &&
        read_text(v, "link", path, out.link, error) &&
        read_text(v, "actor", path, out.actor, error) &&
        read_timestamp(v, "createdAt", path, out.created_at, error))) {
    return false;
  }
  const Value* read = find_member(v, "read");
  out.read = read != nullptr && read->IsBool() && read->GetBool();
  return true;
}

}  // namespace

Result<bool> NotificationList::load_page(std::string_view json, bool older) {
  rapidjson::Document doc;
  Error error;
  if (!parse_json(json, doc, error) || !expect_object(doc, JsonPath(), error)) return error;
  Result<CursorPage<Notification>> page =
      decode_cursor_page<Notification>(doc, decode_notification);
  if (!page) return page.error();
  older_cursor_ = std::move(page->older_cursor);
  if (!older) items_.clear();
  for (Notification& n : page->items) insert(std::move(n));
  unread_ = optional_int(doc, "unread");
  loaded_ = true;
  return true;
}

void NotificationList::insert(Notification n) {
  // Newest first; an id already here is the same notification again.
  const auto at =
      std::lower_bound(items_.begin(), items_.end(), n.id,
                       [](const Notification& m, std::int64_t id) { return m.id > id; });
  if (at != items_.end() && at->id == n.id) return;
  items_.insert(at, std::move(n));
}

std::optional<Error> NotificationList::apply(const DashboardEvent& event) {
  const EventType type = event.type();
  const bool is_notification = type == EventType::NotificationMessage ||
                               type == EventType::NotificationBoardChanged ||
                               type == EventType::NotificationCoverageComplete ||
                               type == EventType::NotificationAnnouncement;
  if (!is_notification && type != EventType::NotificationsRead) return std::nullopt;
  // Every messaging payload is its JSON object, kept as text.
  const std::string* json = std::visit(
      [](const auto& p) -> const std::string* {
        if constexpr (requires { p.json; }) {
          return &p.json;
        } else {
          return nullptr;
        }
      },
      event.payload);
  if (json == nullptr) return std::nullopt;
  rapidjson::Document doc;
  Error error;
  if (!parse_json(*json, doc, error) || !expect_object(doc, JsonPath(), error)) return error;
  unread_ = optional_int(doc, "unread");
  if (is_notification) {
    const Value* note = find_member(doc, "notification");
    if (note == nullptr) return Error{"notification", "is required"};
    Notification n;
    if (!decode_notification(*note, JsonPath().field("notification"), n, error)) return error;
    insert(std::move(n));
    return std::nullopt;
  }
  const std::int64_t through = optional_int(doc, "through");
  std::vector<std::int64_t> ids;
  if (const Value* list = find_member(doc, "ids"); list != nullptr && list->IsArray()) {
    for (const Value& id : list->GetArray()) {
      if (id.IsInt64()) ids.push_back(id.GetInt64());
    }
  }
  // A conversation read: that person's message notifications up to a bound.
  const Value* from = find_member(doc, "messagesFrom");
  const std::string_view messages_from =
      from != nullptr && from->IsString()
          ? std::string_view(from->GetString(), from->GetStringLength())
          : std::string_view();
  const std::int64_t messages_through = optional_int(doc, "messagesThrough");
  for (Notification& n : items_) {
    if (n.id <= through || std::find(ids.begin(), ids.end(), n.id) != ids.end() ||
        (!messages_from.empty() && n.kind == "message" && n.actor == messages_from &&
         n.id <= messages_through)) {
      n.read = true;
    }
  }
  return std::nullopt;
}

void NotificationList::mark_read_locally(std::optional<std::int64_t> id) {
  for (Notification& n : items_) {
    if (n.read || (id && n.id != *id)) continue;
    n.read = true;
    unread_ = std::max<std::int64_t>(0, unread_ - 1);
  }
}

}  // namespace dashboard::core::client
