// page: what the collection pages share. Each page draws into the content
// area under the header (beside the sidebar), reports what it shows as a
// CardReport (the semantics overlay's section for the page, with its test
// id, e.g. "mocs-page"), its text fields through FieldIo, and asks for
// what the person did through PageActions; the app turns those into
// routes, reads and edits.
//
//   PageFrame frame{ctx, io, report, content_min, content_max, now};
//   PageActions out;
//   const float height = draw_moc_page(frame, view, state, out);
//   if (out.edit) collection.update_moc(out.edit->id, out.edit->patch, out.edit->label);
#pragma once

#include <imgui.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "core/client/board.hpp"
#include "core/client/moc_patch.hpp"
#include "core/client/moc_query.hpp"
#include "core/client/route.hpp"
#include "core/model.hpp"
#include "core/timestamp.hpp"
#include "ui/card.hpp"
#include "ui/text_field.hpp"

namespace dashboard::ui {

// Where a page draws and what it reports to.
struct PageFrame {
  const DrawContext& ctx;
  FieldIo& io;
  CardReport& report;  // the page's semantics; report.test_id names the page
  ImVec2 min;          // the visible content area, screen device px
  ImVec2 max;
};

struct MocEdit {
  std::string id;
  core::client::MocPatch patch;
  std::string label;  // "the status of \u201cTower\u201d"
  // The version the person started from (a text field: when they began
  // typing), so a change made elsewhere meanwhile is a conflict, not
  // overwritten. Unset: the version shown now.
  std::optional<std::int64_t> base_version;
};

struct WishlistAdd {
  std::string name;
  std::optional<std::string> set_number;
};

// A card moved on the board (drag and drop, keys, the move buttons).
struct BoardMove {
  std::string id;
  core::client::BoardPlace to;
};

struct ShareAdd {
  std::string username;
  core::client::BoardRole role = core::client::BoardRole::Viewer;
};

// What the person asked for this frame.
struct PageActions {
  std::optional<NavigationIntent> navigate;
  std::optional<core::client::MocQuery> query;  // the MOCs page's search, filters or sort changed
  std::size_t rows_wanted = 0;                  // list pages: rows [0, n) are (nearly) on screen
  std::optional<MocEdit> edit;
  std::optional<std::string> delete_moc;
  std::optional<core::client::MocPatch> create;
  std::optional<WishlistAdd> add_wish;
  std::optional<std::string> remove_wish;
  bool apply_again = false;
  bool dismiss_conflict = false;
  bool cancel = false;                           // the Add MOC form's Cancel (or Esc)
  std::optional<std::string> clear_field_error;  // Esc put a refused field back (wire name)
  bool retry = false;                            // a failed read's Retry
  std::optional<std::string> go_to;              // a path within the app ("/board/sharing")
  std::optional<BoardMove> board_move;
  std::optional<ShareAdd> add_share;
  std::optional<std::string> remove_share;  // the share's id
  std::optional<std::string> send_message;  // the composer's text, for the open conversation
  std::optional<std::string> retry_send;    // a failed send's clientId
  bool load_older = false;                  // the conversation's older messages
};

// The sidebar section a page belongs to (none for "page not found").
std::optional<Section> section_of(core::client::Page page);
// The overlay section's test id for a page: "mocs-page", "moc-page", ...
std::string page_test_id(core::client::Page page);

// The page's column: centred, at most `max_css` wide, with side padding.
struct Column {
  float x = 0;
  float width = 0;
};
Column page_column(const DrawContext& ctx, ImVec2 min, ImVec2 max, float max_css = 1120);

// The page's title in the display face, with an optional primary button
// on the right (returns true when clicked). Advances `y` past it.
bool draw_page_title(PageFrame& frame, const Column& column, float& y, const char* title,
                     const char* button_id = nullptr, const char* button_label = nullptr);

// A card-styled notice in the column: a heading, a line and a button
// (`action_id` recorded with the label). Returns true when clicked.
bool draw_notice(PageFrame& frame, const Column& column, float& y, const char* id,
                 const std::string& heading, const std::string& line, const char* action_id,
                 const char* action_label);

// Skeleton bars for a page still loading.
void draw_page_skeleton(PageFrame& frame, const Column& column, float y, int lines);

// "1 MOC", "1,234 MOCs".
std::string count_label(std::int64_t count, const char* one, const char* many);

// A MOC's cover (or the brick placeholder) in [min, max], cropped to fill.
void draw_cover(const DrawContext& ctx, ImDrawList& draw, ImVec2 min, ImVec2 max,
                const std::optional<std::string>& url, ImageSize size, float rounding);

// Parses a percentage as typed ("37.5", " 40 "); nullopt when it is no number.
std::optional<double> parse_number(std::string_view text);
// A percentage as a field shows it: "37.5", "40".
std::string number_text(double value);

}  // namespace dashboard::ui
