// The DashboardView / SummaryUpdatedEvent rules, written once as a template
// over a small per-library adapter. Every library therefore applies the very
// same checks in the same order; the adapters (decode_<lib>.cpp) hold only
// what really differs: parsing and reading typed values out of the DOM.
// Being a template, the adapter calls inline, so this costs nothing over a
// hand-written decoder per library.
//
// Adapter `A` provides (all static, none may throw):
//   using Value, Object, Array;
//   const Object* AsObject(const Value&);   const Array* AsArray(const Value&);
//   std::size_t Size(const Array&);         const Value& At(const Array&, std::size_t);
//   const Value* Find(const Object&, std::string_view key);   // nullptr if absent
//   bool AsString(const Value&, std::string_view*);
//   bool IsNull(const Value&);
//   bool AsNonNegativeInteger(const Value&, std::uint64_t*);  // integer token >= 0
//   bool AsNumber(const Value&, double*);                      // any JSON number
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "checks.hpp"
#include "model.hpp"

namespace json_choice {

template <class A>
class SchemaDecoder {
  using Value = typename A::Value;
  using Object = typename A::Object;
  using Array = typename A::Array;

 public:
  explicit SchemaDecoder(ErrorSink& sink) : sink_(sink) {}

  bool Decode(const Value& root, DashboardView& out) {
    const Path path;
    const Object* o = A::AsObject(root);
    if (o == nullptr) return sink_.Fail(path, msg::kObject);
    return Count(*o, path, "version", out.version) &&
           SummaryField(*o, path, "summary", out.summary) &&
           List(*o, path, "themeBreakdown", out.theme_breakdown, &SchemaDecoder::Theme) &&
           List(*o, path, "recentMocs", out.recent_mocs, &SchemaDecoder::Recent) &&
           List(*o, path, "partialPartsMocs", out.partial_parts_mocs, &SchemaDecoder::Partial);
  }

  bool Decode(const Value& root, SummaryUpdatedEvent& out) {
    const Path path;
    const Object* o = A::AsObject(root);
    if (o == nullptr) return sink_.Fail(path, msg::kObject);
    return Checked(*o, path, "eventId", out.event_id, IsUuidV4, msg::kUuidV4) &&
           Checked(*o, path, "type", out.type, IsSummaryUpdatedType, msg::kEventType) &&
           Checked(*o, path, "timestamp", out.timestamp, IsRfc3339Utc, msg::kTimestamp) &&
           Count(*o, path, "seq", out.seq) && SummaryField(*o, path, "payload", out.payload);
  }

 private:
  static bool IsSummaryUpdatedType(std::string_view s) { return s == kSummaryUpdatedType; }
  static bool AnyString(std::string_view) { return true; }

  // Fails with "is required" when `key` is absent.
  const Value* Lookup(const Object& o, const Path& path, std::string_view key) {
    const Value* v = A::Find(o, key);
    if (v == nullptr) sink_.Fail(path, msg::kRequired);
    return v;
  }

  bool Count(const Object& o, const Path& parent, std::string_view key, std::int64_t& out) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    std::uint64_t n = 0;
    if (!A::AsNonNegativeInteger(*v, &n) || n > std::numeric_limits<std::int64_t>::max()) {
      return sink_.Fail(path, msg::kCount);
    }
    out = static_cast<std::int64_t>(n);
    return true;
  }

  // A string that must pass `valid`, else fails with `invalid_message`.
  bool Checked(const Object& o, const Path& parent, std::string_view key, std::string& out,
               bool (*valid)(std::string_view), const char* invalid_message) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    std::string_view s;
    if (!A::AsString(*v, &s)) return sink_.Fail(path, msg::kString);
    if (!valid(s)) return sink_.Fail(path, invalid_message);
    out.assign(s.data(), s.size());
    return true;
  }

  bool String(const Object& o, const Path& parent, std::string_view key, std::string& out) {
    return Checked(o, parent, key, out, AnyString, msg::kString);
  }

  bool Status(const Object& o, const Path& parent, std::string_view key, BuildStatus& out) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    std::string_view s;
    if (!A::AsString(*v, &s)) return sink_.Fail(path, msg::kString);
    if (!ParseBuildStatus(s, &out)) return sink_.Fail(path, msg::kBuildStatus);
    return true;
  }

  bool Percentage(const Object& o, const Path& parent, std::string_view key, double& out) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    if (!A::AsNumber(*v, &out)) return sink_.Fail(path, msg::kNumber);
    if (!(out >= 0 && out <= 100)) return sink_.Fail(path, msg::kPercentage);
    return true;
  }

  // Present but possibly null: the key itself is still required.
  bool NullableString(const Object& o, const Path& parent, std::string_view key,
                      std::optional<std::string>& out) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    if (A::IsNull(*v)) {
      out.reset();
      return true;
    }
    std::string_view s;
    if (!A::AsString(*v, &s)) return sink_.Fail(path, msg::kStringOrNull);
    out.emplace(s.data(), s.size());
    return true;
  }

  const Object* ObjectField(const Object& o, const Path& path, std::string_view key) {
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return nullptr;
    const Object* child = A::AsObject(*v);
    if (child == nullptr) sink_.Fail(path, msg::kObject);
    return child;
  }

  // A map whose keys are enum spellings; every key is required.
  bool CountsByKey(const Object& o, const Path& parent, std::string_view key,
                   const std::string_view (&keys)[3], std::array<std::int64_t, 3>& out) {
    const Path path = parent.Field(key);
    const Object* m = ObjectField(o, path, key);
    if (m == nullptr) return false;
    for (int i = 0; i < 3; ++i) {
      if (!Count(*m, path, keys[i], out[i])) return false;
    }
    return true;
  }

  bool SummaryField(const Object& o, const Path& parent, std::string_view key, Summary& out) {
    const Path path = parent.Field(key);
    const Object* s = ObjectField(o, path, key);
    if (s == nullptr) return false;
    return Count(*s, path, "totalMocs", out.total_mocs) &&
           Count(*s, path, "totalWishlistItems", out.total_wishlist_items) &&
           CountsByKey(*s, path, "mocsByBuildStatus", kBuildStatusKeys, out.mocs_by_build_status) &&
           CountsByKey(*s, path, "mocsByCoverageStatus", kCoverageStatusKeys,
                       out.mocs_by_coverage_status);
  }

  bool Theme(const Object& o, const Path& path, ThemeCount& out) {
    return String(o, path, "theme", out.theme) && Count(o, path, "mocCount", out.moc_count) &&
           Count(o, path, "setCount", out.set_count);
  }

  bool Recent(const Object& o, const Path& path, RecentMoc& out) {
    return String(o, path, "id", out.id) && String(o, path, "title", out.title) &&
           String(o, path, "theme", out.theme) &&
           Status(o, path, "buildStatus", out.build_status) &&
           NullableString(o, path, "coverImageUrl", out.cover_image_url) &&
           Checked(o, path, "createdAt", out.created_at, IsRfc3339Utc, msg::kTimestamp);
  }

  bool Partial(const Object& o, const Path& path, PartialPartsMoc& out) {
    return String(o, path, "id", out.id) && String(o, path, "title", out.title) &&
           String(o, path, "theme", out.theme) &&
           Status(o, path, "buildStatus", out.build_status) &&
           Percentage(o, path, "coveragePercentage", out.coverage_percentage) &&
           Checked(o, path, "lastUpdatedAt", out.last_updated_at, IsRfc3339Utc, msg::kTimestamp);
  }

  // An array of objects, each decoded by `item`.
  template <class T>
  bool List(const Object& o, const Path& parent, std::string_view key, std::vector<T>& out,
            bool (SchemaDecoder::*item)(const Object&, const Path&, T&)) {
    const Path path = parent.Field(key);
    const Value* v = Lookup(o, path, key);
    if (v == nullptr) return false;
    const Array* a = A::AsArray(*v);
    if (a == nullptr) return sink_.Fail(path, msg::kArray);
    const std::size_t n = A::Size(*a);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Path item_path = path.Item(i);
      const Object* io = A::AsObject(A::At(*a, i));
      if (io == nullptr) return sink_.Fail(item_path, msg::kObject);
      if (!(this->*item)(*io, item_path, out[i])) return false;
    }
    return true;
  }

  ErrorSink& sink_;
};

// Runs the schema over a parsed root; a null root means the text was not JSON.
template <class A, class T>
Result<T> DecodeRoot(const typename A::Value* root) {
  Result<T> result;
  ErrorSink sink;
  if (root == nullptr) {
    result.error = DecodeError{"", msg::kInvalidJson};
  } else if (!SchemaDecoder<A>(sink).Decode(*root, result.value)) {
    result.error = sink.Take();
  }
  return result;
}

}  // namespace json_choice
