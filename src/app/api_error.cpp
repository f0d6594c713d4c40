#include "app/api_error.hpp"

#include <rapidjson/document.h>

#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {
namespace {

std::string string_member(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* value = core::find_member(object, key);
  if (value == nullptr || !value->IsString()) return {};
  return {value->GetString(), value->GetStringLength()};
}

}  // namespace

ApiError read_api_error(const HttpResponse& response) {
  ApiError out;
  out.status = response.status;
  if (response.status == 0) {
    out.message = "Could not reach the server (" +
                  (response.error.empty() ? std::string("network error") : response.error) + ")";
    return out;
  }
  rapidjson::Document doc;
  core::Error ignored;
  if (core::json_text::parse(response.body, doc, ignored) && doc.IsObject()) {
    const rapidjson::Value* error = core::find_member(doc, "error");
    if (error != nullptr && error->IsObject()) {
      out.code = string_member(*error, "code");
      out.message = string_member(*error, "message");
      out.field = string_member(*error, "field");
      if (const rapidjson::Value* current = core::find_member(*error, "current")) {
        core::Moc moc;
        core::Error moc_error;
        if (core::decode_moc(*current, core::JsonPath().field("current"), moc, moc_error)) {
          out.current = std::move(moc);
        }
      }
    }
  }
  if (out.message.empty()) out.message = "The server answered " + std::to_string(response.status);
  return out;
}

}  // namespace dashboard::app
