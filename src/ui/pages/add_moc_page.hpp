// add_moc_page: /mocs/new, a form for a new MOC: title, theme (one of the
// user's themes, or a new one typed), build status, parts coverage and its
// percentage, and a cover image URL with a preview. Enter submits, Esc or
// Cancel leaves; the button is disabled while the request is in flight and
// the server's refusal shows under the field it names.
#pragma once

#include <span>
#include <string>

#include "core/model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct AddMocView {
  bool busy = false;
  std::string error;  // the server's message
  std::string field;  // the field it names ("title"), if any
  std::span<const std::string> themes;
};

struct AddMocState {
  core::BuildStatus build_status = core::BuildStatus::Added;
  core::PartsCoverageStatus coverage_status = core::PartsCoverageStatus::None;
  std::string local_field;  // a field this page refused before sending
  std::string local_error;
  std::string preview_url;  // the cover preview follows the URL once typing settles
  core::UnixMillis url_changed_at = 0;
  bool focused_once = false;
};

// Clears the form's fields (after a MOC was added).
void reset_add_moc(FieldIo& io, AddMocState& state);

float draw_add_moc_page(PageFrame& frame, const AddMocView& view, AddMocState& state,
                        core::UnixMillis now, PageActions& out);

}  // namespace dashboard::ui
