// moc_page: /mocs/<id>, one MOC. A large cover and every field editable in
// place: title, theme (pick one of the user's themes or type a new one) and
// cover URL are text fields saved on Enter or when focus leaves them (Esc
// puts the saved value back); build status and parts coverage are
// segments saved on click; the percentage is a field. Delete asks first.
// A refused save shows the server's message under its field; a 409 shows
// "Changed elsewhere" with the new values and what was typed, to apply
// again; a MOC deleted elsewhere shows "This MOC was deleted".
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "core/client/moc_patch.hpp"
#include "core/model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

enum class MocPageStatus { Loading, Shown, NotFound, Deleted, Failed };

struct MocPageView {
  std::string id;
  MocPageStatus status = MocPageStatus::Loading;
  std::optional<core::Moc> moc;  // shown: confirmed + this tab's pending edits
  bool saving = false;           // an edit is on its way
  std::string error;             // why it could not be read (Failed)
  const core::client::MocPatch* conflict_mine = nullptr;  // a 409: what was typed...
  const core::Moc* conflict_theirs = nullptr;             // ...and the MOC now
  // The server's message for a field ("coveragePercentage"), or "".
  std::function<std::string(std::string_view field)> field_error;
  std::span<const std::string> themes;
};

struct MocPageState {
  std::string id;  // the MOC the fields were filled from
  // Per text field, the MOC version shown when typing began.
  std::map<std::string, std::int64_t, std::less<>> editing_from;
  bool confirm_delete = false;
  bool theme_choosing = false;  // the theme field's suggestions are open
  std::string local_error;      // a percentage that is no number
};

// Draws the page in frame's column; returns the content height.
float draw_moc_page(PageFrame& frame, const MocPageView& view, MocPageState& state,
                    PageActions& out);

// Theme suggestions under a theme field: the user's themes containing
// `typed` (case-insensitive), not equal to it, at most `limit`.
std::vector<std::string> theme_suggestions(std::span<const std::string> themes,
                                           std::string_view typed, std::size_t limit);

// Chips for `suggestions` from `pos` within `width`; returns the one clicked.
// Records each as `theme-suggestion`. Advances `y` past them.
std::optional<std::string> draw_theme_suggestions(PageFrame& frame,
                                                  const std::vector<std::string>& suggestions,
                                                  float x, float& y, float width);

}  // namespace dashboard::ui
