// messages_client: the messaging pages' data (/messages, /messages/<user>)
// and the sidebar's unread badge. It reads the conversation list once per
// session (the stream keeps it current: message:new carries the counts),
// reads a thread when its page opens (older pages on demand), posts sends
// optimistically (core::client::Inbox keeps them pending, confirmed by the
// answer or the stream's echo, or failed with the reason and a Retry that
// keeps the text), and marks a thread read while it is in front. After the
// stream jumped (a snapshot adopted) what was read is read again.
//
// It also keeps the notifications (/notifications and the header's bell:
// the first page read once per session, live ones on top, marks read sent
// and shown at once) and the notification preferences (read once, saved
// whole on a change; another tab's change arrives on the stream).
//
//   MessagesClient messages(transport, live);
//   // every frame, after live.update(now):
//   messages.update(now);
//   messages.want_thread("bob");  // the page in front ("" for the list)
//   messages.send("Hi!");
//   for (Toast& t : messages.take_toasts()) show(t);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/idempotency_keys.hpp"
#include "app/live_client.hpp"
#include "app/session_requests.hpp"
#include "app/transport.hpp"
#include "core/client/inbox.hpp"
#include "core/client/notification_list.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

enum class ReadState {
  Idle,      // not asked for
  Loading,   // nothing to show yet
  Shown,     // the inbox has it
  NotFound,  // no such user (a thread)
  Failed,    // could not be read; the error says why
};

class MessagesClient {
 public:
  MessagesClient(Transport& transport, LiveClient& live);

  // Follows the stream, reads what is due, marks the open thread read.
  void update(core::UnixMillis now);

  // The thread in front (a username), or "" when none is (the list, or no
  // messaging page at all).
  void want_thread(const std::string& with);
  void load_older();
  // Sends `text` to the open thread; it shows at once as pending.
  void send(const std::string& text);
  // A failed send, again (its text is kept).
  void retry_send(const std::string& client_id);
  // A failed read, again.
  void retry();

  // [SECTION] Notifications and preferences
  void load_older_notifications();
  // Marks one notification read (nullopt: all of them).
  void mark_notification_read(std::optional<std::int64_t> id);
  void set_preferences(std::string_view kind, const core::client::KindPrefs& prefs);
  const core::client::NotificationList& notifications() const { return notifications_; }
  ReadState notifications_state() const { return notifications_state_; }
  bool preferences_loaded() const { return preferences_loaded_; }

  const core::client::Inbox& inbox() const { return *inbox_; }
  ReadState list_state() const { return list_state_; }
  ReadState thread_state() const { return thread_state_; }
  const std::string& error() const { return error_; }
  bool loading_older() const { return older_in_flight_; }

  // Alerts for messages and notifications that arrived (per the person's
  // preferences), as toasts.
  std::vector<Toast> take_toasts() { return std::exchange(toasts_, {}); }
  // The alerts that also want a sound or a browser notification, for the
  // platform (the web client plays a chime, shows a notification when the
  // tab is hidden; the native one stays silent).
  std::vector<core::client::Alert> take_alerts() { return std::exchange(alerts_, {}); }
  // True once after the person turned a browser notification on: the
  // platform asks the browser for the permission then, never before.
  bool take_permission_request() { return std::exchange(permission_wanted_, false); }

 private:
  void reset();
  void follow_stream();
  void read_list();
  void read_thread(bool older);
  void mark_read();
  void post(const std::string& client_id, const std::string& text);
  void read_notifications(bool older);
  void read_preferences();
  static std::string conversation_path(const std::string& with);

  LiveClient& live_;
  SessionRequests requests_;
  IdempotencyKeys keys_;
  // Each send's Idempotency-Key by its clientId: Retry posts the same, so a
  // send whose answer was lost never shows twice.
  std::map<std::string, std::string, std::less<>> send_keys_;
  core::UnixMillis now_ = 0;
  std::uint64_t live_generation_ = 0;
  std::unique_ptr<core::client::Inbox> inbox_;
  ReadState list_state_ = ReadState::Idle;
  ReadState thread_state_ = ReadState::Idle;
  std::string error_;
  bool list_in_flight_ = false;
  bool thread_in_flight_ = false;
  bool older_in_flight_ = false;
  bool read_in_flight_ = false;
  std::vector<Toast> toasts_;
  std::vector<core::client::Alert> alerts_;
  bool permission_wanted_ = false;
  core::client::NotificationList notifications_;
  ReadState notifications_state_ = ReadState::Idle;
  bool notifications_in_flight_ = false;
  bool preferences_loaded_ = false;
  bool preferences_in_flight_ = false;
};

}  // namespace dashboard::app
