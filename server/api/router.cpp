#include "api/router.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/url/parse.hpp>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "api/accounts_context.hpp"
#include "api/handlers.hpp"
#include "api/idempotent_requests.hpp"
#include "log.hpp"
#include "status/database_probe.hpp"
#include "store/sql/sql.hpp"

namespace dashboard::server::api {
namespace {

std::optional<ApiRouter::Target> parse_target(std::string_view target) {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  ApiRouter::Target out;
  for (auto segment : url->segments()) out.segments.emplace_back(segment);
  if (out.segments.empty() || out.segments.front() != "api") return std::nullopt;
  out.segments.erase(out.segments.begin());
  for (auto param : url->params()) {
    Query& q = out.query;
    if (param.key == "userId") q.user_id = param.value;
    if (param.key == "since") q.since = param.value;
    if (param.key == "limit") q.limit = param.value;
    if (param.key == "cursor") q.cursor = param.value;
    if (param.key == "q") q.q = param.value;
    if (param.key == "theme") q.theme = param.value;
    if (param.key == "buildStatus") q.build_status = param.value;
    if (param.key == "coverageStatus") q.coverage_status = param.value;
    if (param.key == "sort") q.sort = param.value;
  }
  return out;
}

bool is_json(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string lowered;
  for (char c : media) {
    if (c != ' ' && c != '\t') lowered.push_back(static_cast<char>(std::tolower(c)));
  }
  return lowered == "application/json";
}

ApiResponse method_not_allowed(std::string_view method, std::string allow) {
  ApiResponse res = error_response(405, "METHOD_NOT_ALLOWED",
                                   std::string(method) + " is not allowed here; use " + allow);
  res.allow = std::move(allow);
  return res;
}

ApiResponse unsupported_media_type() {
  return error_response(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
}

}  // namespace

ApiRouter::ApiRouter(ApiContext context) : context_(std::move(context)) {}

std::optional<Caller> ApiRouter::authenticate(std::string_view authorization,
                                              std::string& why) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.empty()) {
    why = "missing Authorization header";
    return std::nullopt;
  }
  if (authorization.size() <= kScheme.size() ||
      authorization.substr(0, kScheme.size()) != kScheme) {
    why = "Authorization must be 'Bearer <token>'";
    return std::nullopt;
  }
  const auto claims = context_.tokens->verify(authorization.substr(kScheme.size()));
  if (!claims) {
    why = std::string(auth::describe(claims.error()));
    return std::nullopt;
  }
  // A signed-out session's access tokens stop at once, not at their expiry.
  if (!claims->session_id.empty() && context_.accounts && context_.accounts->revocations &&
      context_.accounts->revocations->revoked(claims->session_id)) {
    why = "this sign-in has ended";
    return std::nullopt;
  }
  return *claims;
}

std::string ApiRouter::health_json() const {
  if (!context_.database_probe) return R"({"status":"ok"})";
  const status::DatabaseHealth db = context_.database_probe->last();
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("status");
  w.String("ok");
  w.Key("database");
  w.StartObject();
  w.Key("reachable");
  if (db.checked) {
    w.Bool(db.reachable);
  } else {
    w.Null();  // not probed yet
  }
  w.Key("latencyMs");
  w.Double(std::round(db.latency_ms * 100) / 100);
  if (db.checked_at != 0) {
    w.Key("checkedAt");
    w.String(core::format_rfc3339_utc(db.checked_at).c_str());
  }
  w.EndObject();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

ApiResponse ApiRouter::handle(const ApiRequest& incoming) const {
  // Every answer names its request, so a change can be followed from the
  // click through the log to every socket's topic event.
  ApiRequest req = incoming;
  std::string generated;
  if (req.request_id.empty() && context_.ids) {
    generated = context_.ids->next_uuid();
    req.request_id = generated;
  }
  ApiResponse res = answer(req);
  if (!req.request_id.empty())
    res.headers.emplace_back("X-Request-Id", std::string(req.request_id));
  return res;
}

ApiResponse ApiRouter::answer(const ApiRequest& req) const {
  try {
    // Sign-in routes are not keyed: their answers set cookies for one client.
    if (wants_idempotency(req) && !req.target.starts_with("/api/auth/")) {
      std::string why;
      if (const std::optional<Caller> caller = authenticate(req.authorization, why)) {
        return answer_idempotently(context_, req, *caller, [&] { return route(req); });
      }
    }
    return route(req);
  } catch (const store::sql::Error& e) {
    // A store call that does not report errors as values (users, sign-in)
    // met a database that is down: that is a 503 like any other.
    if (e.kind() == store::sql::Error::Kind::Unavailable) {
      log::warn("database unavailable", {{"method", std::string(req.method)},
                                         {"target", std::string(req.target)},
                                         {"error", e.what()}});
      return service_unavailable();
    }
    log::error("request failed", {{"method", std::string(req.method)},
                                  {"target", std::string(req.target)},
                                  {"error", e.what()}});
  } catch (const std::exception& e) {
    log::error("request failed", {{"method", std::string(req.method)},
                                  {"target", std::string(req.target)},
                                  {"error", e.what()}});
  }
  return error_response(500, "INTERNAL_ERROR", "the server could not complete the request");
}

ApiResponse ApiRouter::route(const ApiRequest& req) const {
  const auto target = parse_target(req.target);
  if (!target) return not_found("no route for " + std::string(req.target));
  const std::vector<std::string>& s = target->segments;
  const std::string_view m = req.method;
  const bool wrong_media = (m == "POST" || m == "PATCH") && !is_json(req.content_type);

  if (s.size() == 2 && s[0] == "auth") return route_auth(req, s[1]);

  if (!s.empty() && is_messaging_resource(s[0])) return route_messaging(req, *target);

  // Collections, their members, and the member actions.
  const auto is = [&s](std::size_t n, std::initializer_list<std::string_view> names) {
    if (s.size() != n) return false;
    for (std::string_view name : names) {
      if (s[0] == name) return true;
    }
    return false;
  };
  const bool known_path =
      is(1, {"dashboard", "events", "mocs", "wishlist", "sets", "themes", "shares", "status"}) ||
      is(2, {"mocs", "wishlist", "sets", "board", "shares"}) ||
      (is(3, {"mocs"}) && s[2] == "restore") || (is(3, {"topics"}) && s[2] == "events") ||
      (is(2, {"events"}) && s[1] == "missed");
  if (!known_path) return not_found("no route for " + std::string(req.target));

  std::string why;
  const std::optional<Caller> caller = authenticate(req.authorization, why);
  if (!caller) return error_response(401, "UNAUTHORIZED", why);
  if (auto rejected = reject_other_user(*caller, target->query)) return std::move(*rejected);
  // Checked after auth (a stranger learns nothing) and only where a body is read.
  const bool is_import = s.size() == 2 && s[0] == "mocs" && s[1] == "import";
  const bool reads_body =
      (s.size() == 1 && m == "POST") || (s.size() == 2 && m == "PATCH") || is_import;
  if (wrong_media && reads_body) return unsupported_media_type();

  if (s.size() == 1) return route_collection(req, *target, *caller);
  const std::string& id = s[1];
  if (s.size() == 3 && s[0] == "topics") {  // topics/{topic}/events
    return m == "GET" ? get_topic_events(context_, *caller, id, target->query)
                      : method_not_allowed(m, "GET");
  }
  if (s[0] == "events") {  // events/missed
    return m == "GET" ? get_missed_events(context_, *caller, target->query)
                      : method_not_allowed(m, "GET");
  }
  if (s.size() == 3) {  // mocs/{id}/restore
    return m == "POST" ? restore_moc(context_, *caller, id, req) : method_not_allowed(m, "POST");
  }
  if (is_import) {  // mocs/import: a MOC's id is a UUID, never "import"
    return m == "POST" ? import_mocs(context_, *caller, req) : method_not_allowed(m, "POST");
  }
  if (s[0] == "mocs") {
    if (m == "GET") return get_moc(context_, *caller, id);
    if (m == "PATCH") return update_moc(context_, *caller, id, req);
    if (m == "DELETE") return delete_moc(context_, *caller, id, req);
    return method_not_allowed(m, "GET, PATCH, DELETE");
  }
  if (s[0] == "board") {
    return m == "GET" ? get_board(context_, *caller, id) : method_not_allowed(m, "GET");
  }
  if (m != "DELETE") return method_not_allowed(m, "DELETE");
  if (s[0] == "shares") return delete_share(context_, *caller, id, req);
  return s[0] == "wishlist" ? remove_wishlist_item(context_, *caller, id)
                            : remove_set(context_, *caller, id);
}

ApiResponse ApiRouter::route_auth(const ApiRequest& req, const std::string& action) const {
  const std::string_view m = req.method;
  if (action == "config") {
    return m == "GET" ? json_response(200, accounts_config_json(context_))
                      : method_not_allowed(m, "GET");
  }
  const bool known = action == "login" || action == "refresh" || action == "logout" ||
                     action == "logout-all" || action == "password" || action == "signup";
  if (!known) return not_found("no route for " + std::string(req.target));
  if (m != "POST") return method_not_allowed(m, "POST");
  // Refresh and sign-out read the cookie only; the others read a JSON body.
  const bool reads_body = action == "login" || action == "password" || action == "signup";
  if (reads_body && !is_json(req.content_type)) return unsupported_media_type();
  if (action == "login") return login(context_, req);
  if (action == "signup") return signup(context_, req);
  if (action == "refresh") return refresh(context_, req);
  std::string why;
  const std::optional<Caller> caller = authenticate(req.authorization, why);
  if (action == "logout") return logout(context_, req, caller);
  if (!caller) return error_response(401, "UNAUTHORIZED", why);
  if (action == "logout-all") return logout_everywhere(context_, req, *caller);
  return change_password(context_, req, *caller);
}

ApiResponse ApiRouter::route_collection(const ApiRequest& req, const Target& target,
                                        const Caller& caller) const {
  const std::string& r = target.segments[0];
  const std::string_view m = req.method;
  if (r == "dashboard") {
    return m == "GET" ? get_dashboard(context_, caller, req.accept_encoding)
                      : method_not_allowed(m, "GET");
  }
  if (r == "events") {
    return m == "GET" ? get_events(context_, caller, target.query) : method_not_allowed(m, "GET");
  }
  if (r == "status") {
    return m == "GET" ? get_status(context_, caller) : method_not_allowed(m, "GET");
  }
  if (r == "themes") {
    return m == "GET" ? list_themes(context_, caller) : method_not_allowed(m, "GET");
  }
  if (r == "sets") {
    return m == "POST" ? add_set(context_, caller, req) : method_not_allowed(m, "POST");
  }
  if (r == "shares") {
    if (m == "GET") return list_shares(context_, caller);
    if (m == "POST") return create_share(context_, caller, req);
    return method_not_allowed(m, "GET, POST");
  }
  if (r == "mocs") {
    if (m == "GET") return list_mocs(context_, caller, target.query);
    if (m == "POST") return create_moc(context_, caller, req);
    return method_not_allowed(m, "GET, POST");
  }
  if (m == "GET") return list_wishlist(context_, caller);
  if (m == "POST") return add_wishlist_item(context_, caller, req);
  return method_not_allowed(m, "GET, POST");
}

}  // namespace dashboard::server::api
