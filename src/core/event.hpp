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
  // Entity events: the collection pages' stream. They ride the same seq as
  // the slice events above (a commit emits its entity event first, then the
  // slices it moved) and change no dashboard slice.
  MocAdded,             // payload: MocAdded (the whole MOC)
  MocUpdated,           // payload: MocUpdated (the whole MOC, new version)
  MocDeleted,           // payload: MocDeleted (its id)
  WishlistItemAdded,    // payload: WishlistItemAdded (the whole item)
  WishlistItemRemoved,  // payload: WishlistItemRemoved (its id)
  // Messages and notifications: the user's own stream too (same seq, so
  // they are delivered live, resumed and repaired like every other event),
  // and no dashboard slice moves. Payloads are JSON objects (see below).
  MessageNew,                    // a message to or from the user
  MessageRead,                   // a conversation read (in any tab of the user)
  NotificationMessage,           // notification:message
  NotificationBoardChanged,      // notification:boardChanged
  NotificationCoverageComplete,  // notification:coverageComplete
  NotificationAnnouncement,      // notification:announcement
  NotificationsRead,             // notifications marked read (one, or all up to one)
  NotificationPreferences,       // the preferences changed (any tab, any device)
};

// "dashboard:summaryUpdated", ...
std::string_view to_string(EventType type);
std::optional<EventType> event_type_from(std::string_view wire);

struct ErrorPayload {
  std::string code;
  std::string message;

  bool operator==(const ErrorPayload&) const = default;
};

// Entity payloads. Each event type has a type of its own, so a payload's
// alternative always says which event it is. On the wire an added or
// updated entity is the entity's JSON itself; a removal is {"id": ...}.
struct MocAdded {
  Moc moc;
  bool operator==(const MocAdded&) const = default;
};
struct MocUpdated {
  Moc moc;
  bool operator==(const MocUpdated&) const = default;
};
struct MocDeleted {
  std::string id;
  bool operator==(const MocDeleted&) const = default;
};
struct WishlistItemAdded {
  WishlistItem item;
  bool operator==(const WishlistItemAdded&) const = default;
};
struct WishlistItemRemoved {
  std::string id;
  bool operator==(const WishlistItemRemoved&) const = default;
};

// A messaging event's payload: a JSON object, kept as its text. The server
// writes it once (store/messaging_json) and the messaging pages read the
// fields they show; the stream only checks that it is an object. One type
// per event type, so the variant's index still names the event.
template <EventType Type>
struct ObjectPayload {
  std::string json;
  bool operator==(const ObjectPayload&) const = default;
};
using MessageNew = ObjectPayload<EventType::MessageNew>;
using MessageRead = ObjectPayload<EventType::MessageRead>;
using NotificationMessage = ObjectPayload<EventType::NotificationMessage>;
using NotificationBoardChanged = ObjectPayload<EventType::NotificationBoardChanged>;
using NotificationCoverageComplete = ObjectPayload<EventType::NotificationCoverageComplete>;
using NotificationAnnouncement = ObjectPayload<EventType::NotificationAnnouncement>;
using NotificationsRead = ObjectPayload<EventType::NotificationsRead>;
using NotificationPreferences = ObjectPayload<EventType::NotificationPreferences>;

// Alternatives in EventType order: the type follows from the index.
using EventPayload =
    std::variant<DashboardSummary, RecentMoc, std::vector<PartialPartsMoc>, std::vector<ThemeStats>,
                 ErrorPayload, std::vector<RecentMoc>, MocAdded, MocUpdated, MocDeleted,
                 WishlistItemAdded, WishlistItemRemoved, MessageNew, MessageRead,
                 NotificationMessage, NotificationBoardChanged, NotificationCoverageComplete,
                 NotificationAnnouncement, NotificationsRead, NotificationPreferences>;

// True for the entity event types (MocAdded .. WishlistItemRemoved).
bool is_entity_event(EventType type);
// True for the messaging event types (MessageNew .. NotificationPreferences).
bool is_messaging_event(EventType type);

struct DashboardEvent {
  std::string event_id;   // UUID v4
  std::string timestamp;  // RFC 3339 UTC
  std::int64_t seq = 0;   // strictly increasing per user
  EventPayload payload;
  // The seq of the last event the same commit wrote, when it wrote more
  // than one (a MOC added moves its entity event and up to four slices):
  // a client applies a commit whole, never shows half of it. 0: this event
  // is a commit of its own (or came from a server that does not say).
  std::int64_t commit_last_seq = 0;

  // The type follows from the payload's alternative.
  EventType type() const { return static_cast<EventType>(payload.index()); }

  bool operator==(const DashboardEvent&) const = default;
};

}  // namespace dashboard::core
