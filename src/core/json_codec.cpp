// [SECTION] Decoding: objects, lists, the view, payloads, the envelope
// [SECTION] Encoding: one Writer per document, payloads embeddable raw
#include "core/json_codec.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/uuid.hpp"

namespace dashboard::core {
namespace {

using rapidjson::Value;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// [SECTION] Decoding

bool decode_status_counts(const Value& object, std::string_view key, const JsonPath& path,
                          std::array<std::int64_t, 3>& out, bool build, Error& error) {
  const Value* counts = find_member(object, key);
  const JsonPath here = path.field(key);
  if (counts == nullptr) return fail(error, here, "is required");
  if (!expect_object(*counts, here, error)) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string_view name =
        build ? to_string(kBuildStatuses[i]) : to_string(kCoverageStatuses[i]);
    if (!read_count(*counts, name, here, out[i], error)) return false;
  }
  return true;
}

bool decode_theme_stats(const Value& v, const JsonPath& path, ThemeStats& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "theme", path, out.theme, error) &&
         read_count(v, "mocCount", path, out.moc_count, error) &&
         read_count(v, "setCount", path, out.set_count, error);
}

bool decode_partial_parts_moc(const Value& v, const JsonPath& path, PartialPartsMoc& out,
                              Error& error) {
  return expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
         read_string(v, "title", path, out.title, error) &&
         read_string(v, "theme", path, out.theme, error) &&
         read_build_status(v, "buildStatus", path, out.build_status, error) &&
         read_percentage(v, "coveragePercentage", path, out.coverage_percentage, error) &&
         read_timestamp(v, "lastUpdatedAt", path, out.last_updated_at, error);
}

template <typename T, typename DecodeItem>
bool decode_list(const Value& v, const JsonPath& path, std::vector<T>& out, DecodeItem decode_item,
                 Error& error) {
  if (!expect_array(v, path, error)) return false;
  out.clear();
  out.resize(v.Size());
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    if (!decode_item(v[i], path.at(i), out[i], error)) return false;
  }
  return true;
}

template <typename T, typename DecodeItem>
bool decode_list_member(const Value& object, std::string_view key, const JsonPath& path,
                        std::vector<T>& out, DecodeItem decode_item, Error& error) {
  const Value* list = find_member(object, key);
  if (list == nullptr) return fail(error, path.field(key), "is required");
  return decode_list(*list, path.field(key), out, decode_item, error);
}

// {"id": "..."}: what a removal carries.
bool decode_entity_id(const Value& v, const JsonPath& path, std::string& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "id", path, out, error);
}

bool decode_error_payload(const Value& v, const JsonPath& path, ErrorPayload& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "code", path, out.code, error) &&
         read_string(v, "message", path, out.message, error);
}

// [SECTION] Encoding

void write_key(JsonWriter& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void write_string(JsonWriter& w, std::string_view key, std::string_view value) {
  write_key(w, key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_nullable_string(JsonWriter& w, std::string_view key,
                           const std::optional<std::string>& value) {
  write_key(w, key);
  if (value) {
    w.String(value->data(), static_cast<rapidjson::SizeType>(value->size()));
  } else {
    w.Null();
  }
}

void write_summary(JsonWriter& w, const DashboardSummary& s) {
  w.StartObject();
  write_key(w, "totalMocs");
  w.Int64(s.total_mocs);
  write_key(w, "totalWishlistItems");
  w.Int64(s.total_wishlist_items);
  write_key(w, "mocsByBuildStatus");
  w.StartObject();
  for (std::size_t i = 0; i < kBuildStatuses.size(); ++i) {
    write_key(w, to_string(kBuildStatuses[i]));
    w.Int64(s.mocs_by_build_status[i]);
  }
  w.EndObject();
  write_key(w, "mocsByCoverageStatus");
  w.StartObject();
  for (std::size_t i = 0; i < kCoverageStatuses.size(); ++i) {
    write_key(w, to_string(kCoverageStatuses[i]));
    w.Int64(s.mocs_by_coverage_status[i]);
  }
  w.EndObject();
  w.EndObject();
}

void write_theme_breakdown(JsonWriter& w, const std::vector<ThemeStats>& themes) {
  w.StartArray();
  for (const ThemeStats& t : themes) {
    w.StartObject();
    write_string(w, "theme", t.theme);
    write_key(w, "mocCount");
    w.Int64(t.moc_count);
    write_key(w, "setCount");
    w.Int64(t.set_count);
    w.EndObject();
  }
  w.EndArray();
}

void write_recent_moc(JsonWriter& w, const RecentMoc& m) {
  w.StartObject();
  write_string(w, "id", m.id);
  write_string(w, "title", m.title);
  write_string(w, "theme", m.theme);
  write_string(w, "buildStatus", to_string(m.build_status));
  write_nullable_string(w, "coverImageUrl", m.cover_image_url);
  write_string(w, "createdAt", m.created_at);
  w.EndObject();
}

void write_moc(JsonWriter& w, const Moc& m) {
  w.StartObject();
  write_string(w, "id", m.id);
  write_string(w, "title", m.title);
  write_string(w, "theme", m.theme);
  write_string(w, "buildStatus", to_string(m.build_status));
  write_string(w, "partsCoverageStatus", to_string(m.parts_coverage_status));
  write_key(w, "coveragePercentage");
  w.Double(m.coverage_percentage);
  write_nullable_string(w, "coverImageUrl", m.cover_image_url);
  write_string(w, "createdAt", m.created_at);
  write_string(w, "updatedAt", m.updated_at);
  write_key(w, "version");
  w.Int64(m.version);
  write_string(w, "boardRank", m.board_rank);
  w.EndObject();
}

void write_wishlist_item(JsonWriter& w, const WishlistItem& item) {
  w.StartObject();
  write_string(w, "id", item.id);
  write_string(w, "name", item.name);
  write_nullable_string(w, "setNumber", item.set_number);
  write_string(w, "createdAt", item.created_at);
  w.EndObject();
}

void write_entity_id(JsonWriter& w, std::string_view id) {
  w.StartObject();
  write_string(w, "id", id);
  w.EndObject();
}

void write_partial_parts(JsonWriter& w, const std::vector<PartialPartsMoc>& mocs) {
  w.StartArray();
  for (const PartialPartsMoc& m : mocs) {
    w.StartObject();
    write_string(w, "id", m.id);
    write_string(w, "title", m.title);
    write_string(w, "theme", m.theme);
    write_string(w, "buildStatus", to_string(m.build_status));
    write_key(w, "coveragePercentage");
    w.Double(m.coverage_percentage);
    write_string(w, "lastUpdatedAt", m.last_updated_at);
    w.EndObject();
  }
  w.EndArray();
}

// Writes each payload alternative (a namespace-scope class: local classes
// cannot have the member template the messaging payloads need).
struct PayloadWriter {
  JsonWriter& w;
  void operator()(const DashboardSummary& s) const { write_summary(w, s); }
  void operator()(const RecentMoc& m) const { write_recent_moc(w, m); }
  void operator()(const std::vector<PartialPartsMoc>& p) const { write_partial_parts(w, p); }
  void operator()(const std::vector<ThemeStats>& t) const { write_theme_breakdown(w, t); }
  void operator()(const std::vector<RecentMoc>& list) const {
    w.StartArray();
    for (const RecentMoc& m : list) write_recent_moc(w, m);
    w.EndArray();
  }
  void operator()(const ErrorPayload& e) const {
    w.StartObject();
    write_string(w, "code", e.code);
    write_string(w, "message", e.message);
    w.EndObject();
  }
  void operator()(const MocAdded& e) const { write_moc(w, e.moc); }
  void operator()(const MocUpdated& e) const { write_moc(w, e.moc); }
  void operator()(const MocDeleted& e) const { write_entity_id(w, e.id); }
  void operator()(const WishlistItemAdded& e) const { write_wishlist_item(w, e.item); }
  void operator()(const WishlistItemRemoved& e) const { write_entity_id(w, e.id); }
  template <EventType Type>
  void operator()(const ObjectPayload<Type>& e) const {
    w.RawValue(e.json.data(), e.json.size(), rapidjson::kObjectType);
  }
};

void write_payload(JsonWriter& w, const EventPayload& payload) {
  std::visit(PayloadWriter{w}, payload);
}

}  // namespace

bool decode_summary(const Value& v, const JsonPath& path, DashboardSummary& out, Error& error) {
  return expect_object(v, path, error) && read_count(v, "totalMocs", path, out.total_mocs, error) &&
         read_count(v, "totalWishlistItems", path, out.total_wishlist_items, error) &&
         decode_status_counts(v, "mocsByBuildStatus", path, out.mocs_by_build_status, true,
                              error) &&
         decode_status_counts(v, "mocsByCoverageStatus", path, out.mocs_by_coverage_status, false,
                              error);
}

bool decode_moc(const Value& v, const JsonPath& path, Moc& out, Error& error) {
  if (!(expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
        read_string(v, "title", path, out.title, error) &&
        read_string(v, "theme", path, out.theme, error) &&
        read_build_status(v, "buildStatus", path, out.build_status, error) &&
        read_coverage_status(v, "partsCoverageStatus", path, out.parts_coverage_status, error) &&
        read_percentage(v, "coveragePercentage", path, out.coverage_percentage, error) &&
        read_nullable_string(v, "coverImageUrl", path, out.cover_image_url, error) &&
        read_timestamp(v, "createdAt", path, out.created_at, error) &&
        read_timestamp(v, "updatedAt", path, out.updated_at, error) &&
        read_count(v, "version", path, out.version, error))) {
    return false;
  }
  if (out.version < 1) return fail(error, path.field("version"), "must be an integer >= 1");
  // Optional: events stored before the board existed carry none.
  out.board_rank.clear();
  if (const Value* rank = find_member(v, "boardRank"); rank != nullptr) {
    if (!rank->IsString()) return fail(error, path.field("boardRank"), "must be a string");
    out.board_rank.assign(rank->GetString(), rank->GetStringLength());
  }
  return true;
}

bool decode_wishlist_item(const Value& v, const JsonPath& path, WishlistItem& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
         read_string(v, "name", path, out.name, error) &&
         read_nullable_string(v, "setNumber", path, out.set_number, error) &&
         read_timestamp(v, "createdAt", path, out.created_at, error);
}

std::string encode_moc(const Moc& moc) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write_moc(w, moc);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string encode_wishlist_item(const WishlistItem& item) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write_wishlist_item(w, item);
  return {buffer.GetString(), buffer.GetSize()};
}

bool decode_recent_moc(const Value& v, const JsonPath& path, RecentMoc& out, Error& error) {
  return expect_object(v, path, error) && read_string(v, "id", path, out.id, error) &&
         read_string(v, "title", path, out.title, error) &&
         read_string(v, "theme", path, out.theme, error) &&
         read_build_status(v, "buildStatus", path, out.build_status, error) &&
         read_nullable_string(v, "coverImageUrl", path, out.cover_image_url, error) &&
         read_timestamp(v, "createdAt", path, out.created_at, error);
}

Result<DashboardView> decode_dashboard_view(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  DashboardView view;
  const JsonPath root;
  const bool ok =
      parse_json(json, doc, error) && expect_object(doc, root, error) &&
      read_count(doc, "version", root, view.version, error) &&
      [&] {
        const Value* summary = find_member(doc, "summary");
        if (summary == nullptr) return fail(error, root.field("summary"), "is required");
        return decode_summary(*summary, root.field("summary"), view.summary, error);
      }() &&
      decode_list_member(doc, "themeBreakdown", root, view.theme_breakdown, decode_theme_stats,
                         error) &&
      decode_list_member(doc, "recentMocs", root, view.recent_mocs, decode_recent_moc, error) &&
      decode_list_member(doc, "partialPartsMocs", root, view.partial_parts_mocs,
                         decode_partial_parts_moc, error);
  if (!ok) return error;
  return view;
}

namespace {

// A messaging payload: any object, kept as compact JSON text.
template <EventType Type>
Result<EventPayload> decode_object_payload(const Value& payload, const JsonPath& path) {
  Error error;
  if (!expect_object(payload, path, error)) return error;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  payload.Accept(w);
  return EventPayload{ObjectPayload<Type>{std::string(buffer.GetString(), buffer.GetSize())}};
}

}  // namespace

Result<EventPayload> decode_payload(EventType type, const Value& payload, const JsonPath& path) {
  Error error;
  switch (type) {
    case EventType::MessageNew:
      return decode_object_payload<EventType::MessageNew>(payload, path);
    case EventType::MessageRead:
      return decode_object_payload<EventType::MessageRead>(payload, path);
    case EventType::NotificationMessage:
      return decode_object_payload<EventType::NotificationMessage>(payload, path);
    case EventType::NotificationBoardChanged:
      return decode_object_payload<EventType::NotificationBoardChanged>(payload, path);
    case EventType::NotificationCoverageComplete:
      return decode_object_payload<EventType::NotificationCoverageComplete>(payload, path);
    case EventType::NotificationAnnouncement:
      return decode_object_payload<EventType::NotificationAnnouncement>(payload, path);
    case EventType::NotificationsRead:
      return decode_object_payload<EventType::NotificationsRead>(payload, path);
    case EventType::NotificationPreferences:
      return decode_object_payload<EventType::NotificationPreferences>(payload, path);
    case EventType::SummaryUpdated: {
      DashboardSummary s;
      if (decode_summary(payload, path, s, error)) return EventPayload{s};
      break;
    }
    case EventType::RecentMocAdded: {
      RecentMoc m;
      if (decode_recent_moc(payload, path, m, error)) return EventPayload{std::move(m)};
      break;
    }
    case EventType::PartialPartsUpdated: {
      std::vector<PartialPartsMoc> list;
      if (decode_list(payload, path, list, decode_partial_parts_moc, error)) {
        return EventPayload{std::move(list)};
      }
      break;
    }
    case EventType::ThemeBreakdownUpdated: {
      std::vector<ThemeStats> list;
      if (decode_list(payload, path, list, decode_theme_stats, error)) {
        return EventPayload{std::move(list)};
      }
      break;
    }
    case EventType::RecentMocsUpdated: {
      std::vector<RecentMoc> list;
      if (decode_list(payload, path, list, decode_recent_moc, error)) {
        return EventPayload{std::move(list)};
      }
      break;
    }
    case EventType::Error: {
      ErrorPayload e;
      if (decode_error_payload(payload, path, e, error)) return EventPayload{std::move(e)};
      break;
    }
    case EventType::MocAdded: {
      MocAdded e;
      if (decode_moc(payload, path, e.moc, error)) return EventPayload{std::move(e)};
      break;
    }
    case EventType::MocUpdated: {
      MocUpdated e;
      if (decode_moc(payload, path, e.moc, error)) return EventPayload{std::move(e)};
      break;
    }
    case EventType::MocDeleted: {
      MocDeleted e;
      if (decode_entity_id(payload, path, e.id, error)) return EventPayload{std::move(e)};
      break;
    }
    case EventType::WishlistItemAdded: {
      WishlistItemAdded e;
      if (decode_wishlist_item(payload, path, e.item, error)) return EventPayload{std::move(e)};
      break;
    }
    case EventType::WishlistItemRemoved: {
      WishlistItemRemoved e;
      if (decode_entity_id(payload, path, e.id, error)) return EventPayload{std::move(e)};
      break;
    }
  }
  return error;
}

Result<DashboardEvent> decode_event(const Value& envelope) {
  const JsonPath root;
  Error error;
  DashboardEvent event;
  std::string type_name;
  if (!expect_object(envelope, root, error) ||
      !read_string(envelope, "eventId", root, event.event_id, error) ||
      !read_string(envelope, "type", root, type_name, error) ||
      !read_timestamp(envelope, "timestamp", root, event.timestamp, error) ||
      !read_count(envelope, "seq", root, event.seq, error)) {
    return error;
  }
  if (!is_uuid_v4(event.event_id)) return Error{"eventId", "not a UUID v4"};
  if (find_member(envelope, "commitLastSeq") != nullptr) {
    if (!read_count(envelope, "commitLastSeq", root, event.commit_last_seq, error)) return error;
    if (event.commit_last_seq < event.seq) return Error{"commitLastSeq", "is less than seq"};
    // Its own last event: the same as not saying (and encoded so).
    if (event.commit_last_seq == event.seq) event.commit_last_seq = 0;
  }
  const std::optional<EventType> type = event_type_from(type_name);
  if (!type) return Error{"type", "unknown event type"};
  const Value* payload = find_member(envelope, "payload");
  if (payload == nullptr) return Error{"payload", "is required"};
  Result<EventPayload> decoded = decode_payload(*type, *payload, root.field("payload"));
  if (!decoded) return decoded.error();
  event.payload = std::move(decoded).value();
  return event;
}

Result<DashboardEvent> decode_event(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  if (!parse_json(json, doc, error)) return error;
  return decode_event(doc);
}

std::string encode_dashboard_view(const DashboardView& view) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_key(w, "version");
  w.Int64(view.version);
  write_key(w, "summary");
  write_summary(w, view.summary);
  write_key(w, "themeBreakdown");
  write_theme_breakdown(w, view.theme_breakdown);
  write_key(w, "recentMocs");
  w.StartArray();
  for (const RecentMoc& m : view.recent_mocs) write_recent_moc(w, m);
  w.EndArray();
  write_key(w, "partialPartsMocs");
  write_partial_parts(w, view.partial_parts_mocs);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string encode_payload(const EventPayload& payload) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write_payload(w, payload);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string encode_envelope(std::string_view event_id, EventType type, std::string_view timestamp,
                            std::int64_t seq, std::string_view payload_json,
                            std::int64_t commit_last_seq) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_string(w, "eventId", event_id);
  write_string(w, "type", to_string(type));
  write_string(w, "timestamp", timestamp);
  write_key(w, "seq");
  w.Int64(seq);
  if (commit_last_seq > seq) {
    write_key(w, "commitLastSeq");
    w.Int64(commit_last_seq);
  }
  write_key(w, "payload");
  w.RawValue(payload_json.data(), payload_json.size(), rapidjson::kObjectType);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string encode_event(const DashboardEvent& event) {
  return encode_envelope(event.event_id, event.type(), event.timestamp, event.seq,
                         encode_payload(event.payload), event.commit_last_seq);
}

}  // namespace dashboard::core
