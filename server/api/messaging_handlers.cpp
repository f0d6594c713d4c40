// Messages, notifications, preferences and announcements:
//
//   GET  /api/conversations                          {items, unreadTotal}
//   GET  /api/conversations/{user}/messages?cursor=&limit=   {items (newest last), nextCursor,
//   unread} POST /api/conversations/{user}/messages          {text, clientId?} -> 201 message POST
//   /api/conversations/{user}/read              {with, readThrough, unreadTotal} GET
//   /api/notifications?cursor=&limit=           {items (newest first), nextCursor, unread} POST
//   /api/notifications/{id}/read                {ids, through, unread} POST /api/notifications/read
//   {through?} -> every one up to it GET|PUT /api/notifications/preferences           {preferences:
//   {kind: {toast, sound, browser}}} POST /api/announcements                          {text} -> 201
//   {notified} (admins only)
#include <rapidjson/document.h>

#include <charconv>
#include <variant>

#include "api/router.hpp"
#include "core/json_fields.hpp"
#include "store/messaging_json.hpp"

namespace dashboard::server::api {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;
constexpr std::size_t kMaxClientId = 64;

std::optional<std::int64_t> positive(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

// ?limit= and ?cursor= of a page; a 400 naming the parameter otherwise.
struct PageQuery {
  int limit = kDefaultPage;
  std::optional<std::int64_t> before;
};
std::variant<PageQuery, ApiResponse> page_query(const Query& query) {
  PageQuery page;
  if (query.limit) {
    const auto limit = positive(*query.limit);
    if (!limit || *limit > kMaxPage) {
      return bad_request("limit: must be an integer from 1 to " + std::to_string(kMaxPage));
    }
    page.limit = static_cast<int>(*limit);
  }
  if (query.cursor && !query.cursor->empty()) {
    page.before = positive(*query.cursor);
    if (!page.before) return bad_request("cursor: not a cursor this API gave out");
  }
  return page;
}

// The text of a message or announcement: a JSON string of 1..max code points.
std::variant<std::string, ApiResponse> read_text(const rapidjson::Value& body, std::size_t max) {
  const rapidjson::Value* text = core::find_member(body, "text");
  if (text == nullptr) return bad_request("text: is required");
  if (!text->IsString()) return bad_request("text: must be a string");
  std::string value(text->GetString(), text->GetStringLength());
  const std::optional<std::size_t> length = store::utf8_length(value);
  if (!length) return bad_request("text: must be UTF-8");
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return bad_request("text: must not be empty");
  }
  if (*length > max) {
    return bad_request("text: must be at most " + std::to_string(max) + " characters (it has " +
                       std::to_string(*length) + ")");
  }
  return value;
}

std::variant<rapidjson::Document, ApiResponse> parse_body(std::string_view body) {
  rapidjson::Document doc;
  core::Error error;
  if (!core::parse_json(body, doc, error) || !core::expect_object(doc, core::JsonPath(), error)) {
    return bad_request(error);
  }
  return doc;
}

ApiResponse send_message(const ApiContext& ctx, const Caller& caller, const std::string& to,
                         const ApiRequest& req) {
  auto body = parse_body(req.body);
  if (auto* refused = std::get_if<ApiResponse>(&body)) return std::move(*refused);
  const auto& doc = std::get<rapidjson::Document>(body);
  auto text = read_text(doc, store::kMaxMessageLength);
  if (auto* refused = std::get_if<ApiResponse>(&text)) return std::move(*refused);
  std::string client_id;
  if (const rapidjson::Value* id = core::find_member(doc, "clientId"); id != nullptr) {
    if (!id->IsString() || id->GetStringLength() > kMaxClientId) {
      return bad_request("clientId: must be a string of at most 64 characters");
    }
    client_id.assign(id->GetString(), id->GetStringLength());
  }
  const auto sent =
      ctx.messaging->send_message(store::Actor{caller.user, std::string(req.request_id)}, to,
                                  std::get<std::string>(text), client_id);
  if (!sent) {
    if (sent.error().kind == store::StoreError::Kind::Conflict) {
      return bad_request(sent.error().message);
    }
    return store_failure(sent.error());
  }
  return json_response(201, store::encode_message(*sent));
}

ApiResponse conversation_messages(const ApiContext& ctx, const Caller& caller,
                                  const std::string& with, const Query& query) {
  auto page = page_query(query);
  if (auto* refused = std::get_if<ApiResponse>(&page)) return std::move(*refused);
  const auto& p = std::get<PageQuery>(page);
  const auto messages = ctx.messaging->conversation_messages(caller.user, with, p.before, p.limit);
  if (!messages) return store_failure(messages.error());
  return json_response(200, store::encode_message_page(*messages));
}

ApiResponse list_notifications(const ApiContext& ctx, const Caller& caller, const Query& query) {
  auto page = page_query(query);
  if (auto* refused = std::get_if<ApiResponse>(&page)) return std::move(*refused);
  const auto& p = std::get<PageQuery>(page);
  const auto list = ctx.messaging->list_notifications(caller.user, p.before, p.limit);
  if (!list) return store_failure(list.error());
  return json_response(200, store::encode_notification_page(*list));
}

ApiResponse mark_all_read(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  std::optional<std::int64_t> through;
  if (!req.body.empty()) {
    auto body = parse_body(req.body);
    if (auto* refused = std::get_if<ApiResponse>(&body)) return std::move(*refused);
    const auto& doc = std::get<rapidjson::Document>(body);
    if (const rapidjson::Value* t = core::find_member(doc, "through"); t != nullptr) {
      if (!t->IsInt64() || t->GetInt64() < 0) {
        return bad_request("through: must be a notification id");
      }
      through = t->GetInt64();
    }
  }
  const auto state = ctx.messaging->mark_notifications_read(caller.user, std::nullopt, through);
  if (!state) return store_failure(state.error());
  return json_response(200, store::notifications_read_payload(*state));
}

ApiResponse put_preferences(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto current = ctx.messaging->notification_preferences(caller.user);
  if (!current) return store_failure(current.error());
  const auto wanted = store::decode_preferences(req.body, *current);
  if (!wanted) return bad_request(wanted.error());
  const auto saved = ctx.messaging->set_notification_preferences(caller.user, *wanted);
  if (!saved) return store_failure(saved.error());
  return json_response(200, store::encode_preferences(*saved));
}

ApiResponse announce(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const std::optional<store::User> user = ctx.store->find_user(caller.user);
  if (!user || user->role != store::UserRole::Admin) {
    return error_response(403, "FORBIDDEN", "only administrators may post announcements");
  }
  auto body = parse_body(req.body);
  if (auto* refused = std::get_if<ApiResponse>(&body)) return std::move(*refused);
  auto text = read_text(std::get<rapidjson::Document>(body), store::kMaxAnnouncementLength);
  if (auto* refused = std::get_if<ApiResponse>(&text)) return std::move(*refused);
  const auto notified = ctx.messaging->announce(std::get<std::string>(text));
  if (!notified) return store_failure(notified.error());
  return json_response(201, R"({"notified":)" + std::to_string(*notified) + "}");
}

ApiResponse method_not_allowed(std::string_view method, std::string allow) {
  ApiResponse res = error_response(405, "METHOD_NOT_ALLOWED",
                                   std::string(method) + " is not allowed here; use " + allow);
  res.allow = std::move(allow);
  return res;
}

}  // namespace

bool is_messaging_resource(std::string_view first_segment) {
  return first_segment == "conversations" || first_segment == "notifications" ||
         first_segment == "announcements";
}

ApiResponse ApiRouter::route_messaging(const ApiRequest& req, const Target& target) const {
  const std::vector<std::string>& s = target.segments;
  const std::string_view m = req.method;
  const bool known =
      (s.size() == 1) ||
      (s.size() == 2 && s[0] == "notifications" && (s[1] == "preferences" || s[1] == "read")) ||
      (s.size() == 3 && s[2] == "read" && s[0] != "announcements") ||
      (s.size() == 3 && s[0] == "conversations" && s[2] == "messages");
  if (!known || !context_.messaging) return not_found("no route for " + std::string(req.target));
  std::string why;
  const std::optional<Caller> caller = authenticate(req.authorization, why);
  if (!caller) return error_response(401, "UNAUTHORIZED", why);
  const bool writes = m == "POST" || m == "PUT";
  const std::string_view media = req.content_type.substr(0, req.content_type.find(';'));
  const bool has_body = !req.body.empty() || s[0] == "announcements" ||
                        (s.size() == 3 && s[2] == "messages") ||
                        (s.size() == 2 && s[1] == "preferences");
  if (writes && has_body && media != "application/json") {
    return error_response(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  const ApiContext& ctx = context_;

  if (s[0] == "announcements") {
    return (s.size() == 1 && m == "POST") ? announce(ctx, *caller, req)
                                          : method_not_allowed(m, "POST");
  }
  if (s[0] == "conversations") {
    if (s.size() == 1) {
      if (m != "GET") return method_not_allowed(m, "GET");
      const auto list = ctx.messaging->list_conversations(caller->user);
      if (!list) return store_failure(list.error());
      return json_response(200, store::encode_conversations(*list));
    }
    if (s.size() != 3) return not_found("no route for " + std::string(req.target));
    if (s[2] == "read") {
      if (m != "POST") return method_not_allowed(m, "POST");
      const auto state = ctx.messaging->mark_conversation_read(caller->user, s[1]);
      if (!state) return store_failure(state.error());
      return json_response(200, store::message_read_payload(*state));
    }
    if (m == "GET") return conversation_messages(ctx, *caller, s[1], target.query);
    if (m == "POST") return send_message(ctx, *caller, s[1], req);
    return method_not_allowed(m, "GET, POST");
  }
  // notifications
  if (s.size() == 1) {
    return m == "GET" ? list_notifications(ctx, *caller, target.query)
                      : method_not_allowed(m, "GET");
  }
  if (s.size() == 2 && s[1] == "preferences") {
    if (m == "GET") {
      const auto prefs = ctx.messaging->notification_preferences(caller->user);
      if (!prefs) return store_failure(prefs.error());
      return json_response(200, store::encode_preferences(*prefs));
    }
    return m == "PUT" ? put_preferences(ctx, *caller, req) : method_not_allowed(m, "GET, PUT");
  }
  if (m != "POST") return method_not_allowed(m, "POST");
  if (s.size() == 2) return mark_all_read(ctx, *caller, req);
  const auto id = positive(s[1]);
  if (!id) return not_found("notification " + s[1] + " does not exist");
  const auto state = ctx.messaging->mark_notifications_read(caller->user, *id, std::nullopt);
  if (!state) return store_failure(state.error());
  return json_response(200, store::notifications_read_payload(*state));
}

}  // namespace dashboard::server::api
