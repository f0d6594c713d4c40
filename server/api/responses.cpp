#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/api_types.hpp"
#include "log.hpp"

namespace dashboard::server::api {

ApiResponse json_response(unsigned status, std::string body) {
  ApiResponse res;
  res.status = status;
  res.body = std::move(body);
  return res;
}

ApiResponse error_response(unsigned status, std::string_view code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  w.EndObject();
  return json_response(status, std::string(buffer.GetString(), buffer.GetSize()));
}

ApiResponse bad_request(std::string_view message) {
  return error_response(400, "VALIDATION_FAILED", message);
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
      return error_response(409, "CONFLICT", error.message);
    case Kind::Gone:
      return error_response(410, "GONE", error.message);
    case Kind::Internal:
      break;
  }
  // Internals (SQL, file paths) stay in the log, never in the response.
  log::error("store failure", {{"error", error.message}});
  return error_response(500, "INTERNAL_ERROR", "the server could not complete the request");
}

}  // namespace dashboard::server::api
