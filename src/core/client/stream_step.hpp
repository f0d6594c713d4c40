// stream_step: one event the sync engine applied, as the collection pages
// need to follow the stream: entity events whole, slice events by seq and
// type only (their payload is the dashboard's business).
#pragma once

#include <cstdint>
#include <optional>

#include "core/event.hpp"

namespace dashboard::core::client {

struct StreamStep {
  std::int64_t seq = 0;
  EventType type = EventType::SummaryUpdated;
  std::optional<DashboardEvent> entity;  // set for entity events

  bool operator==(const StreamStep&) const = default;
};

}  // namespace dashboard::core::client
