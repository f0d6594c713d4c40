// wishlist_page: /wishlist, the sets and parts the collector wants: the
// items newest first, a form to add one (name, set number) and Remove on
// each row. Both edits show at once and are confirmed by the server.
#pragma once

#include <span>
#include <string>

#include "core/model.hpp"
#include "ui/pages/page.hpp"

namespace dashboard::ui {

struct WishlistView {
  bool loaded = false;
  std::string error;
  std::span<const core::WishlistItem> items;
  std::string name_error;  // the server's refusal of the last add, by field
  std::string set_number_error;
};

struct WishlistState {
  std::string local_error;
};

float draw_wishlist_page(PageFrame& frame, const WishlistView& view, WishlistState& state,
                         PageActions& out);

}  // namespace dashboard::ui
