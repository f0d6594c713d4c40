// messages_client: the messaging pages' data (/messages, /messages/<user>)
// and the sidebar's unread badge. It reads the conversation list once per
// session (the stream keeps it current: message:new carries the counts),
// reads a thread when its page opens (older pages on demand), posts sends
// optimistically (core::client::Inbox keeps them pending, confirmed by the
// answer or the stream's echo, or failed with the reason and a Retry that
// keeps the text), and marks a thread read while it is in front. After the
// stream jumped (a snapshot adopted) what was read is read again.
//
//   MessagesClient messages(transport, live);
//   // every frame, after live.update(now):
//   messages.update(now);
//   messages.want_thread("bob");  // the page in front ("" for the list)
//   messages.send("Hi!");
//   for (Toast& t : messages.take_toasts()) show(t);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/live_client.hpp"
#include "app/session_requests.hpp"
#include "app/transport.hpp"
#include "core/client/inbox.hpp"
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

  const core::client::Inbox& inbox() const { return *inbox_; }
  ReadState list_state() const { return list_state_; }
  ReadState thread_state() const { return thread_state_; }
  const std::string& error() const { return error_; }
  bool loading_older() const { return older_in_flight_; }

  // Alerts for messages and notifications that arrived (per the person's
  // preferences), as toasts.
  std::vector<Toast> take_toasts() { return std::exchange(toasts_, {}); }

 private:
  void reset();
  void follow_stream();
  void read_list();
  void read_thread(bool older);
  void mark_read();
  void post(const std::string& client_id, const std::string& text);
  static std::string conversation_path(const std::string& with);

  LiveClient& live_;
  SessionRequests requests_;
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
};

}  // namespace dashboard::app
