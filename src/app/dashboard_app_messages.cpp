// DashboardApp's messaging pages (/messages, /messages/<user>): the view
// handed to ui/pages/messages_page from the MessagesClient, and what the
// person did handed back.
#include "app/dashboard_app.hpp"

namespace dashboard::app {

void DashboardApp::draw_messages(ui::PageFrame& frame, ui::PageActions& actions, float& height) {
  ui::MessagesView view;
  view.peer = route_.peer;
  if (messages_ != nullptr) {
    messages_->want_thread(route_.peer);
    const core::client::Inbox& inbox = messages_->inbox();
    view.me = inbox.me();
    view.list_loaded = messages_->list_state() == ReadState::Shown;
    view.conversations = inbox.conversations();
    switch (messages_->thread_state()) {
      case ReadState::Idle:
        view.thread = ui::ThreadState::None;
        break;
      case ReadState::Loading:
        view.thread = ui::ThreadState::Loading;
        break;
      case ReadState::Shown:
        view.thread = ui::ThreadState::Shown;
        break;
      case ReadState::NotFound:
        view.thread = ui::ThreadState::NotFound;
        break;
      case ReadState::Failed:
        view.thread = ui::ThreadState::Failed;
        break;
    }
    view.messages = inbox.thread();
    view.has_older = inbox.older_cursor().has_value();
    view.loading_older = messages_->loading_older();
    view.error = messages_->error();
  }
  height = ui::draw_messages_page(frame, view, messages_state_, actions);
}

void DashboardApp::act_on_messages(const ui::PageActions& a) {
  if (messages_ == nullptr) return;
  if (a.send_message) messages_->send(*a.send_message);
  if (a.retry_send) messages_->retry_send(*a.retry_send);
  if (a.load_older) messages_->load_older();
  if (a.retry) messages_->retry();
}

}  // namespace dashboard::app
