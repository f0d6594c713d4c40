// [SECTION] Controls — title, search, filters, sort, count
// [SECTION] Rows     — the virtual list
#include "ui/pages/mocs_page.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

using core::client::MocQuery;
using core::client::MocSort;
using core::client::MocSortKey;

struct SortChoice {
  MocSort sort;
  const char* label;
};

constexpr std::array<SortChoice, 7> kSorts{{
    {{MocSortKey::Created, true}, "Newest first"},
    {{MocSortKey::Created, false}, "Oldest first"},
    {{MocSortKey::Updated, true}, "Recently updated"},
    {{MocSortKey::Title, false}, "Title A\xE2\x80\x93Z"},
    {{MocSortKey::Title, true},
     "Title Z\xE2\x80\x93"
     "A"},
    {{MocSortKey::Coverage, true}, "Most parts"},
    {{MocSortKey::Coverage, false}, "Fewest parts"},
}};

const char* sort_label(const MocSort& sort) {
  for (const SortChoice& c : kSorts) {
    if (c.sort == sort) return c.label;
  }
  return kSorts[0].label;
}

// A button that opens a popup of choices; returns the choice clicked (-1).
int draw_menu(PageFrame& frame, const char* id, const std::string& label,
              std::span<const std::string> options, int selected, ImVec2 at,
              const char* option_id) {
  const DrawContext& ctx = frame.ctx;
  // Room on the right for a drawn chevron (the UI font has no arrow glyph).
  const std::string shown = label + "    ";
  const float w = button_width(ctx, shown.c_str(), false);
  const std::string button_id = std::string("##") + id;
  if (draw_button(ctx, button_id.c_str(), shown.c_str(), at, ImVec2(w, ctx.px(34)),
                  ButtonStyle::Secondary)) {
    ImGui::OpenPopup(id);
  }
  const ImVec2 c(at.x + w - ctx.px(20), at.y + ctx.px(17));
  const float r = ctx.px(4);
  ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(c.x - r, c.y - r / 2),
                                                ImVec2(c.x + r, c.y - r / 2),
                                                ImVec2(c.x, c.y + r / 2), ctx.palette.text_muted);
  frame.report.add(id, label, at, ImVec2(at.x + w, at.y + ctx.px(34)));
  int chosen = -1;
  ImGui::SetNextWindowPos(ImVec2(at.x, at.y + ctx.px(38)));
  ImGui::SetNextWindowSizeConstraints(ImVec2(ctx.px(200), 0), ImVec2(ctx.px(320), ctx.px(360)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ctx.px(6), ctx.px(6)));
  if (ImGui::BeginPopup(id)) {
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const float row_h = ctx.px(32);
    const float width = std::max(ctx.px(200), ImGui::GetContentRegionAvail().x);
    for (int i = 0; i < static_cast<int>(options.size()); ++i) {
      const ImVec2 min = ImGui::GetCursorScreenPos();
      ImGui::PushID(i);
      if (ImGui::InvisibleButton("##option", ImVec2(width, row_h))) chosen = i;
      ImGui::PopID();
      const ImVec2 max(min.x + width, min.y + row_h);
      if (ImGui::IsItemHovered() || i == selected) {
        draw.AddRectFilled(min, max,
                           i == selected
                               ? mix(ctx.palette.card_background, ctx.palette.accent, 0.12f)
                               : mix(ctx.palette.card_background, ctx.palette.text, 0.05f),
                           ctx.px(6));
      }
      const std::string& text = options[static_cast<std::size_t>(i)];
      draw_text_centered_y(draw, ctx.fonts.body, min.x + ctx.px(10), (min.y + max.y) / 2,
                           width - ctx.px(20), ctx.palette.text, text);
      frame.report.add(option_id, text, min, max);
    }
    if (chosen >= 0) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
  return chosen;
}

// [SECTION] Controls

float draw_controls(PageFrame& frame, const MocsPageView& view, MocsPageState& state,
                    const Column& column, float y, core::UnixMillis now, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  if (draw_page_title(frame, column, y, "MOCs", "##add-moc-button", "Add MOC")) {
    out.navigate = QuickAction::AddMoc;
  }
  MocQuery& q = state.editing;
  // Search: the list follows once typing settles.
  TextFieldState& search = frame.io.state("mocs-search");
  if (!state.started) {
    search.value = q.search;
    state.started = true;
  }
  const float search_w = std::min(column.width, ctx.px(420));
  const FieldResult typed = draw_text_field(ctx,
                                            {.id = "mocs-search",
                                             .kind = FieldKind::Search,
                                             .name = "q",
                                             .placeholder = "Search by title",
                                             .form = "mocs-search-form"},
                                            frame.io, ImVec2(column.x, y), search_w);
  if (typed.cancelled) search.value.clear();
  if (search.value != q.search) {
    q.search = search.value;
    state.search_changed_at = now;
  }
  const bool search_now = frame.io.take_submit("mocs-search-form") || typed.submitted;
  y += ctx.px(kFieldCssHeight) + ctx.px(14);

  // Filters: build status and coverage as segments, theme and sort as menus.
  static constexpr std::array<const char*, 4> kBuild{"Any status", "Added", "In progress", "Built"};
  const int build = q.build_status ? static_cast<int>(*q.build_status) + 1 : 0;
  std::vector<ImVec2> rects;
  const int build_clicked = draw_segmented(ctx, "filter-build", kBuild.data(), 4, build,
                                           ImVec2(column.x, y), column.width, &rects);
  for (int i = 0; i < 4; ++i) {
    frame.report.add(i == build ? "filter-build-selected" : "filter-build", kBuild[i],
                     rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (build_clicked >= 0) {
    q.build_status =
        build_clicked == 0 ? std::nullopt : std::optional(core::kBuildStatuses[build_clicked - 1]);
  }
  y += segmented_height(ctx, kBuild.data(), 4, column.width) + ctx.px(8);

  static constexpr std::array<const char*, 4> kCoverage{"Any parts", "Full inventory",
                                                        "Partly ordered", "No parts yet"};
  const int coverage = q.coverage_status ? static_cast<int>(*q.coverage_status) + 1 : 0;
  rects.clear();
  const int coverage_clicked = draw_segmented(ctx, "filter-coverage", kCoverage.data(), 4, coverage,
                                              ImVec2(column.x, y), column.width, &rects);
  for (int i = 0; i < 4; ++i) {
    frame.report.add(i == coverage ? "filter-coverage-selected" : "filter-coverage", kCoverage[i],
                     rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (coverage_clicked >= 0) {
    q.coverage_status = coverage_clicked == 0
                            ? std::nullopt
                            : std::optional(core::kCoverageStatuses[coverage_clicked - 1]);
  }
  y += segmented_height(ctx, kCoverage.data(), 4, column.width) + ctx.px(8);

  std::vector<std::string> theme_options{"All themes"};
  theme_options.insert(theme_options.end(), view.themes.begin(), view.themes.end());
  int theme_selected = 0;
  for (std::size_t i = 0; i < view.themes.size(); ++i) {
    if (view.themes[i] == q.theme) theme_selected = static_cast<int>(i) + 1;
  }
  const std::string theme_label = q.theme.empty() ? "All themes" : q.theme;
  const int theme = draw_menu(frame, "filter-theme", theme_label, theme_options, theme_selected,
                              ImVec2(column.x, y), "theme-option");
  if (theme == 0) q.theme.clear();
  if (theme > 0) q.theme = theme_options[static_cast<std::size_t>(theme)];
  std::vector<std::string> sort_options;
  int sort_selected = 0;
  for (std::size_t i = 0; i < kSorts.size(); ++i) {
    sort_options.emplace_back(kSorts[i].label);
    if (kSorts[i].sort == q.sort) sort_selected = static_cast<int>(i);
  }
  const float theme_w = button_width(ctx, (theme_label + "    ").c_str(), false);
  const int sort = draw_menu(frame, "sort", sort_label(q.sort), sort_options, sort_selected,
                             ImVec2(column.x + theme_w + ctx.px(8), y), "sort-option");
  if (sort >= 0) q.sort = kSorts[static_cast<std::size_t>(sort)].sort;
  y += ctx.px(34) + ctx.px(14);

  // The list follows the controls: at once for a click, after a pause for typing.
  MocQuery wanted = q;
  if (q.search != view.query.search && !search_now &&
      now - state.search_changed_at < kSearchSettleMs) {
    wanted.search = view.query.search;
  }
  if (wanted != view.query) {
    out.query = wanted;
    state.scroll_to = 0;
  }

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const std::string count = !view.loaded_once ? "Loading\xE2\x80\xA6"
                            : view.total == 0 ? "No MOCs match"
                                              : count_label(view.total, "MOC", "MOCs");
  draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), ctx.palette.text_muted, count);
  frame.report.add(
      "mocs-count", count, ImVec2(column.x, y),
      ImVec2(column.x + text_width(ctx.fonts.small, count), y + ctx.fonts.small->FontSize));
  if (!view.error.empty()) {
    const std::string line = "The list could not be loaded: " + view.error;
    const float x = column.x + text_width(ctx.fonts.small, count) + ctx.px(16);
    draw_text(draw, ctx.fonts.small, ImVec2(x, y), ctx.palette.bad,
              fit_text(ctx.fonts.small, line, column.x + column.width - x - ctx.px(90)));
    frame.report.add("mocs-error", line, ImVec2(x, y), ImVec2(x + ctx.px(100), y + ctx.px(16)));
    const ImVec2 at(column.x + column.width - ctx.px(80), y - ctx.px(8));
    if (draw_button(ctx, "##mocs-retry", "Retry", at, ImVec2(ctx.px(80), ctx.px(30)),
                    ButtonStyle::Secondary)) {
      out.retry = true;
    }
    frame.report.add("mocs-retry", "Retry", at, ImVec2(at.x + ctx.px(80), at.y + ctx.px(30)));
  }
  return y + ctx.fonts.small->FontSize + ctx.px(12);
}

// [SECTION] Rows

void draw_row(PageFrame& frame, const core::Moc& moc, ImVec2 min, ImVec2 max, bool last,
              PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  ImGui::SetCursorScreenPos(min);
  ImGui::PushID(moc.id.data(), moc.id.data() + moc.id.size());
  const bool clicked = ImGui::InvisibleButton("##row", ImVec2(max.x - min.x, max.y - min.y));
  ImGui::PopID();
  if (clicked) out.navigate = OpenMoc{moc.id};
  if (ImGui::IsItemHovered()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw.AddRectFilled(min, max, mix(p.card_background, p.text, 0.035f), ctx.px(8));
  }
  if (!last) {
    draw.AddLine(ImVec2(min.x + ctx.px(12), max.y), ImVec2(max.x - ctx.px(12), max.y),
                 p.card_border, ctx.px(1));
  }
  const float cy = (min.y + max.y) / 2;
  const float thumb = ctx.px(44);
  const float left = min.x + ctx.px(12);
  draw_cover(ctx, draw, ImVec2(left, cy - thumb / 2), ImVec2(left + thumb, cy + thumb / 2),
             moc.cover_image_url, ImageSize::Thumbnail, ctx.px(8));

  const float right = max.x - ctx.px(12);
  const bool wide = max.x - min.x > ctx.px(640);
  float column_left = right;
  // Right to left: updated date, coverage, status chip.
  if (wide) {
    const std::string updated =
        core::format_relative_date(moc.updated_at, ctx.now, ctx.utc_offset_minutes);
    const float w = ctx.px(96);
    column_left -= w;
    draw_text_centered_y(draw, ctx.fonts.small, column_left, cy, w, p.text_muted, updated);
    const float bar_w = ctx.px(120);
    column_left -= bar_w + ctx.px(20);
    const std::string percent = core::format_percent(moc.coverage_percentage);
    draw_bar(draw, ImVec2(column_left, cy + ctx.px(6)),
             ImVec2(column_left + bar_w, cy + ctx.px(12)),
             static_cast<float>(moc.coverage_percentage / 100),
             coverage_status_color(p, moc.parts_coverage_status), p.skeleton);
    draw_text(draw, ctx.fonts.small, ImVec2(column_left, cy - ctx.px(12)), p.text_muted,
              percent + " \xC2\xB7 " + coverage_status_label(moc.parts_coverage_status));
    frame.report.add("moc-row-coverage", percent, ImVec2(column_left, cy - ctx.px(12)),
                     ImVec2(column_left + bar_w, cy + ctx.px(12)));
    column_left -= ctx.px(20);
  }
  const char* status = build_status_label(moc.build_status);
  const float chip_w = chip_width(ctx, status);
  column_left -= chip_w;
  const ImVec2 chip_at(column_left, cy - (ctx.fonts.small->FontSize + ctx.px(6)) / 2);
  const ImVec2 chip =
      draw_chip(ctx, draw, chip_at, status, build_status_color(p, moc.build_status));
  frame.report.add("moc-row-status", status, chip_at,
                   ImVec2(chip_at.x + chip.x, chip_at.y + chip.y));

  const float text_x = left + thumb + ctx.px(14);
  const float text_w = std::max(ctx.px(40), column_left - ctx.px(16) - text_x);
  const float text_top =
      cy - (ctx.fonts.body->FontSize + ctx.px(4) + ctx.fonts.small->FontSize) / 2;
  draw_text(draw, ctx.fonts.body, ImVec2(text_x, text_top), p.text,
            fit_text(ctx.fonts.body, moc.title, text_w));
  draw_text(draw, ctx.fonts.small, ImVec2(text_x, text_top + ctx.fonts.body->FontSize + ctx.px(4)),
            p.text_muted, fit_text(ctx.fonts.small, moc.theme, text_w));
  frame.report.add("moc-row", moc.title, min, max);
}

void draw_skeleton_row(const DrawContext& ctx, ImVec2 min, ImVec2 max) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float cy = (min.y + max.y) / 2;
  const float left = min.x + ctx.px(12);
  const float thumb = ctx.px(44);
  draw.AddRectFilled(ImVec2(left, cy - thumb / 2), ImVec2(left + thumb, cy + thumb / 2),
                     ctx.palette.skeleton, ctx.px(8));
  const float x = left + thumb + ctx.px(14);
  const float w = std::max(ctx.px(40), (max.x - x) * 0.4f);
  draw.AddRectFilled(ImVec2(x, cy - ctx.px(10)), ImVec2(x + w, cy - ctx.px(2)),
                     ctx.palette.skeleton, ctx.px(4));
  draw.AddRectFilled(ImVec2(x, cy + ctx.px(4)), ImVec2(x + w * 0.5f, cy + ctx.px(10)),
                     ctx.palette.skeleton, ctx.px(3));
}

}  // namespace

void draw_mocs_page(PageFrame& frame, const MocsPageView& view, MocsPageState& state,
                    core::UnixMillis now, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Column column = page_column(ctx, frame.min, frame.max);
  const float top = draw_controls(frame, view, state, column, frame.min.y + ctx.px(24), now, out);

  // The list: a card whose inside scrolls; only visible rows are drawn.
  const ImVec2 list_min(column.x, top);
  const ImVec2 list_max(column.x + column.width, frame.max.y - ctx.px(16));
  if (list_max.y - list_min.y < ctx.px(80)) return;
  ImDrawList& outer = *ImGui::GetWindowDrawList();
  outer.AddRectFilled(list_min, list_max, ctx.palette.card_background, ctx.px(12));
  outer.AddRect(list_min, list_max, ctx.palette.card_border, ctx.px(12), 0, ctx.px(1));
  ImGui::SetCursorScreenPos(ImVec2(list_min.x + ctx.px(1), list_min.y + ctx.px(6)));
  ImGui::BeginChild(
      "##mocs-list",
      ImVec2(list_max.x - list_min.x - ctx.px(2), list_max.y - list_min.y - ctx.px(12)), false,
      ImGuiWindowFlags_NoBackground);
  if (state.scroll_to >= 0) {
    ImGui::SetScrollY(state.scroll_to);
    state.scroll_to = -1;
  }
  const float row_h = ctx.px(kMocRowCss);
  // Before the first page: a screen of skeleton rows.
  const auto total = !view.loaded_once ? std::size_t{8}
                                       : static_cast<std::size_t>(std::max<std::int64_t>(
                                             view.total, static_cast<std::int64_t>(view.rows)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float scroll = ImGui::GetScrollY();
  state.scroll = scroll;
  const float visible_h = ImGui::GetWindowHeight();
  const std::size_t first = static_cast<std::size_t>(std::max(0.0f, std::floor(scroll / row_h)));
  const std::size_t last =
      std::min(total, static_cast<std::size_t>(std::ceil((scroll + visible_h) / row_h)));
  int drawn = 0;
  if (view.loaded_once && total == 0) {
    const char* line = view.query == MocQuery{} ? "No MOCs yet. Add your first one."
                                                : "No MOC matches this search and these filters.";
    CardReport empty;
    if (draw_empty_state(ctx, empty, "mocs-empty", origin,
                         ImVec2(origin.x + width, origin.y + visible_h - ctx.px(12)), line,
                         "Add MOC")) {
      out.navigate = QuickAction::AddMoc;
    }
    for (Semantic& s : empty.items) frame.report.items.push_back(std::move(s));
  }
  for (std::size_t i = first; i < last; ++i) {
    const ImVec2 min(origin.x, origin.y + static_cast<float>(i) * row_h);
    const ImVec2 max(origin.x + width, min.y + row_h);
    std::optional<core::Moc> moc;
    if (i < view.rows && view.row) moc = view.row(i);
    if (moc) {
      draw_row(frame, *moc, min, max, i + 1 == total, out);
    } else {
      draw_skeleton_row(ctx, min, max);
    }
    ++drawn;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(1, static_cast<float>(total) * row_h));
  ImGui::EndChild();
  frame.report.rows_drawn = drawn;
  frame.report.rows_total = static_cast<int>(total);
  // A screen's worth ahead, so scrolling on finds rows already there.
  out.rows_wanted = std::max<std::size_t>(last + (last - first) + 1, 20);
}

}  // namespace dashboard::ui
