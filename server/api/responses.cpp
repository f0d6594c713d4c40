#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/api_types.hpp"
#include "core/json_codec.hpp"
#include "log.hpp"

namespace dashboard::server::api {

ApiResponse json_response(unsigned status, std::string body) {
  ApiResponse res;
  res.status = status;
  res.body = std::move(body);
  return res;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// {"error":{"code":..,"message":..<extra members>}}; `extra` writes them.
template <typename Extra>
ApiResponse error_with(unsigned status, std::string_view code, std::string_view message,
                       Extra extra) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  extra(w);
  w.EndObject();
  w.EndObject();
  return json_response(status, std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace

ApiResponse error_response(unsigned status, std::string_view code, std::string_view message) {
  return error_with(status, code, message, [](Writer&) {});
}

ApiResponse bad_request(std::string_view message) {
  return error_response(400, "VALIDATION_FAILED", message);
}

ApiResponse bad_request(const core::Error& error) {
  return error_with(400, "VALIDATION_FAILED", error.to_string(), [&error](Writer& w) {
    if (error.path.empty()) return;
    w.Key("field");
    w.String(error.path.data(), static_cast<rapidjson::SizeType>(error.path.size()));
  });
}

ApiResponse service_unavailable() {
  ApiResponse res = error_response(503, "SERVICE_UNAVAILABLE",
                                   "the database is unavailable right now; try again shortly");
  res.headers.emplace_back("Retry-After", "2");
  return res;
}

ApiResponse not_found(std::string_view message) {
  return error_response(404, "NOT_FOUND", message);
}

ApiResponse store_failure(const store::StoreError& error) {
  using Kind = store::StoreError::Kind;
  switch (error.kind) {
    case Kind::NotFound:
      return not_found(error.message);
    case Kind::Forbidden:
      return error_response(403, "FORBIDDEN", error.message);
    case Kind::Conflict:
      return error_with(409, "CONFLICT", error.message, [&error](Writer& w) {
        if (!error.current) return;
        w.Key("current");
        const std::string moc = core::encode_moc(*error.current);
        w.RawValue(moc.data(), moc.size(), rapidjson::kObjectType);
      });
    case Kind::Gone:
      return error_response(410, "GONE", error.message);
    case Kind::Unavailable:
      log::warn("database unavailable", {{"error", error.message}});
      return service_unavailable();
    case Kind::Internal:
      break;
  }
  // Internals (SQL, file paths) stay in the log, never in the response.
  log::error("store failure", {{"error", error.message}});
  return error_response(500, "INTERNAL_ERROR", "the server could not complete the request");
}

}  // namespace dashboard::server::api
