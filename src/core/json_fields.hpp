// json_fields: reading validated fields out of RapidJSON values, with errors
// that name the JSON path and the rule (`recentMocs[3].createdAt: not an
// RFC 3339 timestamp`). Shared by the model codec and the server's request
// body decoders, so every input is judged by the same rules.
//
//   JsonPath root;
//   JsonPath item = root.field("recentMocs").at(3);
//   if (!read_timestamp(obj, "createdAt", item, moc.created_at, error)) return error;
//
// Readers return false and fill `error` on failure; they never throw.
// Unknown members are ignored.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"
#include "core/result.hpp"

namespace dashboard::core {

// A path into a JSON document, built on the stack as decoding descends and
// only turned into text when an error is reported.
class JsonPath {
 public:
  JsonPath() = default;
  JsonPath field(std::string_view key) const { return JsonPath(this, key, -1); }
  JsonPath at(std::size_t index) const {
    return JsonPath(this, {}, static_cast<std::int64_t>(index));
  }
  std::string str() const;  // "recentMocs[3].createdAt"; "" for the root

 private:
  JsonPath(const JsonPath* parent, std::string_view key, std::int64_t index)
      : parent_(parent), key_(key), index_(index) {}
  const JsonPath* parent_ = nullptr;
  std::string_view key_;
  std::int64_t index_ = -1;
};

// Fails with `path: message`; always returns false, for `return fail(...)`.
bool fail(Error& error, const JsonPath& path, std::string message);

// Parses `text` into `doc`; a syntax error names the byte offset.
bool parse_json(std::string_view text, rapidjson::Document& doc, Error& error);

bool expect_object(const rapidjson::Value& value, const JsonPath& path, Error& error);
bool expect_array(const rapidjson::Value& value, const JsonPath& path, Error& error);

// The member `key` of `object`, or nullptr when absent.
const rapidjson::Value* find_member(const rapidjson::Value& object, std::string_view key);

// Required members. `path` is the object's own path; the error names the member.
bool read_string(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                 std::string& out, Error& error);  // non-empty string
bool read_nullable_string(const rapidjson::Value& object, std::string_view key,
                          const JsonPath& path, std::optional<std::string>& out, Error& error);
bool read_count(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                std::int64_t& out, Error& error);  // integer >= 0
bool read_percentage(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                     double& out, Error& error);  // number in [0, 100]
bool read_timestamp(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                    std::string& out, Error& error);  // RFC 3339
bool read_build_status(const rapidjson::Value& object, std::string_view key, const JsonPath& path,
                       BuildStatus& out, Error& error);
bool read_coverage_status(const rapidjson::Value& object, std::string_view key,
                          const JsonPath& path, PartsCoverageStatus& out, Error& error);

}  // namespace dashboard::core
