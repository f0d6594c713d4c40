// Notifications: the list, marking read, per-kind preferences,
// announcements, and the board-change notices to the people a board is
// shared with. Each write appends its event to the user's own stream, so
// every tab (and device) of theirs follows.
#include "store/messaging_json.hpp"
#include "store/notification_rows.hpp"
#include "store/outbox.hpp"
#include "store/sql_store.hpp"
#include "store/topics.hpp"

namespace dashboard::server::store {
namespace {

struct Refused {};

NotificationPreferences read_preferences(sql::Session& s, UserId user) {
  NotificationPreferences prefs;
  auto rows =
      s.query("SELECT kind, toast, sound, browser FROM notification_preferences WHERE user_id = $1",
              {user});
  while (rows->next()) {
    if (const auto kind = parse_notification_kind(rows->text(0))) {
      prefs[*kind] = {rows->int64(1) != 0, rows->int64(2) != 0, rows->int64(3) != 0};
    }
  }
  return prefs;
}

const char* change_verb(std::string_view topic_kind) {
  if (topic_kind == kTopicAdded) return "added";
  if (topic_kind == kTopicDeleted) return "removed";
  if (topic_kind == kTopicStatusChanged) return "moved";
  return "changed";
}

}  // namespace

StoreResult<NotificationPage> SqlStore::list_notifications(UserId user,
                                                           std::optional<std::int64_t> before,
                                                           int limit) {
  return read<NotificationPage>([&](sql::Session& s) -> StoreResult<NotificationPage> {
    auto rows = s.query(
        "SELECT id, kind, body, link, actor, created_at, read_at FROM notifications "
        "WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        {user, before.value_or(INT64_MAX), limit + 1});
    NotificationPage page;
    while (rows->next()) {
      page.items.push_back(
          {rows->int64(0),
           parse_notification_kind(rows->text(1)).value_or(NotificationKind::Message),
           rows->text(2), rows->text(3), rows->text(4), rows->text(5), !rows->is_null(6)});
    }
    if (page.items.size() > static_cast<std::size_t>(limit)) {
      page.items.pop_back();
      page.older = page.items.back().id;
    }
    page.unread = unread_notifications(s, user);
    return page;
  });
}

StoreResult<NotificationsReadState> SqlStore::mark_notifications_read(
    UserId user, std::optional<std::int64_t> id, std::optional<std::int64_t> through) {
  std::optional<StoreError> refused;
  NotificationsReadState state;
  std::optional<std::int64_t> wake;
  try {
    db_->write([&](sql::Session& s) {
      state = {};
      wake.reset();
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      if (!last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Refused{};
      }
      const std::string now = next_mutation_time();
      std::int64_t changed = 0;
      if (id) {
        if (s.scalar("SELECT COUNT(*) FROM notifications WHERE id = $1 AND user_id = $2",
                     {*id, user}) == 0) {
          refused = StoreError{StoreError::Kind::NotFound,
                               "notification " + std::to_string(*id) + " does not exist",
                               {}};
          throw Refused{};
        }
        changed = s.exec("UPDATE notifications SET read_at = $2 WHERE id = $1 AND read_at IS NULL",
                         {*id, now});
        state.ids.push_back(*id);
      } else {
        state.through = through.value_or(INT64_MAX);
        changed = s.exec(
            "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id <= $2 "
            "AND read_at IS NULL",
            {user, state.through, now});
      }
      count_notifications_read(s, user, changed);
      state.unread = unread_notifications(s, user);
      if (changed == 0) return;
      wake = append_events(
          s, user, *last, {core::NotificationsRead{notifications_read_payload(state)}}, now, *ids_);
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (wake && listener_) listener_(user, *wake);
  return state;
}

StoreResult<NotificationPreferences> SqlStore::notification_preferences(UserId user) {
  return read<NotificationPreferences>(
      [&](sql::Session& s) -> StoreResult<NotificationPreferences> {
        return read_preferences(s, user);
      });
}

StoreResult<NotificationPreferences> SqlStore::set_notification_preferences(
    UserId user, const NotificationPreferences& preferences) {
  std::optional<StoreError> refused;
  std::int64_t wake = 0;
  try {
    db_->write([&](sql::Session& s) {
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      if (!last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Refused{};
      }
      for (NotificationKind kind : kNotificationKinds) {
        const KindPreference& p = preferences[kind];
        s.exec(R"sql(
          INSERT INTO notification_preferences (user_id, kind, toast, sound, browser)
          VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (user_id, kind) DO UPDATE SET toast = excluded.toast,
            sound = excluded.sound, browser = excluded.browser)sql",
               {user, to_string(kind), p.toast ? 1 : 0, p.sound ? 1 : 0, p.browser ? 1 : 0});
      }
      wake = append_events(s, user, *last,
                           {core::NotificationPreferences{preferences_payload(preferences)}},
                           next_mutation_time(), *ids_);
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (listener_) listener_(user, wake);
  return preferences;
}

StoreResult<std::int64_t> SqlStore::announce(const std::string& text) {
  std::vector<UserId> users;
  try {
    db_->read_one([&](sql::Session& s) {
      auto rows = s.query("SELECT id FROM users ORDER BY id");
      while (rows->next()) users.push_back(rows->int64(0));
    });
  } catch (const std::exception& e) {
    return store_error(e);
  }
  // One transaction per user: an announcement to thousands never holds
  // thousands of stream locks at once.
  std::int64_t notified = 0;
  for (UserId user : users) {
    if (const std::optional<StoreError> error =
            notify(user, {NotificationKind::Announcement, text, "", ""})) {
      return *error;
    }
    ++notified;
  }
  return notified;
}

std::optional<StoreError> SqlStore::notify(UserId user, const NewNotification& notification) {
  std::int64_t wake = 0;
  bool exists = true;
  try {
    db_->write([&](sql::Session& s) {
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      exists = last.has_value();
      if (!exists) return;
      const std::string now = next_mutation_time();
      wake =
          append_events(s, user, *last, {add_notification(s, user, notification, now)}, now, *ids_);
    });
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (exists && listener_) listener_(user, wake);
  return std::nullopt;
}

void SqlStore::notify_board_watchers(UserId owner, const Actor& actor,
                                     const std::string& topic_kind, const Moc& moc) {
  std::vector<UserId> watchers;
  std::string owner_name;
  std::string actor_name;
  try {
    db_->read_one([&](sql::Session& s) {
      auto rows = s.query("SELECT grantee_id FROM shares WHERE owner_id = $1 AND grantee_id <> $2",
                          {owner, actor.user});
      while (rows->next()) watchers.push_back(rows->int64(0));
      auto names =
          s.query("SELECT id, username FROM users WHERE id IN ($1, $2)", {owner, actor.user});
      while (names->next()) {
        if (names->int64(0) == owner) owner_name = names->text(1);
        if (names->int64(0) == actor.user) actor_name = names->text(1);
      }
    });
  } catch (const std::exception&) {
    return;  // a notice is a courtesy: the change itself is committed and streamed
  }
  const NewNotification notice{NotificationKind::BoardChanged,
                               actor_name + " " + change_verb(topic_kind) + " \u201c" + moc.title +
                                   "\u201d on " + owner_name + "'s board",
                               "/board/" + owner_name, actor_name};
  for (UserId watcher : watchers) {
    // One unread notice per board and actor: a burst of edits is one line
    // in the bell (and one toast), not one per card moved.
    bool pending = false;
    try {
      db_->read_one([&](sql::Session& s) {
        auto rows = s.query(
            "SELECT kind, link, actor, read_at FROM notifications WHERE user_id = $1 "
            "ORDER BY id DESC LIMIT 1",
            {watcher});
        pending = rows->next() && rows->text(0) == "boardChanged" && rows->text(1) == notice.link &&
                  rows->text(2) == notice.actor && rows->is_null(3);
      });
    } catch (const std::exception&) {
      continue;
    }
    if (!pending) notify(watcher, notice);
  }
}

}  // namespace dashboard::server::store
