// Request routing and response building; see request_handler.hpp.
#include "http/request_handler.hpp"

#include <string>
#include <utility>
#include <vector>

#include "http/shared_string_body.hpp"
#include "http/static_files.hpp"
#include "realtime/handshake.hpp"

namespace dashboard::server::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob: https:; font-src 'self'; connect-src 'self' ws: wss:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

template <class Body>
void add_common_headers(bhttp::response<Body>& res, bool keep_alive) {
  res.set(bhttp::field::server, "dashboard-server");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set(bhttp::field::x_frame_options, "DENY");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
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

}  // namespace

RequestHandler::RequestHandler(std::filesystem::path static_root,
                               std::shared_ptr<const api::ApiRouter> api,
                               std::shared_ptr<realtime::RealtimeContext> realtime,
                               Metrics* metrics)
    : static_root_(std::move(static_root)),
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

Reply RequestHandler::handle_api(const Request& req, bool keep_alive) const {
  const api::ApiRequest api_req{req.method_string(),
                                req.target(),
                                req[bhttp::field::authorization],
                                req[bhttp::field::content_type],
                                req[bhttp::field::accept_encoding],
                                req.body(),
                                req[bhttp::field::if_match]};
  api::ApiResponse answer = api_->handle(api_req);
  const bool head = req.method() == bhttp::verb::head;
  if (answer.shared_body) {
    bhttp::response<SharedStringBody> res{static_cast<bhttp::status>(answer.status), req.version()};
    add_common_headers(res, keep_alive);
    res.set(bhttp::field::content_type, "application/json");
    res.set(bhttp::field::cache_control, "no-store");
    if (answer.gzip) res.set(bhttp::field::content_encoding, "gzip");
    if (answer.vary_encoding) res.set(bhttp::field::vary, "Accept-Encoding");
    for (const auto& [name, value] : answer.headers) res.set(name, value);
    const std::uint64_t size = answer.shared_body->size();
    if (!head) res.body() = std::move(answer.shared_body);
    res.content_length(size);
    return Reply{bhttp::message_generator{std::move(res)}, answer.status, head ? 0 : size};
  }
  if (answer.status == 204) {
    bhttp::response<bhttp::empty_body> res{bhttp::status::no_content, req.version()};
    add_common_headers(res, keep_alive);
    res.set(bhttp::field::cache_control, "no-store");
    return Reply{bhttp::message_generator{std::move(res)}, 204, 0};
  }
  auto res = text_response(static_cast<bhttp::status>(answer.status), req.version(), keep_alive,
                           "application/json", std::move(answer.body));
  if (!answer.allow.empty()) res.set(bhttp::field::allow, answer.allow);
  for (const auto& [name, value] : answer.headers) res.set(name, value);
  if (answer.status == 401) res.set(bhttp::field::www_authenticate, "Bearer");
  return to_reply(std::move(res), head);
}

Reply RequestHandler::error(bhttp::status status, std::string_view code, std::string_view message,
                            unsigned version, bool keep_alive) {
  return to_reply(
      text_response(status, version, keep_alive, "application/json", error_json(code, message)),
      false);
}

Reply RequestHandler::handle(const Request& req, bool keep_alive) const {
  const bool head = req.method() == bhttp::verb::head;
  const bool readable = head || req.method() == bhttp::verb::get;
  const auto segments = decode_path_segments(req.target());
  if (!segments) {
    return json_error(bhttp::status::not_found, "NOT_FOUND",
                      "no route for " + std::string(req.target()), req, keep_alive);
  }
  if (api_ && !segments->empty() && segments->front() == "api") return handle_api(req, keep_alive);
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
    return serve_file(req, static_root_, {"index.html"}, keep_alive);
  }
  return serve_file(req, static_root_, *segments, keep_alive);
}

}  // namespace dashboard::server::http
