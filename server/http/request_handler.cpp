// Request routing and response building; see request_handler.hpp.
#include "http/request_handler.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "http/common_headers.hpp"
#include "http/shared_string_body.hpp"
#include "http/static_files.hpp"
#include "realtime/handshake.hpp"

namespace dashboard::server::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

template <class Body>
void add_common_headers(bhttp::response<Body>& res, bool keep_alive) {
  for (const HeaderField& field : kCommonHeaders) res.set(field.name, field.value);
  res.keep_alive(keep_alive);
}

// A dynamic (never cached) string response; for HEAD the body is announced,
// not sent.
bhttp::response<bhttp::string_body> text_response(bhttp::status status, unsigned version,
                                                  bool keep_alive, std::string_view content_type,
                                                  std::string body) {
  bhttp::response<bhttp::string_body> res{status, version};
  add_common_headers(res, keep_alive);
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.body() = std::move(body);
  return res;
}

Reply to_reply(bhttp::response<bhttp::string_body>&& res, bool head) {
  const std::uint64_t size = res.body().size();
  if (head) res.body().clear();
  res.content_length(size);
  const unsigned status = res.result_int();
  return Reply{bhttp::message_generator{std::move(res)}, status, head ? 0 : size};
}

std::string error_json(std::string_view code, std::string_view message) {
  return api::error_response(0, code, message).body;
}

Reply json_error(bhttp::status status, std::string_view code, std::string_view message,
                 const Request& req, bool keep_alive) {
  return to_reply(text_response(status, req.version(), keep_alive, "application/json",
                                error_json(code, message)),
                  req.method() == bhttp::verb::head);
}

Reply method_not_allowed(const Request& req, bool keep_alive) {
  auto res = text_response(
      bhttp::status::method_not_allowed, req.version(), keep_alive, "application/json",
      error_json("METHOD_NOT_ALLOWED", std::string(req.method_string()) + " is not allowed here"));
  res.set(bhttp::field::allow, "GET, HEAD");
  return to_reply(std::move(res), false);
}

template <class Body>
void add_file_headers(bhttp::response<Body>& res, const StaticFile& file) {
  res.set(bhttp::field::etag, file.etag);
  res.set(bhttp::field::last_modified, file.last_modified);
  res.set(bhttp::field::cache_control, file.cache_control);
  if (file.vary_accept_encoding) res.set(bhttp::field::vary, "Accept-Encoding");
}

Reply serve_file(const Request& req, const std::filesystem::path& root,
                 const std::vector<std::string>& segments, bool keep_alive) {
  const auto not_found = [&] {
    return json_error(bhttp::status::not_found, "NOT_FOUND",
                      "no route for " + std::string(req.target()), req, keep_alive);
  };
  const auto file = find_static_file(root, segments, req[bhttp::field::accept_encoding]);
  if (!file) return not_found();

  // No Content-Type/Encoding on 304: the client reuses what it stored.
  if (const auto inm = req[bhttp::field::if_none_match];
      !inm.empty() && if_none_match(inm, file->etag)) {
    bhttp::response<bhttp::empty_body> res{bhttp::status::not_modified, req.version()};
    add_common_headers(res, keep_alive);
    add_file_headers(res, *file);
    return Reply{bhttp::message_generator{std::move(res)}, 304, 0};
  }

  const auto set_entity_headers = [&](auto& res) {
    add_common_headers(res, keep_alive);
    add_file_headers(res, *file);
    res.set(bhttp::field::content_type, file->content_type);
    if (file->gzip) res.set(bhttp::field::content_encoding, "gzip");
  };
  if (req.method() == bhttp::verb::head) {
    bhttp::response<bhttp::empty_body> res{bhttp::status::ok, req.version()};
    set_entity_headers(res);
    res.content_length(file->size);
    return Reply{bhttp::message_generator{std::move(res)}, 200, 0};
  }

  beast::error_code ec;
  bhttp::file_body::value_type body;
  body.open(file->path.c_str(), beast::file_mode::scan, ec);
  // Vanished between lookup and open: to the client it simply is not there.
  if (ec) return not_found();
  const std::uint64_t size = body.size();
  bhttp::response<bhttp::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(bhttp::status::ok, req.version())};
  set_entity_headers(res);
  res.content_length(size);
  return Reply{bhttp::message_generator{std::move(res)}, 200, size};
}

std::string_view status_line(unsigned version, unsigned status) {
  const bool v10 = version == 10;
  switch (status) {
    case 206:
      return v10 ? "HTTP/1.0 206 Partial Content\r\n" : "HTTP/1.1 206 Partial Content\r\n";
    case 304:
      return v10 ? "HTTP/1.0 304 Not Modified\r\n" : "HTTP/1.1 304 Not Modified\r\n";
    default:
      return v10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n";
  }
}

// What Beast's keep_alive() would write: only a departure from the
// version's default is spelled out.
std::string_view connection_field(unsigned version, bool keep_alive) {
  if (version == 10) return keep_alive ? "Connection: keep-alive\r\n" : "";
  return keep_alive ? "" : "Connection: close\r\n";
}

bool not_modified(const Request& req, const StaticVariant& variant) {
  // If-None-Match wins over If-Modified-Since when both are sent.
  if (const auto inm = req[bhttp::field::if_none_match]; !inm.empty()) {
    return if_none_match(inm, variant.etag);
  }
  if (const auto ims = req[bhttp::field::if_modified_since]; !ims.empty()) {
    const auto since = parse_http_date(ims);
    return since && variant.mtime_seconds <= *since;
  }
  return false;
}

Reply range_not_satisfiable(const Request& req, bool keep_alive, std::uint64_t size) {
  auto res = text_response(
      bhttp::status::range_not_satisfiable, req.version(), keep_alive, "application/json",
      error_json("RANGE_NOT_SATISFIABLE", "Range " + std::string(req[bhttp::field::range]) +
                                              " is outside the " + std::to_string(size) +
                                              " bytes of " + std::string(req.target())));
  res.set(bhttp::field::content_range, "bytes */" + std::to_string(size));
  return to_reply(std::move(res), false);
}

// One in-memory file as GET or HEAD asks for it: 304, 206, 416 or 200.
Reply serve_entry(const Request& req, std::shared_ptr<const StaticEntry> entry, bool keep_alive) {
  const bool head = req.method() == bhttp::verb::head;
  const StaticVariant& variant =
      entry->variant(entry->gzip && accepts_gzip(req[bhttp::field::accept_encoding]));
  PrebuiltResponse out;
  out.connection = connection_field(req.version(), keep_alive);
  if (not_modified(req, variant)) {
    out.status_line = status_line(req.version(), 304);
    out.fields = variant.fields_304;
    out.owner = std::move(entry);
    return Reply{std::move(out), 304, 0};
  }
  // Range is defined for GET only; HEAD gets the headers of the whole.
  if (const auto range = req[bhttp::field::range]; !head && !range.empty()) {
    const auto if_range = req[bhttp::field::if_range];
    if (if_range.empty() || if_range_matches(if_range, variant.etag, variant.last_modified)) {
      const std::uint64_t size = variant.bytes.size();
      const RangeRequest asked = parse_range(range, size);
      if (asked.kind == RangeRequest::Kind::kUnsatisfiable) {
        return range_not_satisfiable(req, keep_alive, size);
      }
      if (asked.kind == RangeRequest::Kind::kSatisfiable) {
        const std::uint64_t length = asked.range.last - asked.range.first + 1;
        out.status_line = status_line(req.version(), 206);
        out.fields = variant.fields_entity;
        out.extra_fields = "Content-Range: bytes " + std::to_string(asked.range.first) + "-" +
                           std::to_string(asked.range.last) + "/" + std::to_string(size) +
                           "\r\nContent-Length: " + std::to_string(length) + "\r\n";
        if (variant.memory_file && length >= kSendfileFrom) {
          out.body_fd = variant.memory_file->fd();
          out.body_offset = asked.range.first;
          out.body_length = length;
        } else {
          out.body = std::string_view(variant.bytes).substr(asked.range.first, length);
        }
        out.owner = std::move(entry);
        return Reply{std::move(out), 206, length};
      }
    }
  }
  out.status_line = status_line(req.version(), 200);
  out.fields = variant.fields_200;
  std::uint64_t sent = 0;
  if (!head && variant.memory_file) {
    out.body_fd = variant.memory_file->fd();
    out.body_length = variant.bytes.size();
    sent = out.body_length;
  } else if (!head) {
    out.body = variant.bytes;
    sent = out.body.size();
  }
  out.owner = std::move(entry);
  return Reply{std::move(out), 200, sent};
}

}  // namespace

RequestHandler::RequestHandler(std::filesystem::path static_root,
                               std::shared_ptr<const api::ApiRouter> api,
                               std::shared_ptr<realtime::RealtimeContext> realtime,
                               Metrics* metrics)
    : static_root_(std::move(static_root)),
      site_(std::make_unique<const StaticSite>(static_root_)),
      api_(std::move(api)),
      realtime_(std::move(realtime)),
      metrics_(metrics) {}

namespace {

std::optional<realtime::HandshakeRejection> check_socketio(const Request& req, bool upgrade,
                                                           const realtime::RealtimeContext& ctx) {
  return realtime::check_handshake(req.target(), upgrade, req[bhttp::field::origin],
                                   req[bhttp::field::host], ctx.allowed_origins);
}

Reply engineio_error(const realtime::HandshakeRejection& rejection, const Request& req,
                     bool keep_alive) {
  return to_reply(text_response(static_cast<bhttp::status>(rejection.status), req.version(),
                                keep_alive, "application/json", rejection.body),
                  req.method() == bhttp::verb::head);
}

}  // namespace

std::optional<Reply> RequestHandler::socketio_upgrade_rejection(const Request& req) const {
  if (!realtime_)
    return json_error(bhttp::status::not_found, "NOT_FOUND", "no realtime endpoint", req, false);
  if (auto rejection = check_socketio(req, true, *realtime_)) {
    return engineio_error(*rejection, req, false);
  }
  return std::nullopt;
}

namespace {

// A caller's X-Request-Id becomes the trace id of what the request changes
// (topic events carry it to every subscriber), so only a short token of
// plain characters is taken; anything else is replaced by one of ours.
std::string_view trace_id_from(const Request& req) {
  const std::string_view id = req["X-Request-Id"];
  if (id.empty() || id.size() > 128) return {};
  const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
  return plain ? id : std::string_view{};
}

}  // namespace

Reply RequestHandler::handle_api(const Request& req, bool keep_alive,
                                 std::string_view remote) const {
  api::ApiRequest api_req{req.method_string(),
                          req.target(),
                          req[bhttp::field::authorization],
                          req[bhttp::field::content_type],
                          req[bhttp::field::accept_encoding],
                          req.body(),
                          req[bhttp::field::if_match],
                          trace_id_from(req)};
  api_req.cookie = req[bhttp::field::cookie];
  api_req.remote = remote;
  api_req.forwarded_for = req["X-Forwarded-For"];
  api_req.forwarded_proto = req["X-Forwarded-Proto"];
  api_req.idempotency_key = req["Idempotency-Key"];
  api::ApiResponse answer = api_->handle(api_req);
  const bool head = req.method() == bhttp::verb::head;
  if (answer.shared_body) {
    bhttp::response<SharedStringBody> res{static_cast<bhttp::status>(answer.status), req.version()};
    add_common_headers(res, keep_alive);
    res.set(bhttp::field::content_type, "application/json");
    res.set(bhttp::field::cache_control, "no-store");
    if (answer.gzip) res.set(bhttp::field::content_encoding, "gzip");
    if (answer.vary_encoding) res.set(bhttp::field::vary, "Accept-Encoding");
    for (const auto& [name, value] : answer.headers) res.insert(name, value);
    const std::uint64_t size = answer.shared_body->size();
    if (!head) res.body() = std::move(answer.shared_body);
    res.content_length(size);
    return Reply{bhttp::message_generator{std::move(res)}, answer.status, head ? 0 : size};
  }
  if (answer.status == 204) {
    bhttp::response<bhttp::empty_body> res{bhttp::status::no_content, req.version()};
    add_common_headers(res, keep_alive);
    res.set(bhttp::field::cache_control, "no-store");
    for (const auto& [name, value] : answer.headers) res.insert(name, value);
    return Reply{bhttp::message_generator{std::move(res)}, 204, 0};
  }
  auto res = text_response(static_cast<bhttp::status>(answer.status), req.version(), keep_alive,
                           "application/json", std::move(answer.body));
  if (!answer.allow.empty()) res.set(bhttp::field::allow, answer.allow);
  for (const auto& [name, value] : answer.headers) res.insert(name, value);
  if (answer.status == 401) res.set(bhttp::field::www_authenticate, "Bearer");
  return to_reply(std::move(res), head);
}

Reply RequestHandler::error(bhttp::status status, std::string_view code, std::string_view message,
                            unsigned version, bool keep_alive) {
  return to_reply(
      text_response(status, version, keep_alive, "application/json", error_json(code, message)),
      false);
}

Reply RequestHandler::overloaded(unsigned version, bool keep_alive) {
  auto res =
      text_response(bhttp::status::service_unavailable, version, keep_alive, "application/json",
                    error_json("SERVICE_UNAVAILABLE",
                               "the server is waiting on the database; try again shortly"));
  res.set(bhttp::field::retry_after, "2");
  return to_reply(std::move(res), false);
}

DatabaseWorkers* RequestHandler::api_workers(const Request& req) const {
  if (workers_ == nullptr || !api_) return nullptr;
  const std::string_view target = req.target();
  return target.starts_with("/api/") ? workers_ : nullptr;
}

Reply RequestHandler::handle(const Request& req, bool keep_alive, std::string_view remote) const {
  const bool head = req.method() == bhttp::verb::head;
  const bool readable = head || req.method() == bhttp::verb::get;
  const auto segments = decode_path_segments(req.target());
  if (!segments) {
    return json_error(bhttp::status::not_found, "NOT_FOUND",
                      "no route for " + std::string(req.target()), req, keep_alive);
  }
  if (api_ && !segments->empty() && segments->front() == "api")
    return handle_api(req, keep_alive, remote);
  if (realtime_ && realtime::is_socketio_target(req.target())) {
    // Reached only without an upgrade: Engine.IO's answer says why.
    return engineio_error(*check_socketio(req, false, *realtime_), req, keep_alive);
  }
  // Everything else is read-only.
  if (!readable) return method_not_allowed(req, keep_alive);

  const std::string path = join_path(*segments);
  if (path == "/") {
    bhttp::response<bhttp::empty_body> res{bhttp::status::found, req.version()};
    add_common_headers(res, keep_alive);
    res.set(bhttp::field::location, "/dashboard");
    res.set(bhttp::field::cache_control, "no-cache");
    res.content_length(0);
    return Reply{bhttp::message_generator{std::move(res)}, 302, 0};
  }
  if (path == "/metrics" && metrics_) {
    return to_reply(text_response(bhttp::status::ok, req.version(), keep_alive,
                                  "text/plain; version=0.0.4; charset=utf-8", metrics_->render()),
                    head);
  }
  if (path == "/healthz") {
    return to_reply(text_response(bhttp::status::ok, req.version(), keep_alive, "application/json",
                                  api_ ? api_->health_json() : R"({"status":"ok"})"),
                    head);
  }
  if (path == "/dashboard" || path == "/dashboard/") {
    return serve_static(req, {"index.html"}, keep_alive);
  }
  return serve_static(req, *segments, keep_alive);
}

Reply RequestHandler::serve_static(const Request& req, const std::vector<std::string>& segments,
                                   bool keep_alive) const {
  if (auto entry = site_->find(segments)) return serve_entry(req, std::move(entry), keep_alive);
  // A client-side route (reloaded or deep-linked) gets the page shell; the
  // app draws the page, or its own "not found".
  if (is_app_route(segments)) {
    if (auto shell = site_->find({"index.html"})) {
      return serve_entry(req, std::move(shell), keep_alive);
    }
  }
  // Files over the memory budget, and the JSON 404.
  return serve_file(req, static_root_, segments, keep_alive);
}

}  // namespace dashboard::server::http
