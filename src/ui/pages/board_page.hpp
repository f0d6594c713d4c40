// board_page: /board (one's own) and /board/<user> (a board shared with
// one): three columns, Added, In progress and Built, with counts; a card
// per MOC with its cover, title, theme and coverage bar, in the stored
// order. Editors and the owner move cards by drag and drop (a drop line
// shows where it lands; the page scrolls near its edges), by keys (arrows
// pick a card, Shift + arrows move it) and by the move buttons a picked
// card shows (touch). Below 720 CSS px one column shows at a time, with a
// switcher. Viewers get the same board, read-only.
#pragma once

#include <string>
#include <vector>

#include "core/client/board.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

enum class BoardPageStatus { Loading, Shown, Forbidden, AccessRemoved, NotFound, Failed };

struct BoardPageView {
  BoardPageStatus status = BoardPageStatus::Loading;
  std::string owner;  // whose board
  bool own = true;
  core::client::BoardRole role = core::client::BoardRole::Owner;
  bool can_move = false;
  std::string error;
  const core::client::BoardColumns* columns = nullptr;
  std::vector<std::string> present;  // who has it open now
  std::string recent;                // "bob moved Castle Keep to Built, 2 s ago"
};

struct BoardPageState {
  std::string selected;           // the picked card (keys and move buttons act on it)
  std::size_t narrow_column = 0;  // the one column shown on narrow screens
  std::string dragging;           // the card being dragged, while it is
};

// The narrowest content (CSS px) that shows the three columns side by side.
inline constexpr float kBoardThreeColumnsCss = 720;

float draw_board_page(PageFrame& frame, const BoardPageView& view, BoardPageState& state,
                      PageActions& out);

}  // namespace dashboard::ui
