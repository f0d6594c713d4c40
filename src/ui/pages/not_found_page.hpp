// not_found_page: any address the app has no page for, inside the shell,
// with a way home (the server answers app routes with the page itself, so
// a mistyped /mocs/x/y lands here rather than on a bare error).
#pragma once

#include <string_view>

#include "ui/pages/page.hpp"

namespace dashboard::ui {

float draw_not_found_page(PageFrame& frame, std::string_view path, PageActions& out);

}  // namespace dashboard::ui
