// text_field: a labelled text field that behaves like a web form's, on one
// line or (FieldSpec::max_lines > 1) on several that grow with the text. In
// the browser the text lives in a real DOM <input> (a <textarea> for a
// multi-line field) laid exactly over the canvas field
// (web/semantics_overlay.js makes it from the FieldReport below): the
// browser handles typing, the phone's keyboard, IME composition, paste,
// selection and password managers, and reports value, selection and
// composition back (TextFieldState); the canvas draws what the input holds.
// Natively (and in tests) the same field is an ImGui InputText (or
// InputTextMultiline) over the same state.
//
//   TextFieldState& title = fields["moc-title"];
//   const FieldResult r = draw_text_field(ctx, {.id = "moc-title", .label = "Title",
//                                               .name = "title", .form = "moc-title-form"},
//                                         title, pos, width, error, io);
//   if (r.committed && title.value != moc.title) save(title.value);
#pragma once

#include <imgui.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ui/card.hpp"

namespace dashboard::ui {

enum class FieldKind { Text, Password, Url, Decimal, Search };

struct FieldSpec {
  std::string_view id{};     // data-testid and the key of its state: "moc-title"
  std::string_view label{};  // drawn above the field; empty: none
  FieldKind kind = FieldKind::Text;
  std::string_view name{};                // the form field's name ("title", "username")
  std::string_view autocomplete = "off";  // "username", "current-password", "url", ...
  std::string_view placeholder{};
  std::string_view form{};  // the form whose submit Enter triggers
  // More than 1: a multi-line field (Enter still submits, Shift+Enter starts
  // a line) that grows with its text up to this many lines, then scrolls.
  int max_lines = 1;
};

// A field's text and focus, kept between frames.
struct TextFieldState {
  std::string value;
  // What the DOM input reports: selection and IME composition as UTF-8
  // byte offsets into `value` (composition -1 when none).
  int selection_start = 0;
  int selection_end = 0;
  int composition_start = -1;
  int composition_end = -1;
  bool focused = false;
  bool focus_requested = false;  // the page wants it focused (next frame)
  bool escaped = false;          // Esc in the DOM input since the last frame
  bool blurred = false;          // focus left the DOM input since the last frame
  float scroll_x = 0;            // the text's horizontal scroll, device px
  float scroll_y = 0;            // a multi-line field's vertical scroll, device px
  // What the DOM input last reported. While `value` differs from it the
  // client changed the text (Esc, a pick, a reset) and the input has not
  // been told yet: its reports until then carry the old text.
  std::string dom_value;
};

// What happened to a field this frame.
struct FieldResult {
  bool changed = false;    // the value changed
  bool submitted = false;  // Enter in a native field (the DOM one submits its form)
  bool cancelled = false;  // Esc
  bool blurred = false;    // focus left the field
};

// What the overlay makes a DOM <input> from.
struct FieldReport {
  std::string id;
  std::string form;
  std::string type;  // the input's type: text, password, url, search (decimal: text)
  std::string inputmode;
  std::string name;
  std::string autocomplete;
  std::string label;
  std::string placeholder;
  std::string value;
  std::string error;  // shown under the field; the input's aria-invalid and description
  ImVec2 min;
  ImVec2 max;
  bool focus = false;      // the page asked for focus this frame
  bool multiline = false;  // a <textarea>
};

// A form: its DOM <form> holds its fields and a submit <button>, so Enter,
// Tab and password managers work as on any web form.
struct FormReport {
  std::string id;
  std::string submit_id;  // the canvas button's test id
  std::string submit_label;
  bool busy = false;  // the submit button is disabled while a request is in flight
  ImVec2 min;
  ImVec2 max;
  ImVec2 submit_min;
  ImVec2 submit_max;
};

// The fields' states and the frame's reports, shared by every form.
struct FieldIo {
  std::map<std::string, TextFieldState, std::less<>>& states;
  std::set<std::string, std::less<>>& submitted_forms;  // DOM forms submitted since last frame
  std::vector<FieldReport>& fields;
  std::vector<FormReport>& forms;
  bool dom = false;  // the browser's inputs hold the text (else ImGui's)

  TextFieldState& state(std::string_view id);
  // True once when the DOM form `form` was submitted (Enter, its button).
  bool take_submit(std::string_view form);
};

inline constexpr float kFieldCssHeight = 40;

// Height of a field with its label (when it has one) and an error line
// (when `error`).
float text_field_height(const DrawContext& ctx, bool label, bool error);

// Height of the field's box alone, `width` wide: kFieldCssHeight for one
// line; a multi-line field adds a line for each line its text takes (as the
// browser wraps it; natively, as ImGui does not) up to spec.max_lines.
float text_field_box_height(const DrawContext& ctx, const FieldSpec& spec, FieldIo& io,
                            float width);

// Draws the field at `pos`, `width` wide, with `error` under it in red.
FieldResult draw_text_field(const DrawContext& ctx, const FieldSpec& spec, FieldIo& io, ImVec2 pos,
                            float width, std::string_view error = {});

// Reports a form around [min, max] with its submit button at [submit_min, submit_max].
void report_form(FieldIo& io, std::string_view id, std::string_view submit_id,
                 std::string_view submit_label, bool busy, ImVec2 min, ImVec2 max,
                 ImVec2 submit_min, ImVec2 submit_max);

}  // namespace dashboard::ui
