// DashboardApp's "Data updated" pill (issue 15): a change made elsewhere
// (another user, another tab or device of this user) that reached the page
// in front of the person. The clients tell what they did not cause
// (CollectionClient::take_elsewhere for the user stream, BoardClient's for
// the board topic); here it counts only when the open page shows it. The
// first load and a page's first read never come through the stream, so
// they never show it.
#include "app/dashboard_app.hpp"

namespace dashboard::app {

void DashboardApp::note_data_updated(core::UnixMillis now) {
  // Taken every frame, so a change on another page is not said later here.
  const ElsewhereChanges changes =
      collection_ != nullptr ? collection_->take_elsewhere() : ElsewhereChanges{};
  const bool board = board_ != nullptr && board_->take_elsewhere();
  using core::client::Page;
  bool shown = false;
  switch (route_.page) {
    case Page::Dashboard:
      shown = changes.dashboard && shell_.content == ui::ContentState::Ready;
      break;
    case Page::Mocs:
    case Page::Gallery:
      shown = !changes.mocs.empty();
      break;
    case Page::Moc:
      shown = changes.mocs.count(route_.moc_id) != 0;
      break;
    case Page::Wishlist:
      shown = changes.wishlist;
      break;
    case Page::Board:
      shown = board;
      break;
    default:
      break;
  }
  if (shown) data_updated_.note(now);
}

}  // namespace dashboard::app
