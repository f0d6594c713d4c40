// [SECTION] State
// [SECTION] Drawing what the DOM input holds
// [SECTION] The ImGui field (native, tests)
// [SECTION] The field
#include "ui/text_field.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

constexpr float kPadCss = 12;
constexpr const char* kBullet = "\xE2\x80\xA2";

// [SECTION] State

const char* input_type(FieldKind kind) {
  switch (kind) {
    case FieldKind::Password:
      return "password";
    case FieldKind::Url:
      return "url";
    case FieldKind::Search:
      return "search";
    case FieldKind::Text:
    case FieldKind::Decimal:
      break;
  }
  return "text";
}

// Code points in `text` (bytes that do not continue a UTF-8 sequence).
int code_points(std::string_view text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// What the canvas shows for `value`: bullets for a password.
std::string shown_text(FieldKind kind, std::string_view value) {
  if (kind != FieldKind::Password) return std::string(value);
  std::string out;
  for (int i = 0; i < code_points(value); ++i) out += kBullet;
  return out;
}

// A byte offset into `value` as an offset into what is shown.
std::size_t shown_offset(FieldKind kind, std::string_view value, int offset) {
  const auto clamped =
      static_cast<std::size_t>(std::clamp(offset, 0, static_cast<int>(value.size())));
  if (kind != FieldKind::Password) return clamped;
  return static_cast<std::size_t>(code_points(value.substr(0, clamped))) * 3;
}

// [SECTION] Drawing what the DOM input holds

FieldResult draw_dom_field(const DrawContext& ctx, const FieldSpec& spec, TextFieldState& state,
                           ImVec2 min, ImVec2 max) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImFont* font = ctx.fonts.body;
  const float pad = ctx.px(kPadCss);
  const std::string text = shown_text(spec.kind, state.value);
  const float inner_w = max.x - min.x - 2 * pad;
  const float text_y = std::round((min.y + max.y - font->FontSize) / 2);

  const std::size_t caret = shown_offset(spec.kind, state.value, state.selection_end);
  const float caret_x = text_width(font, std::string_view(text).substr(0, caret));
  // Keep the caret in view, as the input itself scrolls.
  if (caret_x - state.scroll_x > inner_w) state.scroll_x = caret_x - inner_w;
  if (caret_x < state.scroll_x) state.scroll_x = caret_x;
  state.scroll_x =
      std::max(0.0f, std::min(state.scroll_x, std::max(0.0f, text_width(font, text) - inner_w)));
  const float x0 = min.x + pad - state.scroll_x;

  draw.PushClipRect(ImVec2(min.x + pad / 2, min.y), ImVec2(max.x - pad / 2, max.y), true);
  if (state.focused && state.selection_start != state.selection_end) {
    const std::size_t a =
        shown_offset(spec.kind, state.value, std::min(state.selection_start, state.selection_end));
    const std::size_t b =
        shown_offset(spec.kind, state.value, std::max(state.selection_start, state.selection_end));
    const float sx = x0 + text_width(font, std::string_view(text).substr(0, a));
    const float ex = x0 + text_width(font, std::string_view(text).substr(0, b));
    draw.AddRectFilled(ImVec2(sx, text_y - ctx.px(2)),
                       ImVec2(ex, text_y + font->FontSize + ctx.px(2)),
                       mix(p.card_background, p.accent, 0.25f));
  }
  if (text.empty() && !spec.placeholder.empty()) {
    draw_text(draw, font, ImVec2(min.x + pad, text_y), p.text_muted,
              fit_text(font, spec.placeholder, inner_w));
  } else {
    draw_text(draw, font, ImVec2(x0, text_y), p.text, text);
  }
  if (state.composition_start >= 0 && state.composition_end > state.composition_start) {
    const std::size_t a = shown_offset(spec.kind, state.value, state.composition_start);
    const std::size_t b = shown_offset(spec.kind, state.value, state.composition_end);
    const float sx = x0 + text_width(font, std::string_view(text).substr(0, a));
    const float ex = x0 + text_width(font, std::string_view(text).substr(0, b));
    const float uy = text_y + font->FontSize + ctx.px(1);
    draw.AddLine(ImVec2(sx, uy), ImVec2(ex, uy), p.text, ctx.px(1));
  }
  if (state.focused && state.selection_start == state.selection_end) {
    const float cx = std::round(x0 + caret_x);
    draw.AddLine(ImVec2(cx, text_y - ctx.px(1)), ImVec2(cx, text_y + font->FontSize + ctx.px(1)),
                 p.text, ctx.px(1.5f));
  }
  draw.PopClipRect();

  FieldResult result;
  result.cancelled = std::exchange(state.escaped, false);
  result.blurred = std::exchange(state.blurred, false);
  return result;
}

// [SECTION] The ImGui field (native, tests)

int resize_callback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* value = static_cast<std::string*>(data->UserData);
    value->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = value->data();
  }
  return 0;
}

FieldResult draw_imgui_field(const DrawContext& ctx, const FieldSpec& spec, TextFieldState& state,
                             ImVec2 min, float width) {
  ImGui::SetCursorScreenPos(min);
  ImGui::SetNextItemWidth(width);
  const float pad_y = (ctx.px(kFieldCssHeight) - ctx.fonts.body->FontSize) / 2;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ctx.px(kPadCss), pad_y));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ctx.px(8));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, ctx.px(1));
  if (std::exchange(state.focus_requested, false)) ImGui::SetKeyboardFocusHere();
  ImGuiInputTextFlags flags =
      ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackResize;
  if (spec.kind == FieldKind::Password) flags |= ImGuiInputTextFlags_Password;
  if (spec.kind == FieldKind::Decimal) flags |= ImGuiInputTextFlags_CharsDecimal;
  note_missing_glyphs(ctx.fonts.body, state.value);
  const std::string before = state.value;
  const std::string label = "##" + std::string(spec.id);
  const std::string hint(spec.placeholder);
  FieldResult result;
  result.submitted =
      ImGui::InputTextWithHint(label.c_str(), hint.c_str(), state.value.data(),
                               state.value.capacity() + 1, flags, resize_callback, &state.value);
  ImGui::PopStyleVar(3);
  result.changed = state.value != before;
  const bool active = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivated()) {
    result.blurred = true;
    result.cancelled = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  }
  state.focused = active;
  return result;
}

}  // namespace

// [SECTION] The field

TextFieldState& FieldIo::state(std::string_view id) {
  const auto it = states.find(id);
  if (it != states.end()) return it->second;
  return states.emplace(std::string(id), TextFieldState{}).first->second;
}

bool FieldIo::take_submit(std::string_view form) {
  const auto it = submitted_forms.find(form);
  if (it == submitted_forms.end()) return false;
  submitted_forms.erase(it);
  return true;
}

float text_field_height(const DrawContext& ctx, bool label, bool error) {
  float h = ctx.px(kFieldCssHeight);
  if (label) h += ctx.fonts.small->FontSize + ctx.px(6);
  if (error) h += ctx.fonts.small->FontSize + ctx.px(6);
  return h;
}

FieldResult draw_text_field(const DrawContext& ctx, const FieldSpec& spec, FieldIo& io, ImVec2 pos,
                            float width, std::string_view error) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  TextFieldState& state = io.state(spec.id);
  ImVec2 min = pos;
  if (!spec.label.empty()) {
    draw_text(draw, ctx.fonts.small, pos, p.text_muted, spec.label);
    min.y += ctx.fonts.small->FontSize + ctx.px(6);
  }
  const ImVec2 max(min.x + width, min.y + ctx.px(kFieldCssHeight));
  const bool focus_now = state.focus_requested;
  FieldResult result;
  if (io.dom) {
    const ImU32 border = !error.empty() ? p.bad : state.focused ? p.accent : p.card_border;
    draw.AddRectFilled(min, max, p.card_background, ctx.px(8));
    draw.AddRect(min, max, border, ctx.px(8), 0, ctx.px(state.focused ? 2.0f : 1.0f));
    result = draw_dom_field(ctx, spec, state, min, max);
    state.focus_requested = false;
  } else {
    if (!error.empty()) {
      draw.AddRect(ImVec2(min.x - ctx.px(1), min.y - ctx.px(1)),
                   ImVec2(max.x + ctx.px(1), max.y + ctx.px(1)), p.bad, ctx.px(9), 0, ctx.px(1));
    }
    result = draw_imgui_field(ctx, spec, state, min, width);
  }
  if (!error.empty()) {
    draw_text(draw, ctx.fonts.small, ImVec2(min.x, max.y + ctx.px(6)), p.bad,
              fit_text(ctx.fonts.small, error, width));
  }
  FieldReport report;
  report.id = std::string(spec.id);
  report.form = std::string(spec.form);
  report.type = input_type(spec.kind);
  report.inputmode = spec.kind == FieldKind::Decimal ? "decimal" : "";
  report.name = std::string(spec.name);
  report.autocomplete = std::string(spec.autocomplete);
  report.label = std::string(spec.label);
  report.placeholder = std::string(spec.placeholder);
  report.value = state.value;
  report.error = std::string(error);
  report.min = min;
  report.max = max;
  report.focus = focus_now;
  io.fields.push_back(std::move(report));
  return result;
}

void report_form(FieldIo& io, std::string_view id, std::string_view submit_id,
                 std::string_view submit_label, bool busy, ImVec2 min, ImVec2 max,
                 ImVec2 submit_min, ImVec2 submit_max) {
  io.forms.push_back({std::string(id), std::string(submit_id), std::string(submit_label), busy, min,
                      max, submit_min, submit_max});
}

}  // namespace dashboard::ui
