// DashboardApp's messaging pages (/messages, /messages/<user>,
// /notifications): the views handed to ui/pages/messages_page and
// notifications_page from the MessagesClient, and what the person did
// handed back.
#include <utility>

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

void DashboardApp::draw_notifications(ui::PageFrame& frame, ui::PageActions& actions,
                                      float& height) {
  ui::NotificationsView view;
  if (messages_ != nullptr) {
    const core::client::NotificationList& list = messages_->notifications();
    view.loaded = list.loaded();
    view.error = messages_->notifications_state() == ReadState::Failed ? messages_->error() : "";
    view.items = list.items();
    view.unread = list.unread();
    view.has_older = list.older_cursor().has_value();
    view.prefs_loaded = messages_->preferences_loaded();
    for (std::size_t i = 0; i < core::client::kNotificationKinds.size(); ++i) {
      view.prefs.at(i) = messages_->inbox().prefs(core::client::kNotificationKinds[i]);
    }
  }
  notifications_actions_ = {};
  height = ui::draw_notifications_page(frame, view, actions, notifications_actions_);
}

void DashboardApp::act_on_messages(const ui::PageActions& a) {
  if (messages_ == nullptr) return;
  const ui::NotificationsActions notes = std::exchange(notifications_actions_, {});
  if (notes.open) messages_->mark_notification_read(*notes.open);
  if (notes.mark_all) messages_->mark_notification_read(std::nullopt);
  if (notes.load_older) messages_->load_older_notifications();
  if (notes.preference) messages_->set_preferences(notes.preference->kind, notes.preference->prefs);
  if (a.send_message) messages_->send(*a.send_message);
  if (a.retry_send) messages_->retry_send(*a.retry_send);
  if (a.load_older) messages_->load_older();
  if (a.retry) messages_->retry();
}

}  // namespace dashboard::app
