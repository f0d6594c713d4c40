// copy_menu: copying what the dashboard shows, where a person expects it.
// Right-click (or long-press, which browsers turn into a right-click) on any
// value, title or label opens a small menu with "Copy"; Ctrl+C (Cmd+C) copies
// the value under the pointer directly.
#pragma once

#include <optional>
#include <string>

#include "ui/app_shell.hpp"
#include "ui/card.hpp"

namespace dashboard::ui {

struct CopyMenuState {
  std::string text;  // what the open menu would copy
};

// The innermost reported item under `point` (cards' items and chrome), or
// nullptr. Containers (whole cards, the sidebar) are skipped.
const Semantic* semantic_at(const ShellOutput& frame, ImVec2 point);

// Handles the right-click menu and Ctrl+C for this frame's `frame`. Returns
// the text to put on the clipboard, when the person asked for it. Records
// `copy-action` in frame.chrome while the menu is open.
std::optional<std::string> draw_copy_menu(const DrawContext& ctx, ShellOutput& frame,
                                          CopyMenuState& state);

}  // namespace dashboard::ui
