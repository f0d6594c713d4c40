// event: the live event envelope {eventId, type, timestamp, seq, payload}
// and the payload each dashboard event type carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/model.hpp"

namespace dashboard::core {

enum class EventType {
  SummaryUpdated,         // payload: DashboardSummary (replaces)
  RecentMocAdded,         // payload: RecentMoc (prepended)
  PartialPartsUpdated,    // payload: PartialPartsMoc[] (replaces)
  ThemeBreakdownUpdated,  // payload: ThemeStats[] (replaces)
  Error,                  // payload: ErrorPayload (shown as a toast)
  RecentMocsUpdated,      // payload: RecentMoc[] (replaces; an entry changed or was removed)
};

// "dashboard:summaryUpdated", ...
std::string_view to_string(EventType type);
std::optional<EventType> event_type_from(std::string_view wire);

struct ErrorPayload {
  std::string code;
  std::string message;

  bool operator==(const ErrorPayload&) const = default;
};

// Alternatives in EventType order: the type follows from the index.
using EventPayload = std::variant<DashboardSummary, RecentMoc, std::vector<PartialPartsMoc>,
                                  std::vector<ThemeStats>, ErrorPayload, std::vector<RecentMoc>>;

struct DashboardEvent {
  std::string event_id;   // UUID v4
  std::string timestamp;  // RFC 3339 UTC
  std::int64_t seq = 0;   // strictly increasing per user
  EventPayload payload;

  // The type follows from the payload's alternative.
  EventType type() const { return static_cast<EventType>(payload.index()); }

  bool operator==(const DashboardEvent&) const = default;
};

}  // namespace dashboard::core
