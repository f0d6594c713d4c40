// notification_rows: writing one notification inside a transaction, for
// every writer that causes one (a message, a MOC reaching full coverage,
// a board change, an announcement).
#pragma once

#include <string>

#include "core/event.hpp"
#include "store/messaging.hpp"
#include "store/sql/sql.hpp"

namespace dashboard::server::store {

struct NewNotification {
  NotificationKind kind = NotificationKind::Message;
  std::string text;
  std::string link;
  std::string actor;
};

// Inserts `n` for `user` (whose stream row the caller holds locked) and
// returns the notification:<kind> payload to append to that user's stream.
core::EventPayload add_notification(sql::Session& s, UserId user, const NewNotification& n,
                                    const std::string& now);

// The user's unread notifications: a count kept on the user's row, which
// add_notification raises and count_notifications_read lowers by the rows
// a statement marked read.
std::int64_t unread_notifications(sql::Session& s, UserId user);
void count_notifications_read(sql::Session& s, UserId user, std::int64_t read);

// True when `moc` has every part: the whole inventory, or 100 %.
bool fully_covered(const core::Moc& moc);

// "abc…" cut to at most `max` code points of valid UTF-8 `text`.
std::string preview(const std::string& text, std::size_t max);

}  // namespace dashboard::server::store
