#include "app/api_error.hpp"

#include <rapidjson/document.h>

#include "core/json_codec.hpp"
#include "core/socketio/json_text.hpp"

namespace dashboard::app {
namespace {

std::string string_member(const rapidjson::Value& object, const char* key) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
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
    const auto error = doc.FindMember("error");
    if (error != doc.MemberEnd() && error->value.IsObject()) {
      out.code = string_member(error->value, "code");
      out.message = string_member(error->value, "message");
      out.field = string_member(error->value, "field");
      const auto current = error->value.FindMember("current");
      if (current != error->value.MemberEnd()) {
        core::Moc moc;
        core::Error moc_error;
        if (core::decode_moc(current->value, core::JsonPath().field("current"), moc, moc_error)) {
          out.current = std::move(moc);
        }
      }
    }
  }
  if (out.message.empty()) out.message = "The server answered " + std::to_string(response.status);
  return out;
}

}  // namespace dashboard::app
