// json_codec: the model and the event envelope to and from JSON, one
// library (RapidJSON, chosen by tests/bench/json_choice) on server and
// client alike.
//
// Decoding validates every rule of the model and returns an Error naming
// the path and the rule; it never throws and ignores unknown members.
// encode_x then decode_x round-trips.
//
//   Result<DashboardView> view = decode_dashboard_view(body);
//   std::string body = encode_dashboard_view(*view);
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "core/event.hpp"
#include "core/json_fields.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace dashboard::core {

Result<DashboardView> decode_dashboard_view(std::string_view json);
std::string encode_dashboard_view(const DashboardView& view);

// A whole envelope {eventId, type, timestamp, seq, commitLastSeq?, payload}.
// commitLastSeq, when present, is at least seq. An unknown
// `type` is an error at path "type" with the message "unknown event type".
Result<DashboardEvent> decode_event(std::string_view json);
Result<DashboardEvent> decode_event(const rapidjson::Value& envelope);
std::string encode_event(const DashboardEvent& event);

// Payloads alone: the server stores them in the outbox and wraps them in an
// envelope when sending (encode_envelope), so a payload is encoded once.
Result<EventPayload> decode_payload(EventType type, const rapidjson::Value& payload,
                                    const JsonPath& path);
std::string encode_payload(const EventPayload& payload);
// commitLastSeq is written only when `commit_last_seq` is past `seq`.
std::string encode_envelope(std::string_view event_id, EventType type, std::string_view timestamp,
                            std::int64_t seq, std::string_view payload_json,
                            std::int64_t commit_last_seq = 0);

// Single objects, for request and response bodies.
bool decode_summary(const rapidjson::Value& v, const JsonPath& path, DashboardSummary& out,
                    Error& error);
bool decode_recent_moc(const rapidjson::Value& v, const JsonPath& path, RecentMoc& out,
                       Error& error);
// A whole MOC {id, title, theme, buildStatus, partsCoverageStatus,
// coveragePercentage, coverImageUrl, createdAt, updatedAt, version}.
bool decode_moc(const rapidjson::Value& v, const JsonPath& path, Moc& out, Error& error);
std::string encode_moc(const Moc& moc);
// {id, name, setNumber, createdAt}.
bool decode_wishlist_item(const rapidjson::Value& v, const JsonPath& path, WishlistItem& out,
                          Error& error);
std::string encode_wishlist_item(const WishlistItem& item);

}  // namespace dashboard::core
