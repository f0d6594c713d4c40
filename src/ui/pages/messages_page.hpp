// messages_page: /messages and /messages/<user>. The list of conversations
// (the other person, the last line, when, an unread count) and a field to
// start one by username; a conversation: its messages oldest first in a
// pane that keeps to the newest (Load older at its top), the person's own
// on the right, sends pending ("Sending…") or failed (the reason and
// Retry, the text kept), and a composer pinned under it with a counter of
// the characters left: several lines (Enter sends, Shift+Enter a new one),
// a draft kept per person. Wide screens show the list beside the conversation;
// narrow ones one of them, with a way back to the list.
#pragma once

#include <map>
#include <span>
#include <string>

#include "core/client/inbox.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

enum class ThreadState { None, Loading, Shown, NotFound, Failed };

struct MessagesView {
  std::string me;
  std::string peer;  // the conversation open; empty: the list alone
  bool list_loaded = false;
  std::span<const core::client::ConversationSummary> conversations;
  ThreadState thread = ThreadState::None;
  std::span<const core::client::InboxMessage> messages;  // oldest first
  bool has_older = false;
  bool loading_older = false;
  std::string error;  // a read failed: why
};

struct MessagesState {
  std::string peer;              // whose thread the pane last showed
  std::string route_peer;        // the route's peer last frame: a new page starts without errors
  std::size_t shown_count = 0;   // messages in the pane last frame
  bool stick_to_bottom = true;   // the pane follows new messages
  float scroll_from_bottom = 0;  // device px the pane is scrolled up from the newest
  std::string to_error;          // next to the new-conversation field
  std::string send_error;        // next to the composer
  // What was typed to each person and not sent, while another conversation
  // (or the list) is open: a draft is neither lost nor sent to the next one.
  std::map<std::string, std::string, std::less<>> drafts;
};

float draw_messages_page(PageFrame& frame, const MessagesView& view, MessagesState& state,
                         PageActions& out);

}  // namespace dashboard::ui
