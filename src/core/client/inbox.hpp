// inbox: the messaging pages' state in the client, fed by the live stream's
// messaging events and the API's reads; no I/O. It holds the conversation
// list (with unread counts and the header's badge), the open thread with
// optimistic sends on top of the confirmed messages (pending, then
// confirmed by the server's echo of the clientId, or failed and retried
// with nothing typed lost), the notification bell's count and the
// per-kind preferences that decide toast, sound and browser notification.
//
//   Inbox inbox("bob", "tab-3f2a");
//   inbox.open_thread("alice");
//   const std::string id = inbox.send("Hi!", "2026-12-03T10:00:00.000Z");  // pending
//   // POST /api/conversations/alice/messages {text, clientId: id}
//   inbox.apply(event);            // message:new echoes clientId: confirmed
//   inbox.send_failed(id, "...");  // or: failed, Retry keeps the text
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

// The longest message the server takes, in Unicode code points.
inline constexpr std::size_t kMessageMaxLength = 2000;

struct InboxMessage {
  std::string id;  // the server's; empty while pending
  std::int64_t seq = 0;
  std::string from;
  std::string to;
  std::string text;
  std::string client_id;
  std::string created_at;
  enum class State { Confirmed, Pending, Failed } state = State::Confirmed;
  std::string error;  // why it failed
  bool operator==(const InboxMessage&) const = default;
};

struct ConversationSummary {
  std::string with;
  std::string last_text;
  std::string last_from;
  std::string last_at;
  std::int64_t unread = 0;
  bool operator==(const ConversationSummary&) const = default;
};

struct KindPrefs {
  bool toast = true;
  bool sound = false;
  bool browser = false;
  bool operator==(const KindPrefs&) const = default;
};

// Notification kinds, in the server's order: message, boardChanged,
// coverageComplete, announcement.
inline constexpr std::array<std::string_view, 4> kNotificationKinds{
    "message", "boardChanged", "coverageComplete", "announcement"};

// What a live event asks the shell to do besides redrawing.
struct Alert {
  std::string kind;  // a notification kind
  std::string text;  // the toast's text
  std::string link;  // the route it opens
  bool toast = false;
  bool sound = false;
  bool browser = false;  // only honoured by the shell while the tab is hidden
};

class Inbox {
 public:
  // `client_prefix` makes this tab's clientIds unique among the user's tabs.
  Inbox(std::string me, std::string client_prefix);

  const std::string& me() const { return me_; }

  // Reads. A malformed body is an error naming the field; nothing changes.
  Result<bool> load_conversations(std::string_view json);  // GET /api/conversations
  // GET /api/conversations/<with>/messages: the newest page, or (with
  // `older`) the page above what is loaded.
  Result<bool> load_thread_page(std::string_view json, bool older);
  Result<bool> load_preferences(std::string_view json);  // {preferences: {...}}
  void set_notifications_unread(std::int64_t unread) { notifications_unread_ = unread; }

  // The thread in front of the person ("" for none). Opening it clears
  // what was loaded for another.
  void open_thread(const std::string& with);
  const std::string& open_with() const { return open_with_; }

  // A messaging event from the stream. Returns what to tell the person
  // (nothing for events of their own tab, of other types, or when the
  // preferences say so).
  std::optional<Alert> apply(const DashboardEvent& event);

  // Optimistic sends. `send` returns the clientId to post with the text;
  // `confirm` takes the POST's answer (the stream's echo does the same).
  std::string send(const std::string& text, const std::string& now);
  void confirm(std::string_view message_json);
  void send_failed(const std::string& client_id, const std::string& why);
  // Back to pending; returns the text to post again (nullopt: no such failed send).
  std::optional<std::string> retry(const std::string& client_id);

  const std::vector<ConversationSummary>& conversations() const { return conversations_; }
  // Oldest first: confirmed messages, then the pending and failed sends.
  const std::vector<InboxMessage>& thread() const { return thread_; }
  std::optional<std::string> older_cursor() const { return older_cursor_; }
  std::int64_t unread_total() const { return unread_total_; }
  std::int64_t notifications_unread() const { return notifications_unread_; }
  const KindPrefs& prefs(std::string_view kind) const;
  void set_prefs(std::string_view kind, const KindPrefs& prefs);
  // {preferences: {...}} for PUT /api/notifications/preferences.
  std::string encode_preferences() const;

 private:
  void note_message(const InboxMessage& message, std::int64_t unread);
  void merge_into_thread(InboxMessage message);

  std::string me_;
  std::string client_prefix_;
  std::string open_with_;
  std::vector<ConversationSummary> conversations_;
  std::vector<InboxMessage> thread_;
  std::optional<std::string> older_cursor_;
  std::int64_t unread_total_ = 0;
  std::int64_t notifications_unread_ = 0;
  std::array<KindPrefs, kNotificationKinds.size()> prefs_{};
  std::uint64_t next_client_ = 1;
};

// Code points in UTF-8 `text` (invalid bytes count one each): the composer's counter.
std::size_t utf8_length(std::string_view text);

}  // namespace dashboard::core::client
