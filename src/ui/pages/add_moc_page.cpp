#include "ui/pages/add_moc_page.hpp"

#include <algorithm>
#include <array>

#include "ui/pages/moc_page.hpp"
#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr const char* kForm = "add-moc-form";
constexpr core::UnixMillis kPreviewSettleMs = 500;

}  // namespace

void reset_add_moc(FieldIo& io, AddMocState& state) {
  for (const char* id : {"add-title", "add-theme", "add-coverage-percentage", "add-cover-url"}) {
    io.state(id).value.clear();
  }
  io.state("add-coverage-percentage").value = "0";
  state = AddMocState{};
}

float draw_add_moc_page(PageFrame& frame, const AddMocView& view, AddMocState& state,
                        core::UnixMillis now, PageActions& out) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Column column = page_column(ctx, frame.min, frame.max, 720);
  float y = frame.min.y + ctx.px(24);
  const float form_top = y;
  draw_page_title(frame, column, y, "Add a MOC");
  const float x = column.x;
  const float width = column.width;
  const auto error_for = [&](std::string_view field) -> std::string {
    if (state.local_field == field) return state.local_error;
    if (view.field == field) return view.error;
    return {};
  };
  if (!state.focused_once) {
    frame.io.state("add-title").focus_requested = true;
    if (frame.io.state("add-coverage-percentage").value.empty()) {
      frame.io.state("add-coverage-percentage").value = "0";
    }
    state.focused_once = true;
  }

  bool submit = false;
  bool cancel = false;
  const auto field = [&](const FieldSpec& spec, std::string_view wire, float w) {
    const std::string error = error_for(wire);
    const FieldResult r = draw_text_field(ctx, spec, frame.io, ImVec2(x, y), w, error);
    submit |= r.submitted;
    cancel |= r.cancelled;
    y += text_field_height(ctx, true, !error.empty()) + ctx.px(14);
  };
  field({.id = "add-title",
         .label = "Title",
         .name = "title",
         .placeholder = "Harbour Crane",
         .form = kForm},
        "title", width);
  field({.id = "add-theme",
         .label = "Theme",
         .name = "theme",
         .placeholder = "Pick one below or type a new one",
         .form = kForm},
        "theme", width);
  TextFieldState& theme = frame.io.state("add-theme");
  y -= ctx.px(6);
  if (auto picked = draw_theme_suggestions(frame, theme_suggestions(view.themes, theme.value, 10),
                                           x, y, width)) {
    theme.value = *picked;
  }

  draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted, "Build status");
  y += ctx.fonts.small->FontSize + ctx.px(6);
  static constexpr std::array<const char*, 3> kBuild{"Added", "In progress", "Built"};
  std::vector<ImVec2> rects;
  const int build =
      draw_segmented(ctx, "add-build-status", kBuild.data(), 3,
                     static_cast<int>(state.build_status), ImVec2(x, y), width, &rects);
  for (int i = 0; i < 3; ++i) {
    frame.report.add(i == static_cast<int>(state.build_status) ? "add-build-status-selected"
                                                               : "add-build-status",
                     kBuild[i], rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (build >= 0) state.build_status = core::kBuildStatuses[build];
  y += segmented_height(ctx, kBuild.data(), 3, width) + ctx.px(14);

  draw_text(draw, ctx.fonts.small, ImVec2(x, y), p.text_muted, "Parts coverage");
  y += ctx.fonts.small->FontSize + ctx.px(6);
  static constexpr std::array<const char*, 3> kCoverage{"Full inventory", "Partly ordered",
                                                        "No parts yet"};
  rects.clear();
  const int coverage =
      draw_segmented(ctx, "add-coverage-status", kCoverage.data(), 3,
                     static_cast<int>(state.coverage_status), ImVec2(x, y), width, &rects);
  for (int i = 0; i < 3; ++i) {
    frame.report.add(i == static_cast<int>(state.coverage_status) ? "add-coverage-status-selected"
                                                                  : "add-coverage-status",
                     kCoverage[i], rects[2 * static_cast<std::size_t>(i)],
                     rects[(2 * static_cast<std::size_t>(i)) + 1]);
  }
  if (coverage >= 0) state.coverage_status = core::kCoverageStatuses[coverage];
  y += segmented_height(ctx, kCoverage.data(), 3, width) + ctx.px(14);

  field({.id = "add-coverage-percentage",
         .label = "Coverage (%)",
         .kind = FieldKind::Decimal,
         .name = "coveragePercentage",
         .form = kForm},
        "coveragePercentage", std::min(width, ctx.px(160)));

  // The cover URL with a preview beside it.
  const float preview = ctx.px(96);
  const float url_w = std::max(ctx.px(120), width - preview - ctx.px(16));
  const float url_top = y;
  field({.id = "add-cover-url",
         .label = "Cover image URL (optional)",
         .kind = FieldKind::Url,
         .name = "coverImageUrl",
         .autocomplete = "url",
         .placeholder = "/covers/castle.png",
         .form = kForm},
        "coverImageUrl", url_w);
  const std::string& url = frame.io.state("add-cover-url").value;
  if (url != state.preview_url) {
    if (state.url_changed_at == 0) state.url_changed_at = now;
    if (now - state.url_changed_at >= kPreviewSettleMs) {
      state.preview_url = url;
      state.url_changed_at = 0;
    }
  } else {
    state.url_changed_at = 0;
  }
  const ImVec2 preview_min(x + url_w + ctx.px(16), url_top);
  const ImVec2 preview_max(preview_min.x + preview, preview_min.y + preview);
  draw_cover(ctx, draw, preview_min, preview_max,
             state.preview_url.empty() ? std::nullopt : std::optional(state.preview_url),
             ImageSize::Tile, ctx.px(10));
  frame.report.add("add-cover-preview", state.preview_url, preview_min, preview_max);
  y = std::max(y, preview_max.y + ctx.px(14));

  if (!view.error.empty() && view.field.empty()) {
    draw_text(draw, ctx.fonts.body, ImVec2(x, y), p.bad,
              fit_text(ctx.fonts.body, view.error, width));
    frame.report.add("add-error", view.error, ImVec2(x, y),
                     ImVec2(x + width, y + ctx.fonts.body->FontSize));
    y += ctx.fonts.body->FontSize + ctx.px(12);
  }
  const char* label = view.busy ? "Adding\xE2\x80\xA6" : "Add MOC";
  const float submit_w = std::max(button_width(ctx, "Adding\xE2\x80\xA6", false), ctx.px(140));
  const ImVec2 submit_at(x, y);
  submit |= draw_button(ctx, "##add-submit", label, submit_at, ImVec2(submit_w, ctx.px(44)),
                        ButtonStyle::Primary, ButtonIcon::None, view.busy);
  frame.report.add("add-submit", label, submit_at,
                   ImVec2(submit_at.x + submit_w, submit_at.y + ctx.px(44)));
  const float cancel_w = button_width(ctx, "Cancel", false);
  const ImVec2 cancel_at(x + submit_w + ctx.px(12), y);
  cancel |= draw_button(ctx, "##add-cancel", "Cancel", cancel_at, ImVec2(cancel_w, ctx.px(44)),
                        ButtonStyle::Secondary);
  frame.report.add("add-cancel", "Cancel", cancel_at,
                   ImVec2(cancel_at.x + cancel_w, cancel_at.y + ctx.px(44)));
  report_form(frame.io, kForm, "add-submit", label, view.busy, ImVec2(x, form_top),
              ImVec2(x + width, y + ctx.px(44)), submit_at,
              ImVec2(submit_at.x + submit_w, submit_at.y + ctx.px(44)));
  y += ctx.px(44) + ctx.px(24);
  submit |= frame.io.take_submit(kForm);

  if (cancel) out.cancel = true;
  if (submit && !view.busy) {
    state.local_field.clear();
    state.local_error.clear();
    const std::string title = frame.io.state("add-title").value;
    const std::optional<double> percent =
        parse_number(frame.io.state("add-coverage-percentage").value);
    if (title.find_first_not_of(' ') == std::string::npos) {
      state.local_field = "title";
      state.local_error = "title: is required";
    } else if (theme.value.find_first_not_of(' ') == std::string::npos) {
      state.local_field = "theme";
      state.local_error = "theme: is required (pick one or type a new one)";
    } else if (!percent) {
      state.local_field = "coveragePercentage";
      state.local_error = "coveragePercentage: must be a number between 0 and 100";
    } else {
      core::client::MocPatch fields;
      fields.title = title;
      fields.theme = theme.value;
      fields.build_status = state.build_status;
      fields.parts_coverage_status = state.coverage_status;
      fields.coverage_percentage = *percent;
      if (!url.empty()) fields.cover_image_url = std::optional(url);
      out.create = std::move(fields);
    }
  }
  return y - frame.min.y;
}

}  // namespace dashboard::ui
