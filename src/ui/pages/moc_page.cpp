// [SECTION] Theme suggestions
// [SECTION] In-place fields
// [SECTION] Panels   — conflict, delete confirmation
// [SECTION] Page
#include "ui/pages/moc_page.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "core/format.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr const char* kOpen = "\xE2\x80\x9C";
constexpr const char* kClose = "\xE2\x80\x9D";

std::string quoted(std::string_view s) {
  return kOpen + std::string(s) + kClose;
}

bool contains_folded(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  const auto it =
      std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      });
  return it != text.end();
}

}  // namespace

// [SECTION] Theme suggestions

std::vector<std::string> theme_suggestions(std::span<const std::string> themes,
                                           std::string_view typed, std::size_t limit) {
  std::vector<std::string> out;
  for (const std::string& theme : themes) {
    if (out.size() >= limit) break;
    if (theme != typed && contains_folded(theme, typed)) out.push_back(theme);
  }
  return out;
}

std::optional<std::string> draw_theme_suggestions(PageFrame& frame,
                                                  const std::vector<std::string>& suggestions,
                                                  float x, float& y, float width) {
  if (suggestions.empty()) return std::nullopt;
  std::vector<const char*> labels;
  labels.reserve(suggestions.size());
  for (const std::string& s : suggestions) labels.push_back(s.c_str());
  std::vector<ImVec2> rects;
  const int count = static_cast<int>(labels.size());
  const int clicked = draw_segmented(frame.ctx, "theme-suggestions", labels.data(), count, -1,
                                     ImVec2(x, y), width, &rects);
  for (int i = 0; i < count; ++i) {
    frame.report.add("theme-suggestion", suggestions[static_cast<std::size_t>(i)],
                     rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  y += segmented_height(frame.ctx, labels.data(), count, width) + frame.ctx.px(10);
  if (clicked < 0) return std::nullopt;
  return suggestions[static_cast<std::size_t>(clicked)];
}

namespace {

// [SECTION] In-place fields

struct FieldLayout {
  float x;
  float width;
};

// The text a field shows for the MOC when nobody is editing it.
std::string field_text(const core::Moc& moc, std::string_view id) {
  if (id == "moc-title") return moc.title;
  if (id == "moc-theme") return moc.theme;
  if (id == "moc-coverage-percentage") return number_text(moc.coverage_percentage);
  if (id == "moc-cover-url") return moc.cover_image_url.value_or("");
  return {};
}

// The wire name of an in-place field's MOC member.
std::string_view wire_field(std::string_view id) {
  if (id == "moc-title") return "title";
  if (id == "moc-theme") return "theme";
  if (id == "moc-coverage-percentage") return "coveragePercentage";
  return "coverImageUrl";
}

// One in-place text field: follows the MOC while not edited (so changes
// from elsewhere show in it), saves on Enter or when focus leaves, puts the
// saved value back on Esc. Returns the version typing began on when it
// asks to save.
std::optional<std::int64_t> in_place_field(PageFrame& frame, MocPageState& page,
                                           const core::Moc& moc, const FieldSpec& spec,
                                           const std::string& error, float x, float& y, float width,
                                           bool hold_commit, PageActions& out) {
  TextFieldState& state = frame.io.state(spec.id);
  const std::string saved = field_text(moc, spec.id);
  // A refused value stays as typed under its error until edited or cancelled.
  if (!state.focused && error.empty() && !hold_commit) state.value = saved;
  if (state.focused && page.editing_from.count(spec.id) == 0) {
    page.editing_from.emplace(spec.id, moc.version);
  }
  const FieldResult r = draw_text_field(frame.ctx, spec, frame.io, ImVec2(x, y), width, error);
  y += text_field_height(frame.ctx, !spec.label.empty(), !error.empty()) + frame.ctx.px(14);
  const auto from = page.editing_from.find(spec.id);
  const std::int64_t base = from != page.editing_from.end() ? from->second : moc.version;
  if (r.cancelled) {
    state.value = saved;
    page.editing_from.erase(std::string(spec.id));
    if (!error.empty()) out.clear_field_error = std::string(wire_field(spec.id));
    return std::nullopt;
  }
  const bool submitted = r.submitted || frame.io.take_submit(spec.form);
  const bool leaving = r.blurred && !hold_commit;
  if (leaving && from != page.editing_from.end()) page.editing_from.erase(from);
  if ((submitted || leaving) && state.value != saved) {
    page.editing_from.erase(std::string(spec.id));
    return base;
  }
  return std::nullopt;
}

// [SECTION] Panels

void draw_conflict(PageFrame& frame, const MocPageView& view, float x, float& y, float width,
                   PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  const core::client::MocPatch& mine = *view.conflict_mine;
  const core::Moc& theirs = *view.conflict_theirs;
  std::vector<std::string> lines;
  if (mine.title)
    lines.push_back("Title: now " + quoted(theirs.title) + ", yours " + quoted(*mine.title));
  if (mine.theme)
    lines.push_back("Theme: now " + quoted(theirs.theme) + ", yours " + quoted(*mine.theme));
  if (mine.build_status) {
    lines.push_back(std::string("Build status: now ") + build_status_label(theirs.build_status) +
                    ", yours " + build_status_label(*mine.build_status));
  }
  if (mine.parts_coverage_status) {
    lines.push_back(std::string("Parts: now ") +
                    coverage_status_label(theirs.parts_coverage_status) + ", yours " +
                    coverage_status_label(*mine.parts_coverage_status));
  }
  if (mine.coverage_percentage) {
    lines.push_back("Coverage: now " + core::format_percent(theirs.coverage_percentage) +
                    ", yours " + core::format_percent(*mine.coverage_percentage));
  }
  if (mine.cover_image_url) {
    lines.push_back("Cover URL: now " + quoted(theirs.cover_image_url.value_or("none")) +
                    ", yours " + quoted(mine.cover_image_url->value_or("none")));
  }
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const float pad = ctx.px(16);
  const float line_h = ctx.fonts.body->FontSize + ctx.px(6);
  const float h = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(8) +
                  static_cast<float>(lines.size()) * line_h + ctx.px(12) + ctx.px(36);
  const ImVec2 min(x, y);
  const ImVec2 max(x + width, y + h);
  draw.AddRectFilled(min, max, mix(p.card_background, p.warning, 0.14f), ctx.px(10));
  draw.AddRect(min, max, mix(p.card_border, p.warning, 0.6f), ctx.px(10), 0, ctx.px(1));
  float ty = min.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(min.x + pad, ty), p.text, "Changed elsewhere");
  std::string all = "Changed elsewhere.";
  ty += ctx.fonts.heading->FontSize + ctx.px(8);
  for (const std::string& line : lines) {
    draw_text(draw, ctx.fonts.body, ImVec2(min.x + pad, ty), p.text,
              fit_text(ctx.fonts.body, line, width - 2 * pad));
    all += " " + line + ".";
    ty += line_h;
  }
  frame.report.add("moc-conflict", all, min, max);
  ty += ctx.px(12);
  const char* apply = "Apply mine again";
  const char* keep = "Keep theirs";
  const float apply_w = button_width(ctx, apply, false);
  const ImVec2 apply_at(min.x + pad, ty);
  if (draw_button(ctx, "##conflict-apply", apply, apply_at, ImVec2(apply_w, ctx.px(36)),
                  ButtonStyle::Primary)) {
    out.apply_again = true;
  }
  frame.report.add("moc-conflict-apply", apply, apply_at,
                   ImVec2(apply_at.x + apply_w, apply_at.y + ctx.px(36)));
  const float keep_w = button_width(ctx, keep, false);
  const ImVec2 keep_at(apply_at.x + apply_w + ctx.px(10), ty);
  if (draw_button(ctx, "##conflict-keep", keep, keep_at, ImVec2(keep_w, ctx.px(36)),
                  ButtonStyle::Secondary)) {
    out.dismiss_conflict = true;
  }
  frame.report.add("moc-conflict-dismiss", keep, keep_at,
                   ImVec2(keep_at.x + keep_w, keep_at.y + ctx.px(36)));
  y = max.y + ctx.px(16);
}

void draw_delete(PageFrame& frame, const core::Moc& moc, MocPageState& state, float x, float& y,
                 float width, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  if (!state.confirm_delete) {
    const char* label = "Delete MOC";
    const float w = button_width(ctx, label, false);
    const ImVec2 at(x, y);
    if (draw_button(ctx, "##moc-delete", label, at, ImVec2(w, ctx.px(36)),
                    ButtonStyle::Secondary)) {
      state.confirm_delete = true;
    }
    frame.report.add("moc-delete", label, at, ImVec2(at.x + w, at.y + ctx.px(36)));
    y += ctx.px(36) + ctx.px(16);
    return;
  }
  const float pad = ctx.px(16);
  const float h = pad * 2 + ctx.fonts.body->FontSize + ctx.px(12) + ctx.px(36);
  const ImVec2 min(x, y);
  const ImVec2 max(x + width, y + h);
  draw.AddRectFilled(min, max, mix(p.card_background, p.bad, 0.08f), ctx.px(10));
  draw.AddRect(min, max, mix(p.card_border, p.bad, 0.5f), ctx.px(10), 0, ctx.px(1));
  const std::string question =
      "Delete " + quoted(moc.title) + "? You can undo it for a few seconds.";
  draw_text(draw, ctx.fonts.body, ImVec2(min.x + pad, min.y + pad), p.text,
            fit_text(ctx.fonts.body, question, width - 2 * pad));
  frame.report.add("moc-delete-question", question, min, max);
  const float by = min.y + pad + ctx.fonts.body->FontSize + ctx.px(12);
  const char* yes = "Delete";
  const char* no = "Cancel";
  const float yes_w = button_width(ctx, yes, false);
  const ImVec2 yes_at(min.x + pad, by);
  if (draw_button(ctx, "##moc-delete-confirm", yes, yes_at, ImVec2(yes_w, ctx.px(36)),
                  ButtonStyle::Primary)) {
    out.delete_moc = moc.id;
    state.confirm_delete = false;
  }
  frame.report.add("moc-delete-confirm", yes, yes_at, ImVec2(yes_at.x + yes_w, by + ctx.px(36)));
  const float no_w = button_width(ctx, no, false);
  const ImVec2 no_at(yes_at.x + yes_w + ctx.px(10), by);
  if (draw_button(ctx, "##moc-delete-cancel", no, no_at, ImVec2(no_w, ctx.px(36)),
                  ButtonStyle::Secondary) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    state.confirm_delete = false;
  }
  frame.report.add("moc-delete-cancel", no, no_at, ImVec2(no_at.x + no_w, by + ctx.px(36)));
  y = max.y + ctx.px(16);
}

// The fields column: every field of the MOC, editable.
void draw_fields(PageFrame& frame, const MocPageView& view, MocPageState& state,
                 const core::Moc& moc, float x, float& y, float width, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const auto error_of = [&view](std::string_view field) {
    return view.field_error ? view.field_error(field) : std::string();
  };
  const auto edit = [&](core::client::MocPatch patch, const char* what,
                        std::optional<std::int64_t> base = std::nullopt) {
    out.edit =
        MocEdit{moc.id, std::move(patch), std::string(what) + " of " + quoted(moc.title), base};
  };

  // Title, in the display face's place: the page's heading is the field.
  if (auto base = in_place_field(
          frame, state, moc,
          {.id = "moc-title", .label = "Title", .name = "title", .form = "moc-title-form"},
          error_of("title"), x, y, width, false, out)) {
    core::client::MocPatch patch;
    patch.title = frame.io.state("moc-title").value;
    edit(std::move(patch), "the title", base);
  }

  // Theme: type one, or pick one of the user's themes while typing.
  TextFieldState& theme = frame.io.state("moc-theme");
  const bool mouse_on_suggestions =
      state.theme_choosing && ImGui::IsMouseDown(ImGuiMouseButton_Left);
  const std::optional<std::int64_t> theme_base = in_place_field(
      frame, state, moc,
      {.id = "moc-theme", .label = "Theme", .name = "theme", .form = "moc-theme-form"},
      error_of("theme"), x, y, width, mouse_on_suggestions, out);
  if (theme_base) {
    core::client::MocPatch patch;
    patch.theme = theme.value;
    edit(std::move(patch), "the theme", theme_base);
    state.theme_choosing = false;
  }
  if (theme.focused || state.theme_choosing) {
    y -= ctx.px(6);
    const std::vector<std::string> suggestions = theme_suggestions(view.themes, theme.value, 8);
    state.theme_choosing = !suggestions.empty() && (theme.focused || mouse_on_suggestions);
    const auto from = state.editing_from.find("moc-theme");
    const std::optional<std::int64_t> base =
        from != state.editing_from.end() ? std::optional(from->second) : std::nullopt;
    if (auto picked = draw_theme_suggestions(frame, suggestions, x, y, width)) {
      theme.value = *picked;
      core::client::MocPatch patch;
      patch.theme = *picked;
      edit(std::move(patch), "the theme", base);
      state.theme_choosing = false;
      state.editing_from.erase("moc-theme");
    } else if (!state.theme_choosing && !theme.focused && theme.value != moc.theme &&
               error_of("theme").empty()) {
      // The press that opened nothing ended: what was typed is saved.
      core::client::MocPatch patch;
      patch.theme = theme.value;
      edit(std::move(patch), "the theme", base);
      state.editing_from.erase("moc-theme");
    }
  }

  // Build status and parts coverage: saved on click.
  draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted, "Build status");
  y += ctx.fonts.small->FontSize + ctx.px(6);
  static constexpr std::array<const char*, 3> kBuild{"Added", "In progress", "Built"};
  std::vector<ImVec2> rects;
  const int build = draw_segmented(ctx, "moc-build-status", kBuild.data(), 3,
                                   static_cast<int>(moc.build_status), ImVec2(x, y), width, &rects);
  for (int i = 0; i < 3; ++i) {
    frame.report.add(
        i == static_cast<int>(moc.build_status) ? "moc-build-status-selected" : "moc-build-status",
        kBuild[i], rects[2 * static_cast<std::size_t>(i)],
        rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (build >= 0 && core::kBuildStatuses[build] != moc.build_status) {
    core::client::MocPatch patch;
    patch.build_status = core::kBuildStatuses[build];
    edit(std::move(patch), "the build status");
  }
  y += segmented_height(ctx, kBuild.data(), 3, width) + ctx.px(14);

  draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted, "Parts coverage");
  y += ctx.fonts.small->FontSize + ctx.px(6);
  static constexpr std::array<const char*, 3> kCoverage{"Full inventory", "Partly ordered",
                                                        "No parts yet"};
  rects.clear();
  const int coverage =
      draw_segmented(ctx, "moc-coverage-status", kCoverage.data(), 3,
                     static_cast<int>(moc.parts_coverage_status), ImVec2(x, y), width, &rects);
  for (int i = 0; i < 3; ++i) {
    frame.report.add(i == static_cast<int>(moc.parts_coverage_status)
                         ? "moc-coverage-status-selected"
                         : "moc-coverage-status",
                     kCoverage[i], rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (coverage >= 0 && core::kCoverageStatuses[coverage] != moc.parts_coverage_status) {
    core::client::MocPatch patch;
    patch.parts_coverage_status = core::kCoverageStatuses[coverage];
    edit(std::move(patch), "the parts coverage");
  }
  y += segmented_height(ctx, kCoverage.data(), 3, width) + ctx.px(14);

  // Percentage: a number; the server judges its range.
  const float percent_w = std::min(width, ctx.px(160));
  std::string percent_error = error_of("coveragePercentage");
  if (percent_error.empty()) percent_error = state.local_error;
  if (auto base = in_place_field(frame, state, moc,
                                 {.id = "moc-coverage-percentage",
                                  .label = "Coverage (%)",
                                  .kind = FieldKind::Decimal,
                                  .name = "coveragePercentage",
                                  .form = "moc-coverage-form"},
                                 percent_error, x, y, percent_w, false, out)) {
    const std::string& typed = frame.io.state("moc-coverage-percentage").value;
    if (const std::optional<double> value = parse_number(typed)) {
      state.local_error.clear();
      core::client::MocPatch patch;
      patch.coverage_percentage = *value;
      edit(std::move(patch), "the coverage", base);
    } else {
      state.local_error = "coveragePercentage: enter a number from 0 to 100";
    }
  }
  draw_bar(draw, ImVec2(x + percent_w + ctx.px(16), y - ctx.px(14) - ctx.px(24)),
           ImVec2(x + width, y - ctx.px(14) - ctx.px(16)),
           static_cast<float>(moc.coverage_percentage / 100),
           coverage_status_color(p, moc.parts_coverage_status), p.skeleton);

  // Cover URL: empty clears the cover.
  if (auto base = in_place_field(frame, state, moc,
                                 {.id = "moc-cover-url",
                                  .label = "Cover image URL",
                                  .kind = FieldKind::Url,
                                  .name = "coverImageUrl",
                                  .autocomplete = "url",
                                  .placeholder = "https://\xE2\x80\xA6",
                                  .form = "moc-cover-form"},
                                 error_of("coverImageUrl"), x, y, width, false, out)) {
    const std::string& typed = frame.io.state("moc-cover-url").value;
    core::client::MocPatch patch;
    patch.cover_image_url = typed.empty() ? std::optional<std::string>() : std::optional(typed);
    edit(std::move(patch), "the cover", base);
  }

  const std::string dates =
      "Created " + core::format_exact_time(moc.created_at, ctx.utc_offset_minutes) +
      "  \xC2\xB7  Updated " +
      core::format_relative_date(moc.updated_at, ctx.now, ctx.utc_offset_minutes) +
      (view.saving ? "  \xC2\xB7  Saving\xE2\x80\xA6" : "");
  draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted,
            fit_text(ctx.fonts.small, dates, width));
  frame.report.add("moc-dates", dates, ImVec2(x, y),
                   ImVec2(x + width, y + ctx.fonts.small->FontSize));
  y += ctx.fonts.small->FontSize + ctx.px(20);
  draw_delete(frame, moc, state, x, y, width, out);
}

}  // namespace

// [SECTION] Page

float draw_moc_page(PageFrame& frame, const MocPageView& view, MocPageState& state,
                    PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Column column = page_column(ctx, frame.min, frame.max);
  float y = frame.min.y + ctx.px(20);
  if (draw_link(ctx, "##moc-back", "\xE2\x86\x90 All MOCs", ImVec2(column.x, y))) {
    out.navigate = Section::Mocs;
  }
  frame.report.add("moc-back", "All MOCs", ImVec2(column.x, y),
                   ImVec2(column.x + ctx.px(90), y + ctx.fonts.body->FontSize));
  y += ctx.fonts.body->FontSize + ctx.px(16);
  if (state.id != view.id) {
    state = MocPageState{};
    state.id = view.id;
  }

  switch (view.status) {
    case MocPageStatus::Loading:
      draw_page_skeleton(frame, column, y, 8);
      return y + ctx.px(240) - frame.min.y;
    case MocPageStatus::NotFound:
      if (draw_notice(frame, column, y, "moc-not-found", "No such MOC",
                      "It is not in your collection (the link may be old).", "moc-not-found-back",
                      "Back to MOCs")) {
        out.navigate = Section::Mocs;
      }
      return y - frame.min.y;
    case MocPageStatus::Deleted:
      if (draw_notice(frame, column, y, "moc-deleted", "This MOC was deleted",
                      "It was deleted in another tab or by the API.", "moc-deleted-back",
                      "Back to MOCs")) {
        out.navigate = Section::Mocs;
      }
      return y - frame.min.y;
    case MocPageStatus::Failed:
      if (draw_notice(frame, column, y, "moc-error", "The MOC could not be loaded", view.error,
                      "moc-retry", "Retry")) {
        out.retry = true;
      }
      return y - frame.min.y;
    case MocPageStatus::Shown:
      break;
  }
  const core::Moc& moc = *view.moc;
  {
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImFont* font = ctx.fonts.display;
    const std::string shown = fit_text(font, moc.title, column.width);
    draw_text(draw, font, ImVec2(column.x, y), ctx.palette.text, shown);
    frame.report.add("moc-heading", moc.title, ImVec2(column.x, y),
                     ImVec2(column.x + text_width(font, shown), y + font->FontSize));
    y += font->FontSize + ctx.px(8);
    std::string line = moc.theme + "  \xC2\xB7  " + build_status_label(moc.build_status);
    if (view.saving) line += "  \xC2\xB7  Saving\xE2\x80\xA6";
    draw_text(draw, ctx.fonts.body, ImVec2(column.x, y), ctx.palette.text_muted,
              fit_text(ctx.fonts.body, line, column.width));
    y += ctx.fonts.body->FontSize + ctx.px(20);
  }
  if (view.conflict_mine != nullptr && view.conflict_theirs != nullptr) {
    draw_conflict(frame, view, column.x, y, column.width, out);
  }

  // Wide: the cover left, the fields right. Narrow: the cover above.
  const bool wide = column.width >= ctx.px(760);
  const float cover_w = wide ? std::min(ctx.px(400), column.width * 0.42f) : column.width;
  const float cover_h = wide ? cover_w : std::min(cover_w * 0.75f, ctx.px(320));
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 cover_min(column.x, y);
  const ImVec2 cover_max(column.x + cover_w, y + cover_h);
  draw_cover(ctx, draw, cover_min, cover_max, moc.cover_image_url, ImageSize::Large, ctx.px(12));
  frame.report.add("moc-cover", moc.cover_image_url.value_or(""), cover_min, cover_max);
  float fields_y = wide ? y : cover_max.y + ctx.px(20);
  const float fields_x = wide ? cover_max.x + ctx.px(32) : column.x;
  const float fields_w = wide ? column.x + column.width - fields_x : column.width;
  draw_fields(frame, view, state, moc, fields_x, fields_y, fields_w, out);
  return std::max(fields_y, cover_max.y) + ctx.px(24) - frame.min.y;
}

}  // namespace dashboard::ui
