// messaging: direct messages between two users, and each user's
// notifications (a message, a change to a board shared with them, a MOC
// reaching full parts coverage, an operator's announcement) with per-kind
// preferences.
//
// Every write puts its rows and the events that tell about them into the
// outbox of each user concerned, in the same transaction, under that user's
// one seq: message:new (both participants), message:read (the reader's
// tabs), notification:<kind>, notifications:read, notifications:preferences.
// So they are delivered live, resumed after a reconnect and repaired by seq
// like every dashboard event.
//
//   MessagingStore& m = sql_store;
//   auto sent = m.send_message(alice, "bob", "Shall we build it?", "client-1");
//   auto page = m.conversation_messages(bob_id, "alice", std::nullopt, 50);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace dashboard::server::store {

// The longest message, in Unicode code points.
inline constexpr std::size_t kMaxMessageLength = 2000;
// The longest announcement, in Unicode code points.
inline constexpr std::size_t kMaxAnnouncementLength = 500;

struct Message {
  std::string id;
  std::int64_t seq = 0;  // its place in the conversation, from 1
  std::string from;      // usernames
  std::string to;
  std::string text;
  std::string client_id;  // the sender's optimistic id, echoed so its tab confirms it
  std::string created_at;
};

// One conversation as one participant sees it.
struct Conversation {
  std::string with;  // the other user
  Message last;
  std::int64_t unread = 0;  // messages to this user after the last read
};

struct ConversationList {
  std::vector<Conversation> items;  // newest last message first
  std::int64_t unread_total = 0;
};

// A page of one conversation, oldest first (newest last).
struct MessagePage {
  std::vector<Message> items;
  std::optional<std::int64_t> older;  // pass as `before` for the page above; nullopt at the start
  std::int64_t unread = 0;            // in this conversation, for the caller
};

struct ReadState {
  std::string with;
  std::int64_t read_through = 0;  // conversation seq
  std::int64_t unread_total = 0;  // the caller's unread messages in every conversation
};

enum class NotificationKind { Message, BoardChanged, CoverageComplete, Announcement };
inline constexpr std::array<NotificationKind, 4> kNotificationKinds{
    NotificationKind::Message, NotificationKind::BoardChanged, NotificationKind::CoverageComplete,
    NotificationKind::Announcement};
std::string_view to_string(NotificationKind kind);  // "message", "boardChanged", ...
std::optional<NotificationKind> parse_notification_kind(std::string_view text);

struct Notification {
  std::int64_t id = 0;  // increasing: newer notifications have larger ids
  NotificationKind kind = NotificationKind::Message;
  std::string text;
  std::string link;   // the route it opens: /messages/alice, /board/alice, /mocs/<id>, ""
  std::string actor;  // who caused it ("" for announcements and coverage)
  std::string created_at;
  bool read = false;
};

struct NotificationPage {
  std::vector<Notification> items;    // newest first
  std::optional<std::int64_t> older;  // pass as `before` for the next page
  std::int64_t unread = 0;            // the user's unread notifications, every page
};

// What a mark-read changed, for the answer and the other tabs.
struct NotificationsReadState {
  std::vector<std::int64_t> ids;  // marked by id (one)
  std::int64_t through = 0;       // or every notification up to this id (all)
  // or, when a conversation was read, every message notification from this
  // person up to messages_through: a bound, not a list, so reading a thread
  // of 100,000 unread messages is one small event.
  std::string messages_from;
  std::int64_t messages_through = 0;
  std::int64_t unread = 0;
};

struct KindPreference {
  bool toast = true;
  bool sound = false;
  bool browser = false;
  bool operator==(const KindPreference&) const = default;
};

// One entry per kind, in kNotificationKinds order.
struct NotificationPreferences {
  std::array<KindPreference, kNotificationKinds.size()> kinds{};
  KindPreference& operator[](NotificationKind k) { return kinds.at(static_cast<std::size_t>(k)); }
  const KindPreference& operator[](NotificationKind k) const {
    return kinds.at(static_cast<std::size_t>(k));
  }
  bool operator==(const NotificationPreferences&) const = default;
};

class MessagingStore {
 public:
  virtual ~MessagingStore() = default;

  virtual StoreResult<ConversationList> list_conversations(UserId user) = 0;
  // The conversation between `user` and `other`: the `limit` messages
  // before conversation seq `before` (the newest when nullopt). NotFound
  // names an unknown user.
  virtual StoreResult<MessagePage> conversation_messages(UserId user, const std::string& other,
                                                         std::optional<std::int64_t> before,
                                                         int limit) = 0;
  // Sends `text` (already validated) to `to`: message:new into both
  // participants' streams and a message notification to the recipient.
  // NotFound names an unknown user; Conflict is a message to oneself.
  virtual StoreResult<Message> send_message(const Actor& from, const std::string& to,
                                            const std::string& text,
                                            const std::string& client_id) = 0;
  // Everything `other` sent to `user` so far is read: message:read into the
  // reader's stream (every tab of theirs clears its badge).
  virtual StoreResult<ReadState> mark_conversation_read(UserId user, const std::string& other) = 0;

  virtual StoreResult<NotificationPage> list_notifications(UserId user,
                                                           std::optional<std::int64_t> before,
                                                           int limit) = 0;
  // One notification (`id`) or all up to `through`. NotFound for an id that
  // is not the user's.
  virtual StoreResult<NotificationsReadState> mark_notifications_read(
      UserId user, std::optional<std::int64_t> id, std::optional<std::int64_t> through) = 0;
  virtual StoreResult<NotificationPreferences> notification_preferences(UserId user) = 0;
  virtual StoreResult<NotificationPreferences> set_notification_preferences(
      UserId user, const NotificationPreferences& preferences) = 0;
  // An announcement to every user (one transaction per user); returns how
  // many were notified.
  virtual StoreResult<std::int64_t> announce(const std::string& text) = 0;
};

// Unicode code points in valid UTF-8 `text`; nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

}  // namespace dashboard::server::store
