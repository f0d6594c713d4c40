// notifications_page: /notifications. What happened while the person
// looked elsewhere, newest first: each row says what (and who, when), is
// marked unread until opened, and opens where it points (a conversation, a
// board, a MOC); Mark all read; Load older. Under the list, the
// preferences: for each kind (messages, board changes, full coverage,
// announcements) whether it shows a toast, plays a sound, or shows a
// browser notification while the tab is hidden.
#pragma once

#include <span>
#include <string>

#include "core/client/inbox.hpp"
#include "core/client/notification_list.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct NotificationsView {
  bool loaded = false;
  std::string error;  // the list could not be read
  std::span<const core::client::Notification> items;
  std::int64_t unread = 0;
  bool has_older = false;
  bool prefs_loaded = false;
  // The preferences of each of core::client::kNotificationKinds, in order.
  std::array<core::client::KindPrefs, core::client::kNotificationKinds.size()> prefs{};
};

// A preference changed: the kind's flags as they should be now.
struct PreferenceChange {
  std::string kind;
  core::client::KindPrefs prefs;
};

struct NotificationsActions {
  std::optional<std::int64_t> open;  // a row clicked: mark it read (PageActions::go_to follows)
  bool mark_all = false;
  bool load_older = false;
  std::optional<PreferenceChange> preference;
};

float draw_notifications_page(PageFrame& frame, const NotificationsView& view, PageActions& out,
                              NotificationsActions& notes);

}  // namespace dashboard::ui
