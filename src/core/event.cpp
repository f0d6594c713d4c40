#include "core/event.hpp"

#include <array>

namespace dashboard::core {
namespace {

// Order matches EventType and EventPayload's alternatives.
constexpr std::array<std::string_view, 19> kEventNames{"dashboard:summaryUpdated",
                                                       "dashboard:recentMocAdded",
                                                       "dashboard:partialPartsUpdated",
                                                       "dashboard:themeBreakdownUpdated",
                                                       "dashboard:error",
                                                       "dashboard:recentMocsUpdated",
                                                       "dashboard:mocAdded",
                                                       "dashboard:mocUpdated",
                                                       "dashboard:mocDeleted",
                                                       "dashboard:wishlistItemAdded",
                                                       "dashboard:wishlistItemRemoved",
                                                       "message:new",
                                                       "message:read",
                                                       "notification:message",
                                                       "notification:boardChanged",
                                                       "notification:coverageComplete",
                                                       "notification:announcement",
                                                       "notifications:read",
                                                       "notifications:preferences"};
static_assert(kEventNames.size() == std::variant_size_v<EventPayload>);

}  // namespace

std::string_view to_string(EventType type) {
  return kEventNames.at(static_cast<std::size_t>(type));
}

bool is_entity_event(EventType type) {
  return static_cast<int>(type) >= static_cast<int>(EventType::MocAdded) &&
         static_cast<int>(type) <= static_cast<int>(EventType::WishlistItemRemoved);
}

bool is_messaging_event(EventType type) {
  return static_cast<int>(type) >= static_cast<int>(EventType::MessageNew);
}

std::optional<EventType> event_type_from(std::string_view wire) {
  for (std::size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == wire) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

}  // namespace dashboard::core
