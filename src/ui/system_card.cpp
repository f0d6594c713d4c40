// System (system-card, admins only): the overall verdict of /status as a
// dot and its words, the services by health, and a link to /status. The
// height is fixed, so a change of verdict never moves the cards.
#include <cmath>
#include <string>

#include "ui/cards.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

ImU32 overall_color(const Palette& p, core::client::Overall overall) {
  switch (overall) {
    case core::client::Overall::Operational:
      return p.good;
    case core::client::Overall::Degraded:
      return p.warning;
    case core::client::Overall::Outage:
      break;
  }
  return p.bad;
}

std::string counts_line(const SystemSummary& s) {
  std::string line = std::to_string(s.up) + " up \xC2\xB7 " + std::to_string(s.degraded) +
                     " degraded \xC2\xB7 " + std::to_string(s.down) + " down";
  if (s.checking > 0) line += " \xC2\xB7 " + std::to_string(s.checking) + " checking";
  return line;
}

}  // namespace

float system_card_height(const DrawContext& ctx, float width) {
  (void)width;
  return card_chrome_height(ctx) + ctx.fonts.heading->FontSize + ctx.px(6) +
         ctx.fonts.small->FontSize;
}

CardReport draw_system_card(const DrawContext& ctx, const SystemSummary& summary, ImVec2 pos,
                            ImVec2 size) {
  CardReport report{.test_id = "system-card"};
  const CardArea area = begin_card(ctx, report, "System", pos, size);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  const ImFont* heading = ctx.fonts.heading;
  const ImFont* small = ctx.fonts.small;

  const char* link = "View status \xE2\x86\x92";
  const float link_w = text_width(ctx.fonts.body, link);
  const ImVec2 link_at(
      area.content_max.x - link_w,
      std::round(area.content_min.y + (heading->FontSize - ctx.fonts.body->FontSize) / 2));
  if (draw_link(ctx, "##system-view-status", link, link_at)) report.navigation = Section::Status;
  report.add("system-view-action", "View status", link_at,
             ImVec2(link_at.x + link_w, link_at.y + ctx.fonts.body->FontSize));

  float y = area.content_min.y;
  const float r = ctx.px(6);
  draw.AddCircleFilled(ImVec2(area.content_min.x + r, y + heading->FontSize / 2), r,
                       overall_color(p, summary.overall));
  const float x = area.content_min.x + 2 * r + ctx.px(10);
  const std::string word = core::client::overall_label(summary.overall);
  const std::string shown = fit_text(heading, word, link_at.x - x - ctx.px(12));
  draw_text(draw, heading, ImVec2(x, y), p.text, shown);
  report.add("system-overall", word, ImVec2(x, y),
             ImVec2(x + text_width(heading, shown), y + heading->FontSize));
  y += heading->FontSize + ctx.px(6);
  const std::string counts = counts_line(summary);
  draw_text(draw, small, ImVec2(x, y), p.text_muted,
            fit_text(small, counts, area.content_max.x - x));
  report.add("system-counts", counts, ImVec2(x, y),
             ImVec2(area.content_max.x, y + small->FontSize));
  end_card();
  return report;
}

}  // namespace dashboard::ui
