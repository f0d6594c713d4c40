// nlohmann-json 3.11 decoder. Uses only the non-throwing API: parse with
// allow_exceptions=false (yields a "discarded" value on error), find(), and
// get_ptr<>() which returns nullptr on a type mismatch. Under -fno-exceptions
// the library turns any throw into abort(), which this code never reaches.
#include <nlohmann/json.hpp>

#include "decode_schema.hpp"
#include "decoders.hpp"

namespace json_choice {
namespace {

using nlohmann::json;

struct NlohmannAdapter {
  using Value = json;
  using Object = json;  // one node type, like RapidJSON
  using Array = json;

  static const Object* AsObject(const Value& v) { return v.is_object() ? &v : nullptr; }
  static const Array* AsArray(const Value& v) { return v.is_array() ? &v : nullptr; }
  static std::size_t Size(const Array& a) { return a.size(); }
  static const Value& At(const Array& a, std::size_t i) {
    return (*a.get_ptr<const json::array_t*>())[i];
  }
  static const Value* Find(const Object& o, std::string_view key) {
    // The default comparator is std::less<>, so a string_view key needs no copy.
    const json::object_t& members = *o.get_ptr<const json::object_t*>();
    const auto it = members.find(key);
    return it == members.end() ? nullptr : &it->second;
  }
  static bool AsString(const Value& v, std::string_view* out) {
    const json::string_t* s = v.get_ptr<const json::string_t*>();
    if (s == nullptr) return false;
    *out = *s;
    return true;
  }
  static bool IsNull(const Value& v) { return v.is_null(); }
  static bool AsNonNegativeInteger(const Value& v, std::uint64_t* out) {
    // nlohmann stores integer tokens >= 0 as unsigned, negatives as signed.
    if (const auto* u = v.get_ptr<const json::number_unsigned_t*>()) {
      *out = *u;
      return true;
    }
    if (const auto* i = v.get_ptr<const json::number_integer_t*>()) {
      if (*i < 0) return false;
      *out = static_cast<std::uint64_t>(*i);
      return true;
    }
    return false;
  }
  static bool AsNumber(const Value& v, double* out) {
    if (const auto* d = v.get_ptr<const json::number_float_t*>()) {
      *out = *d;
    } else if (const auto* u = v.get_ptr<const json::number_unsigned_t*>()) {
      *out = static_cast<double>(*u);
    } else if (const auto* i = v.get_ptr<const json::number_integer_t*>()) {
      *out = static_cast<double>(*i);
    } else {
      return false;
    }
    return true;
  }
};

template <class T>
Result<T> Decode(std::string_view json_text) {
  const json root = json::parse(json_text.begin(), json_text.end(), /*cb=*/nullptr,
                                /*allow_exceptions=*/false);
  return DecodeRoot<NlohmannAdapter, T>(root.is_discarded() ? nullptr : &root);
}

}  // namespace

Result<DashboardView> DecodeViewNlohmann(std::string_view json) {
  return Decode<DashboardView>(json);
}
Result<SummaryUpdatedEvent> DecodeEventNlohmann(std::string_view json) {
  return Decode<SummaryUpdatedEvent>(json);
}

}  // namespace json_choice
