// RapidJSON 1.1 decoder. DOM parse with UTF-8 validation switched on, so it
// rejects the same malformed text Boost.JSON and nlohmann-json reject by
// default. RapidJSON has no exceptions at all; its asserts are compiled out
// by NDEBUG and every typed read below is guarded by an Is*() check.
#include <rapidjson/document.h>

#include "decode_schema.hpp"
#include "decoders.hpp"

namespace json_choice {
namespace {

namespace rj = rapidjson;

struct RapidJsonAdapter {
  using Value = rj::Value;
  using Object = rj::Value;  // RapidJSON has one node type
  using Array = rj::Value;

  static const Object* AsObject(const Value& v) { return v.IsObject() ? &v : nullptr; }
  static const Array* AsArray(const Value& v) { return v.IsArray() ? &v : nullptr; }
  static std::size_t Size(const Array& a) { return a.Size(); }
  static const Value& At(const Array& a, std::size_t i) { return a[static_cast<rj::SizeType>(i)]; }
  static const Value* Find(const Object& o, std::string_view key) {
    // A non-owning name avoids both strlen and a copy.
    const Value name(rj::StringRef(key.data(), key.size()));
    const auto it = o.FindMember(name);
    return it == o.MemberEnd() ? nullptr : &it->value;
  }
  static bool AsString(const Value& v, std::string_view* out) {
    if (!v.IsString()) return false;
    *out = std::string_view(v.GetString(), v.GetStringLength());
    return true;
  }
  static bool IsNull(const Value& v) { return v.IsNull(); }
  static bool AsNonNegativeInteger(const Value& v, std::uint64_t* out) {
    // IsUint64 is true only for integer tokens >= 0 (not for 1.0 or 1e2).
    if (!v.IsUint64()) return false;
    *out = v.GetUint64();
    return true;
  }
  static bool AsNumber(const Value& v, double* out) {
    if (!v.IsNumber()) return false;
    *out = v.GetDouble();
    return true;
  }
};

template <class T>
Result<T> Decode(std::string_view json) {
  rj::Document doc;
  doc.Parse<rj::kParseValidateEncodingFlag>(json.data(), json.size());
  return DecodeRoot<RapidJsonAdapter, T>(doc.HasParseError() ? nullptr : &doc);
}

}  // namespace

Result<DashboardView> DecodeViewRapidJson(std::string_view json) {
  return Decode<DashboardView>(json);
}
Result<SummaryUpdatedEvent> DecodeEventRapidJson(std::string_view json) {
  return Decode<SummaryUpdatedEvent>(json);
}

}  // namespace json_choice
