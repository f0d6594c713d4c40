// stream_step: one event the sync engine applied, as the collection pages
// need to follow the stream: entity events whole, slice events by seq and
// type only (their payload is the dashboard's business).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/event.hpp"

namespace dashboard::core::client {

struct StreamStep {
  std::int64_t seq = 0;
  EventType type = EventType::SummaryUpdated;
  std::optional<DashboardEvent> entity;  // set for entity events
  // The envelope's: one commit's events share it (data_updated.hpp tells
  // commits apart by it).
  std::string timestamp;

  bool operator==(const StreamStep&) const = default;
};

}  // namespace dashboard::core::client
