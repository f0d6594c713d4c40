// mocs_page: /mocs, every MOC of the user. Search by title, filters (theme,
// build status, coverage status), sort, the count of the current filter,
// and a list that scrolls smoothly through thousands of MOCs: rows are
// drawn only where they are on screen, rows not read yet show as skeletons
// and the page asks for them (PageActions::rows_wanted). A row click opens
// the MOC.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "core/client/moc_query.hpp"
#include "core/model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct MocsPageView {
  core::client::MocQuery query;  // what the list shows
  std::int64_t total = 0;        // MOCs matching it
  std::size_t rows = 0;          // rows known from the top (the rest are skeletons)
  bool loaded_once = false;
  std::string error;
  // The MOC shown at row `i` < rows (with this tab's pending edits).
  std::function<std::optional<core::Moc>(std::size_t)> row;
  std::span<const std::string> themes;
};

struct MocsPageState {
  core::client::MocQuery editing;  // the controls' query (the search as typed)
  bool started = false;
  core::UnixMillis search_changed_at = 0;
  float scroll_to = -1;  // set to scroll the list (0: the top, after a filter change)
  float scroll = 0;      // where the list is scrolled to, device px (as last drawn)
};

inline constexpr float kMocRowCss = 64;
// Typing settles this long before the list is asked for again.
inline constexpr core::UnixMillis kSearchSettleMs = 250;

// Draws the page over frame's area (the list has its own scroll).
void draw_mocs_page(PageFrame& frame, const MocsPageView& view, MocsPageState& state,
                    core::UnixMillis now, PageActions& out);

}  // namespace dashboard::ui
