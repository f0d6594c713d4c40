// DashboardApp's build board and sharing pages (/board, /board/<owner>,
// /sharing): their views from the BoardClient, and the moves and shares
// handed back.
#include "app/dashboard_app.hpp"

namespace dashboard::app {

void DashboardApp::draw_board(ui::PageFrame& frame, ui::PageActions& actions, core::UnixMillis now,
                              float& height) {
  ui::BoardPageView view;
  view.owner = route_.board_owner;
  const core::client::BoardColumns empty;
  view.columns = &empty;
  if (board_ != nullptr) {
    board_->want_board(route_.board_owner);
    view.owner = board_->owner();
    view.own = board_->owner() == (live_ != nullptr ? live_->username() : std::string());
    view.role = board_->board().role();
    view.can_move = board_->can_move();
    view.error = board_->error();
    view.present = board_->present();
    switch (board_->status()) {
      case BoardStatus::Idle:
      case BoardStatus::Loading:
        view.status = ui::BoardPageStatus::Loading;
        break;
      case BoardStatus::Shown:
        view.status = ui::BoardPageStatus::Shown;
        view.columns = &board_->columns();
        break;
      case BoardStatus::Forbidden:
        view.status = ui::BoardPageStatus::Forbidden;
        break;
      case BoardStatus::AccessRemoved:
        view.status = ui::BoardPageStatus::AccessRemoved;
        break;
      case BoardStatus::NotFound:
        view.status = ui::BoardPageStatus::NotFound;
        break;
      case BoardStatus::Failed:
        view.status = ui::BoardPageStatus::Failed;
        break;
    }
    if (!board_->recent_moves().empty()) {
      const RecentMove& m = board_->recent_moves().front();
      view.recent = core::client::describe_move(m.actor, m.title, m.to, now - m.at);
    }
  } else {
    view.status = ui::BoardPageStatus::Loading;
  }
  height = ui::draw_board_page(frame, view, board_state_, actions);
  page_animating_ |= !board_state_.dragging.empty();
}

void DashboardApp::draw_sharing(ui::PageFrame& frame, ui::PageActions& actions, float& height) {
  ui::SharingView view;
  if (board_ != nullptr) {
    board_->want_shares();
    if (board_->take_share_added()) shell_state_.fields["share-username"].value.clear();
    const std::string& typed = shell_state_.fields["share-username"].value;
    if (!board_->share_form().error.empty() && typed != share_submitted_) {
      board_->clear_share_error();
    }
    view.loaded = board_->shares_loaded();
    view.error = board_->shares_error();
    view.owned = board_->owned_shares();
    view.received = board_->received_shares();
    view.busy = board_->share_form().busy;
    view.username_error = board_->share_form().error;
  }
  height = ui::draw_sharing_page(frame, view, sharing_state_, actions);
}

void DashboardApp::act_on_board(const ui::PageActions& a) {
  if (board_ == nullptr) return;
  if (a.board_move) board_->move(a.board_move->id, a.board_move->to);
  if (a.add_share) {
    share_submitted_ = a.add_share->username;
    board_->add_share(a.add_share->username, a.add_share->role);
  }
  if (a.remove_share) board_->remove_share(*a.remove_share);
}

}  // namespace dashboard::app
