// [SECTION] State
// [SECTION] Drawing what the DOM input holds
// [SECTION] Drawing what the DOM textarea holds
// [SECTION] The ImGui field (native, tests)
// [SECTION] The field
#include "ui/text_field.hpp"

#include <imgui_internal.h>  // ClearActiveID: a sent multi-line field lets go of its text

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>

#include "ui/text_wrap.hpp"
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

// The lines of a multi-line field's text in a box `width` wide: wrapped as
// the browser's textarea wraps them; natively at "\n" only, since ImGui's
// multi-line input scrolls sideways instead.
std::vector<TextLine> field_lines(const DrawContext& ctx, std::string_view value, float width,
                                  bool dom) {
  const ImFont* font = ctx.fonts.body;
  const float wrap = dom ? width - 2 * ctx.px(kPadCss) : FLT_MAX;
  return wrap_text(value, wrap, [font](std::string_view cp) { return text_width(font, cp); });
}

std::size_t shown_lines(const FieldSpec& spec, std::size_t lines) {
  return std::clamp<std::size_t>(lines, 1, static_cast<std::size_t>(std::max(1, spec.max_lines)));
}

// A line is the body font's size, as in ImGui's text and the textarea's CSS;
// one line fills the single-line field's height.
float box_height(const DrawContext& ctx, std::size_t lines) {
  return ctx.px(kFieldCssHeight) + static_cast<float>(lines - 1) * ctx.fonts.body->FontSize;
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

// [SECTION] Drawing what the DOM textarea holds

// The textarea's text as `lines`, the first one where a single-line field
// has its text, scrolled so the caret's line shows; selection and
// composition are marked line by line.
FieldResult draw_dom_lines(const DrawContext& ctx, const FieldSpec& spec, TextFieldState& state,
                           ImVec2 min, ImVec2 max, const std::vector<TextLine>& lines) {
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImFont* font = ctx.fonts.body;
  const float pad = ctx.px(kPadCss);
  const float line_h = font->FontSize;
  const float top = min.y + (ctx.px(kFieldCssHeight) - line_h) / 2;
  const std::string_view text = state.value;
  const auto offset = [&](int at) {
    return static_cast<std::size_t>(std::clamp(at, 0, static_cast<int>(text.size())));
  };
  const std::size_t view = shown_lines(spec, lines.size());
  state.scroll_y = scroll_to_line(state.scroll_y, line_at(lines, offset(state.selection_end)),
                                  lines.size(), line_h, view);
  const auto first = static_cast<std::size_t>(std::floor(state.scroll_y / line_h));
  const std::size_t last = std::min(lines.size(), first + view + 1);
  const auto x_at = [&](std::size_t line, std::size_t at) {
    return min.x + pad + text_width(font, text.substr(lines[line].begin, at - lines[line].begin));
  };
  const auto y_at = [&](std::size_t line) {
    return std::round(top + static_cast<float>(line) * line_h - state.scroll_y);
  };
  // Calls draw_mark(x0, x1, y) where [a, b) crosses each shown line; past a
  // line's end (its "\n" or a wrap) the mark runs on a little, as the
  // browser's selection does.
  const auto mark = [&](std::size_t a, std::size_t b, auto&& draw_mark) {
    for (std::size_t i = first; i < last; ++i) {
      if (b <= lines[i].begin || a > lines[i].end) continue;
      const float sx = x_at(i, std::max(a, lines[i].begin));
      float ex = x_at(i, std::min(b, lines[i].end));
      if (b > lines[i].end) ex += ctx.px(4);
      draw_mark(sx, ex, y_at(i));
    }
  };

  draw.PushClipRect(ImVec2(min.x + pad / 2, top),
                    ImVec2(max.x - pad / 2, top + static_cast<float>(view) * line_h), true);
  if (state.focused && state.selection_start != state.selection_end) {
    const std::size_t a = offset(std::min(state.selection_start, state.selection_end));
    const std::size_t b = offset(std::max(state.selection_start, state.selection_end));
    mark(a, b, [&](float sx, float ex, float y) {
      draw.AddRectFilled(ImVec2(sx, y), ImVec2(ex, y + line_h),
                         mix(p.card_background, p.accent, 0.25f));
    });
  }
  if (text.empty() && !spec.placeholder.empty()) {
    draw_text(draw, font, ImVec2(min.x + pad, top), p.text_muted,
              fit_text(font, spec.placeholder, max.x - min.x - 2 * pad));
  }
  for (std::size_t i = first; i < last; ++i) {
    draw_text(draw, font, ImVec2(min.x + pad, y_at(i)), p.text,
              text.substr(lines[i].begin, lines[i].end - lines[i].begin));
  }
  if (state.composition_start >= 0 && state.composition_end > state.composition_start) {
    mark(offset(state.composition_start), offset(state.composition_end),
         [&](float sx, float ex, float y) {
           const float uy = y + line_h + ctx.px(1);
           draw.AddLine(ImVec2(sx, uy), ImVec2(ex, uy), p.text, ctx.px(1));
         });
  }
  if (state.focused && state.selection_start == state.selection_end) {
    const std::size_t caret = offset(state.selection_end);
    const std::size_t line = line_at(lines, caret);
    const float cx = std::round(x_at(line, caret));
    const float cy = y_at(line);
    draw.AddLine(ImVec2(cx, cy - ctx.px(1)), ImVec2(cx, cy + line_h + ctx.px(1)), p.text,
                 ctx.px(1.5f));
  }
  draw.PopClipRect();

  FieldResult result;
  result.cancelled = std::exchange(state.escaped, false);
  result.blurred = std::exchange(state.blurred, false);
  return result;
}

// [SECTION] The ImGui field (native, tests)

struct ImGuiFieldData {
  std::string* value;
  bool enter = false;  // Enter (without Shift) in a multi-line field
};

int field_callback(ImGuiInputTextCallbackData* data) {
  auto* field = static_cast<ImGuiFieldData*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    field->value->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = field->value->data();
  }
  // A multi-line field sends on Enter as the browser's does; Shift+Enter
  // (and a pasted line break, which comes without the key) is a new line.
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter && data->EventChar == '\n') {
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
    if (enter && !ImGui::GetIO().KeyShift) {
      field->enter = true;
      return 1;  // not inserted
    }
  }
  return 0;
}

FieldResult draw_imgui_field(const DrawContext& ctx, const FieldSpec& spec, TextFieldState& state,
                             ImVec2 min, ImVec2 size) {
  ImGui::SetCursorScreenPos(min);
  ImGui::SetNextItemWidth(size.x);
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
  ImGuiFieldData data{&state.value};
  FieldResult result;
  if (spec.max_lines > 1) {
    result.submitted = ImGui::InputTextMultiline(
        label.c_str(), state.value.data(), state.value.capacity() + 1, size,
        flags | ImGuiInputTextFlags_CallbackCharFilter, field_callback, &data);
    if (data.enter) {
      // Let go of the text so the page may clear it once sent, and take the
      // focus back next frame for the next message.
      result.submitted = true;
      ImGui::ClearActiveID();
      state.focus_requested = true;
    }
    if (state.value.empty() && !ImGui::IsItemActive() && !hint.empty()) {
      draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.body,
                ImVec2(min.x + ctx.px(kPadCss), min.y + pad_y), ctx.palette.text_muted,
                fit_text(ctx.fonts.body, hint, size.x - 2 * ctx.px(kPadCss)));
    }
  } else {
    result.submitted =
        ImGui::InputTextWithHint(label.c_str(), hint.c_str(), state.value.data(),
                                 state.value.capacity() + 1, flags, field_callback, &data);
  }
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

float text_field_box_height(const DrawContext& ctx, const FieldSpec& spec, FieldIo& io,
                            float width) {
  if (spec.max_lines <= 1) return ctx.px(kFieldCssHeight);
  const std::size_t lines = field_lines(ctx, io.state(spec.id).value, width, io.dom).size();
  return box_height(ctx, shown_lines(spec, lines));
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
  const bool multiline = spec.max_lines > 1;
  std::vector<TextLine> lines;
  if (multiline) lines = field_lines(ctx, state.value, width, io.dom);
  const float height =
      multiline ? box_height(ctx, shown_lines(spec, lines.size())) : ctx.px(kFieldCssHeight);
  const ImVec2 max(min.x + width, min.y + height);
  const bool focus_now = state.focus_requested;
  FieldResult result;
  if (io.dom) {
    const ImU32 border = !error.empty() ? p.bad : state.focused ? p.accent : p.card_border;
    draw.AddRectFilled(min, max, p.card_background, ctx.px(8));
    draw.AddRect(min, max, border, ctx.px(8), 0, ctx.px(state.focused ? 2.0f : 1.0f));
    result = multiline ? draw_dom_lines(ctx, spec, state, min, max, lines)
                       : draw_dom_field(ctx, spec, state, min, max);
    state.focus_requested = false;
  } else {
    if (!error.empty()) {
      draw.AddRect(ImVec2(min.x - ctx.px(1), min.y - ctx.px(1)),
                   ImVec2(max.x + ctx.px(1), max.y + ctx.px(1)), p.bad, ctx.px(9), 0, ctx.px(1));
    }
    result = draw_imgui_field(ctx, spec, state, min, ImVec2(width, height));
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
  report.multiline = multiline;
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
