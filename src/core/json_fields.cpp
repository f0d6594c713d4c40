#include "core/json_fields.hpp"

#include <cmath>
#include <vector>

#include "core/socketio/json_text.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core {

std::string JsonPath::str() const {
  std::vector<const JsonPath*> chain;
  for (const JsonPath* p = this; p != nullptr && p->parent_ != nullptr; p = p->parent_) {
    chain.push_back(p);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonPath& p = **it;
    if (p.index_ >= 0) {
      out += '[' + std::to_string(p.index_) + ']';
    } else {
      if (!out.empty()) out += '.';
      out.append(p.key_);
    }
  }
  return out;
}

bool fail(Error& error, const JsonPath& path, std::string message) {
  error = Error{path.str(), std::move(message)};
  return false;
}

bool parse_json(std::string_view text, rapidjson::Document& doc, Error& error) {
  // The one parse for untrusted text: UTF-8 checked, nesting bounded and
  // iterative, so no input can exhaust the stack (json_text.hpp).
  return json_text::parse(text, doc, error);
}

bool expect_object(const rapidjson::Value& value, const JsonPath& path, Error& error) {
  return value.IsObject() || fail(error, path, "must be an object");
}

bool expect_array(const rapidjson::Value& value, const JsonPath& path, Error& error) {
  return value.IsArray() || fail(error, path, "must be an array");
}

const rapidjson::Value* find_member(const rapidjson::Value& object, std::string_view key) {
  const auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

namespace {

// The member, or nullptr with "is required" reported.
const rapidjson::Value* required(const rapidjson::Value& object, std::string_view key,
                                 const JsonPath& path, Error& error) {
  const rapidjson::Value* value = find_member(object, key);
  if (value == nullptr) fail(error, path.field(key), "is required");
  return value;
}

std::string_view view_of(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

}  // namespace

bool read_string(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                 std::string& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  if (!v->IsString()) return fail(error, path.field(key), "must be a string");
  if (v->GetStringLength() == 0) return fail(error, path.field(key), "must not be empty");
  out.assign(v->GetString(), v->GetStringLength());
  return true;
}

bool read_nullable_string(const rapidjson::Value& object, std::string_view key,
                          const JsonPath& path, std::optional<std::string>& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  if (v->IsNull()) {
    out.reset();
    return true;
  }
  if (!v->IsString()) return fail(error, path.field(key), "must be a string or null");
  out.emplace(v->GetString(), v->GetStringLength());
  return true;
}

bool read_count(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                std::int64_t& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  if (!v->IsInt64() || v->GetInt64() < 0) {
    return fail(error, path.field(key), "must be an integer >= 0");
  }
  out = v->GetInt64();
  return true;
}

bool read_percentage(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                     double& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  if (!v->IsNumber() || !std::isfinite(v->GetDouble()) || v->GetDouble() < 0 ||
      v->GetDouble() > 100) {
    return fail(error, path.field(key), "must be a number between 0 and 100");
  }
  out = v->GetDouble();
  return true;
}

bool read_timestamp(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                    std::string& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  if (!v->IsString() || !parse_rfc3339(view_of(*v))) {
    return fail(error, path.field(key), "not an RFC 3339 timestamp");
  }
  out.assign(v->GetString(), v->GetStringLength());
  return true;
}

bool read_build_status(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                       BuildStatus& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  const auto status = v->IsString() ? build_status_from(view_of(*v)) : std::nullopt;
  if (!status) return fail(error, path.field(key), "must be one of ADDED, IN_PROGRESS, BUILT");
  out = *status;
  return true;
}

bool read_coverage_status(const rapidjson::Value& object, std::string_view key,
                          const JsonPath& path, PartsCoverageStatus& out, Error& error) {
  const rapidjson::Value* v = required(object, key, path, error);
  if (v == nullptr) return false;
  const auto status = v->IsString() ? coverage_status_from(view_of(*v)) : std::nullopt;
  if (!status) {
    return fail(error, path.field(key), "must be one of FULL_INVENTORY, PARTIAL_ORDERED, NONE");
  }
  out = *status;
  return true;
}

}  // namespace dashboard::core
