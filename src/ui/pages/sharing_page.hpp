// sharing_page: /board/sharing, who sees the signed-in user's board. Lists
// the people it is shared with (viewer or editor) with Remove on each,
// adds a person by username with a role (errors next to the field:
// unknown user, yourself, already shared), and lists the boards others
// share with the user, each a link to it.
#pragma once

#include <span>
#include <string>

#include "core/client/board_codec.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct SharingView {
  bool loaded = false;
  std::string error;  // the list could not be read
  std::span<const core::client::Share> owned;
  std::span<const core::client::Share> received;
  bool busy = false;           // an add is on its way
  std::string username_error;  // next to the field
};

struct SharingState {
  int role = 0;  // 0 viewer, 1 editor
  std::string local_error;
};

float draw_sharing_page(PageFrame& frame, const SharingView& view, SharingState& state,
                        PageActions& out);

}  // namespace dashboard::ui
