#include "ui/pages/not_found_page.hpp"

#include <string>

namespace dashboard::ui {

float draw_not_found_page(PageFrame& frame, std::string_view path, PageActions& out) {
  const Column column = page_column(frame.ctx, frame.min, frame.max, 720);
  float y = frame.min.y + frame.ctx.px(48);
  if (draw_notice(frame, column, y, "not-found", "Page not found",
                  "Nothing lives at " + std::string(path) + ".", "not-found-home",
                  "Go to the dashboard")) {
    out.navigate = Section::Dashboard;
  }
  return y - frame.min.y;
}

}  // namespace dashboard::ui
