// messaging_json: the JSON of messages, conversations, notifications and
// preferences, written once for both the API's answers and the outbox
// events' payloads (so a live event and a re-read agree field for field).
//
//   message        {id, seq, from, to, text, clientId, createdAt}
//   conversation   {with, lastMessage: message, unread}
//   notification   {id, kind, text, link, actor, createdAt, read}
//   preferences    {message: {toast, sound, browser}, boardChanged: ..., ...}
#pragma once

#include <string>

#include "core/json_fields.hpp"
#include "core/result.hpp"
#include "store/messaging.hpp"

namespace dashboard::server::store {

std::string encode_message(const Message& message);
std::string encode_conversations(const ConversationList& list);
std::string encode_message_page(const MessagePage& page);
std::string encode_notification(const Notification& notification);
std::string encode_notification_page(const NotificationPage& page);
std::string encode_preferences(const NotificationPreferences& preferences);

// Event payloads, from the point of view of the user whose stream gets them.
// message:new {message, with, unread, unreadTotal}
std::string message_new_payload(const Message& message, const std::string& with,
                                std::int64_t unread, std::int64_t unread_total);
// message:read {with, readThrough, unreadTotal}
std::string message_read_payload(const ReadState& state);
// notification:<kind> {notification, unread}
std::string notification_payload(const Notification& notification, std::int64_t unread);
// notifications:read {ids, through, messagesFrom?, messagesThrough?, unread}
std::string notifications_read_payload(const NotificationsReadState& state);
// notifications:preferences {preferences}
std::string preferences_payload(const NotificationPreferences& preferences);

// A PUT body: every kind present is replaced; an unknown kind or a
// non-boolean flag is an error naming it ("preferences.boardChanged.sound").
core::Result<NotificationPreferences> decode_preferences(std::string_view json,
                                                         NotificationPreferences base);

}  // namespace dashboard::server::store
