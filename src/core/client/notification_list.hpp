// notification_list: the /notifications page's list and the header bell's
// count, fed by the API's pages and the stream's notification events; no
// I/O. Newest first; a live notification goes on top (once, however often
// it arrives); a read in any tab (notifications:read: some ids, or every
// one up to an id) marks them here too.
//
//   NotificationList list;
//   list.load_page(body, false);          // GET /api/notifications
//   list.apply(event);                    // notification:<kind>, notifications:read
//   list.unread();                        // the bell
//   list.older_cursor();                  // GET /api/notifications?cursor=...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

struct Notification {
  std::int64_t id = 0;  // larger is newer
  std::string kind;     // message, boardChanged, coverageComplete, announcement
  std::string text;
  std::string link;   // the route it opens; empty: none
  std::string actor;  // who caused it; empty for announcements and coverage
  std::string created_at;
  bool read = false;
  bool operator==(const Notification&) const = default;
};

class NotificationList {
 public:
  // A page of GET /api/notifications: the newest (`older` false: replaces
  // what is loaded) or the next older one. A malformed body is an error
  // naming the field; nothing changes.
  Result<bool> load_page(std::string_view json, bool older);
  // notification:<kind> and notifications:read; other events are ignored.
  // A malformed one changes nothing and says why (the caller logs it).
  std::optional<Error> apply(const DashboardEvent& event);
  // Marks `id` (or, with nullopt, every loaded one) read before the server
  // says so: the page shows it at once; the stream's event confirms it.
  void mark_read_locally(std::optional<std::int64_t> id);

  const std::vector<Notification>& items() const { return items_; }
  bool loaded() const { return loaded_; }
  std::int64_t unread() const { return unread_; }
  const std::optional<std::string>& older_cursor() const { return older_cursor_; }

 private:
  void insert(Notification n);

  std::vector<Notification> items_;
  bool loaded_ = false;
  std::int64_t unread_ = 0;
  std::optional<std::string> older_cursor_;
};

}  // namespace dashboard::core::client
