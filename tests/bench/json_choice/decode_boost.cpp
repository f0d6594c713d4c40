// Boost.JSON 1.81 decoder. Parses into a monotonic_resource (Boost's own
// advice for parse-then-discard DOMs, like RapidJSON's default pool) and
// uses only the non-throwing API: parse(..., error_code&), if_contains, if_*.
#include <boost/json/src.hpp>  // header-only: exactly one TU includes this

#include "decode_schema.hpp"
#include "decoders.hpp"

#if defined(BOOST_NO_EXCEPTIONS)
#include <cstdlib>

// With -fno-exceptions Boost requires the program to define these. We never
// reach them on the non-throwing API; only allocation failure could.
namespace boost {
void throw_exception(const std::exception&) {
  std::abort();
}
void throw_exception(const std::exception&, const boost::source_location&) {
  std::abort();
}
}  // namespace boost
#endif

namespace json_choice {
namespace {

namespace bj = boost::json;

struct BoostAdapter {
  using Value = bj::value;
  using Object = bj::object;
  using Array = bj::array;

  static const Object* AsObject(const Value& v) { return v.if_object(); }
  static const Array* AsArray(const Value& v) { return v.if_array(); }
  static std::size_t Size(const Array& a) { return a.size(); }
  static const Value& At(const Array& a, std::size_t i) { return a[i]; }
  static const Value* Find(const Object& o, std::string_view key) {
    return o.if_contains(bj::string_view(key.data(), key.size()));
  }
  static bool AsString(const Value& v, std::string_view* out) {
    const bj::string* s = v.if_string();
    if (s == nullptr) return false;
    *out = std::string_view(s->data(), s->size());
    return true;
  }
  static bool IsNull(const Value& v) { return v.is_null(); }
  static bool AsNonNegativeInteger(const Value& v, std::uint64_t* out) {
    if (const std::int64_t* i = v.if_int64()) {
      if (*i < 0) return false;
      *out = static_cast<std::uint64_t>(*i);
      return true;
    }
    if (const std::uint64_t* u = v.if_uint64()) {
      *out = *u;
      return true;
    }
    return false;  // doubles, including 1.0 and 1e2, are not integers
  }
  static bool AsNumber(const Value& v, double* out) {
    switch (v.kind()) {
      case bj::kind::double_:
        *out = v.get_double();
        return true;
      case bj::kind::int64:
        *out = static_cast<double>(v.get_int64());
        return true;
      case bj::kind::uint64:
        *out = static_cast<double>(v.get_uint64());
        return true;
      default:
        return false;
    }
  }
};

template <class T>
Result<T> Decode(std::string_view json) {
  // The first 4 KiB come from the stack; bigger documents chain heap blocks.
  unsigned char buffer[4096];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::error_code ec;
  const bj::value root = bj::parse(bj::string_view(json.data(), json.size()), ec, &arena);
  return DecodeRoot<BoostAdapter, T>(ec ? nullptr : &root);
}

}  // namespace

Result<DashboardView> DecodeViewBoost(std::string_view json) {
  return Decode<DashboardView>(json);
}
Result<SummaryUpdatedEvent> DecodeEventBoost(std::string_view json) {
  return Decode<SummaryUpdatedEvent>(json);
}

}  // namespace json_choice
