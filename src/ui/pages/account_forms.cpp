// [SECTION] Fields with their errors
// [SECTION] Sign-up
// [SECTION] Change password
#include "ui/pages/account_forms.hpp"

#include <algorithm>
#include <cmath>

#include "ui/widgets.hpp"

namespace dashboard::ui {
namespace {

// [SECTION] Fields with their errors

struct FormField {
  FieldSpec spec;
  std::string_view wire;  // the error's key: the API's field name or "confirm"
};

// The error to show under `field`: the form's, while the field still holds
// what was sent.
std::string shown_error(const FormField& field, FieldIo& io, const core::client::FormErrors* errors,
                        const AccountFormMemory& memory) {
  if (errors == nullptr) return {};
  const std::string_view message = errors->field(field.wire);
  if (message.empty()) return {};
  const auto sent = memory.sent.find(field.spec.id);
  if (sent == memory.sent.end() || sent->second != io.state(field.spec.id).value) return {};
  return std::string(message);
}

float field_block_height(const DrawContext& ctx, bool error) {
  return text_field_height(ctx, true, error) + ctx.px(14);
}

// Draws the fields one under the other from `y` (advanced past them);
// true when Enter was pressed in one (native).
bool draw_fields(const DrawContext& ctx, FieldIo& io, const FormField* fields, int count,
                 const core::client::FormErrors* errors, const AccountFormMemory& memory, float x,
                 float& y, float width) {
  bool submit = false;
  for (int i = 0; i < count; ++i) {
    const FormField& f = fields[i];
    const std::string error = shown_error(f, io, errors, memory);
    // The overlay shows `error` as `<field id>-error` beside the input.
    submit |= draw_text_field(ctx, f.spec, io, ImVec2(x, y), width, error).submitted;
    y += field_block_height(ctx, !error.empty());
  }
  return submit;
}

float fields_height(const DrawContext& ctx, FieldIo& io, const FormField* fields, int count,
                    const core::client::FormErrors* errors, const AccountFormMemory& memory) {
  float h = 0;
  for (int i = 0; i < count; ++i)
    h += field_block_height(ctx, !shown_error(fields[i], io, errors, memory).empty());
  return h;
}

void remember(FieldIo& io, const FormField* fields, int count, AccountFormMemory& memory) {
  memory.sent.clear();
  for (int i = 0; i < count; ++i) {
    memory.sent[std::string(fields[i].spec.id)] = io.state(fields[i].spec.id).value;
  }
}

// A general error line (`id`) under the fields; advances `y`.
void draw_general_error(const DrawContext& ctx, const std::string& error, const char* id, float x,
                        float& y, float width, std::vector<Semantic>& chrome) {
  if (error.empty()) return;
  draw_text(*ImGui::GetWindowDrawList(), ctx.fonts.body, ImVec2(x, y), ctx.palette.bad,
            fit_text(ctx.fonts.body, error, width));
  chrome.push_back({id, error, ImVec2(x, y), ImVec2(x + width, y + ctx.fonts.body->FontSize)});
  y += ctx.fonts.body->FontSize + ctx.px(12);
}

// [SECTION] Sign-up

constexpr const char* kSignUpForm = "sign-up-form";

const FormField kSignUpFields[] = {
    {{.id = "sign-up-username",
      .label = "Username",
      .name = "username",
      .autocomplete = "username",
      .form = kSignUpForm},
     "username"},
    {{.id = "sign-up-password",
      .label = "Password (at least 10 characters)",
      .kind = FieldKind::Password,
      .name = "password",
      .autocomplete = "new-password",
      .form = kSignUpForm},
     "password"},
    {{.id = "sign-up-confirm",
      .label = "Confirm password",
      .kind = FieldKind::Password,
      .name = "confirm",
      .autocomplete = "new-password",
      .form = kSignUpForm},
     core::client::kConfirmField},
};
constexpr int kSignUpCount = 3;

// [SECTION] Change password

constexpr const char* kPasswordForm = "password-form";

const FormField kPasswordFields[] = {
    {{.id = "password-current",
      .label = "Current password",
      .kind = FieldKind::Password,
      .name = "current-password",
      .autocomplete = "current-password",
      .form = kPasswordForm},
     "currentPassword"},
    {{.id = "password-new",
      .label = "New password (at least 10 characters)",
      .kind = FieldKind::Password,
      .name = "new-password",
      .autocomplete = "new-password",
      .form = kPasswordForm},
     "newPassword"},
    {{.id = "password-confirm",
      .label = "Confirm new password",
      .kind = FieldKind::Password,
      .name = "confirm",
      .autocomplete = "new-password",
      .form = kPasswordForm},
     core::client::kConfirmField},
};
constexpr int kPasswordCount = 3;

}  // namespace

SignUpOutput draw_sign_up_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max, FieldIo& io,
                                const SignUpView& view, AccountFormMemory& memory,
                                std::vector<Semantic>& chrome) {
  const Palette& p = ctx.palette;
  SignUpOutput out;
  const bool off = view.enabled == false;
  const std::string general = view.errors != nullptr ? view.errors->general : std::string();
  const float width = std::min(ctx.px(480), max.x - min.x - ctx.px(32));
  const float pad = ctx.px(28);
  const float inner = width - pad * 2;
  const float line = ctx.fonts.body->FontSize;
  float height = pad * 2 + ctx.fonts.heading->FontSize + ctx.px(8) + line + ctx.px(24) + line +
                 ctx.px(4);  // heading, subtitle, the link
  if (off) {
    height += line * 2 + ctx.px(24);
  } else {
    height += fields_height(ctx, io, kSignUpFields, kSignUpCount, view.errors, memory) +
              ctx.px(44) + ctx.px(20) + (general.empty() ? 0 : line + ctx.px(12));
  }
  const ImVec2 pos(std::floor(min.x + (max.x - min.x - width) / 2),
                   std::floor(min.y + std::max(ctx.px(32), (max.y - min.y - height) / 3)));
  const ImVec2 end(pos.x + width, pos.y + height);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(pos, end, p.card_background, ctx.px(12));
  draw.AddRect(pos, end, p.card_border, ctx.px(12), 0, ctx.px(1));

  const float x = pos.x + pad;
  float y = pos.y + pad;
  draw_text(draw, ctx.fonts.heading, ImVec2(x, y), p.text, "Create an account");
  chrome.push_back({"sign-up-title", "Create an account", ImVec2(x, y),
                    ImVec2(x + inner, y + ctx.fonts.heading->FontSize)});
  y += ctx.fonts.heading->FontSize + ctx.px(8);
  draw_text(draw, ctx.fonts.body, ImVec2(x, y), p.text_muted,
            fit_text(ctx.fonts.body, "to keep your MOC collection here.", inner));
  y += line + ctx.px(24);

  if (off) {
    // The operator creates accounts on this server.
    const char* first = "This server does not take sign-ups.";
    const char* second = "Ask its operator for an account.";
    draw_text(draw, ctx.fonts.body, ImVec2(x, y), p.text, fit_text(ctx.fonts.body, first, inner));
    draw_text(draw, ctx.fonts.body, ImVec2(x, y + line + ctx.px(4)), p.text_muted,
              fit_text(ctx.fonts.body, second, inner));
    chrome.push_back({"sign-up-disabled", std::string(first) + " " + second, ImVec2(x, y),
                      ImVec2(x + inner, y + line * 2 + ctx.px(4))});
    y += line * 2 + ctx.px(24);
  } else {
    if (ImGui::IsWindowAppearing()) io.state("sign-up-username").focus_requested = true;
    bool submit =
        draw_fields(ctx, io, kSignUpFields, kSignUpCount, view.errors, memory, x, y, inner);
    draw_general_error(ctx, general, "sign-up-error", x, y, inner, chrome);
    const char* label = view.busy ? "Creating the account..." : "Create account";
    const ImVec2 button(x, y);
    const ImVec2 button_max(x + inner, y + ctx.px(44));
    submit |= draw_button(ctx, "##sign-up", label, button, ImVec2(inner, ctx.px(44)),
                          ButtonStyle::Primary, ButtonIcon::None, view.busy);
    report_form(io, kSignUpForm, "sign-up-submit", label, view.busy, pos, end, button, button_max);
    submit |= io.take_submit(kSignUpForm);
    y = button_max.y + ctx.px(20);
    if (submit && !view.busy) {
      remember(io, kSignUpFields, kSignUpCount, memory);
      out.submit =
          SignUpRequest{io.state("sign-up-username").value, io.state("sign-up-password").value,
                        io.state("sign-up-confirm").value};
    }
  }
  const char* link = "Have an account? Sign in";
  out.to_sign_in = draw_link(ctx, "##sign-up-to-sign-in", link, ImVec2(x, y));
  chrome.push_back({"sign-up-to-sign-in", link, ImVec2(x, y),
                    ImVec2(x + text_width(ctx.fonts.body, link), y + line + ctx.px(4))});
  return out;
}

std::optional<PasswordRequest> draw_password_page(PageFrame& frame, const PasswordView& view,
                                                  AccountFormMemory& memory, float& height) {
  const DrawContext& ctx = frame.ctx;
  const Palette& p = ctx.palette;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const Column column = page_column(ctx, frame.min, frame.max, 560);
  float y = frame.min.y + ctx.px(24);
  draw_page_title(frame, column, y, "Change password");
  const float line = ctx.fonts.body->FontSize;
  std::vector<Semantic>& items = frame.report.items;

  if (view.done) {
    // Said once the server has switched this browser to its new session.
    const char* heading = "Password changed";
    const char* detail = "Every other browser and device was signed out; this one stays signed in.";
    draw_text(draw, ctx.fonts.heading, ImVec2(column.x, y), p.good, heading);
    items.push_back({"password-changed", heading, ImVec2(column.x, y),
                     ImVec2(column.x + column.width, y + ctx.fonts.heading->FontSize)});
    y += ctx.fonts.heading->FontSize + ctx.px(8);
    draw_text(draw, ctx.fonts.body, ImVec2(column.x, y), p.text_muted,
              fit_text(ctx.fonts.body, detail, column.width));
    items.push_back({"password-changed-detail", detail, ImVec2(column.x, y),
                     ImVec2(column.x + column.width, y + line)});
    y += line + ctx.px(28);
  }

  const float form_top = y;
  std::optional<PasswordRequest> out;
  if (!view.username.empty()) {
    // Not drawn: the DOM form's hidden input tells a password manager whose
    // password this is.
    FieldReport user;
    user.id = "password-username";
    user.form = kPasswordForm;
    user.type = "hidden";
    user.name = "username";
    user.autocomplete = "username";
    user.value = view.username;
    user.min = ImVec2(column.x, y);
    user.max = user.min;
    frame.io.fields.push_back(std::move(user));
  }
  bool submit = draw_fields(ctx, frame.io, kPasswordFields, kPasswordCount, view.errors, memory,
                            column.x, y, column.width);
  draw_general_error(ctx, view.errors != nullptr ? view.errors->general : std::string(),
                     "password-error", column.x, y, column.width, items);
  const char* label = view.busy ? "Changing..." : "Change password";
  const float bw = button_width(ctx, label, false);
  const ImVec2 button(column.x, y);
  const ImVec2 button_max(column.x + bw, y + ctx.px(40));
  submit |= draw_button(ctx, "##password-submit", label, button, ImVec2(bw, ctx.px(40)),
                        ButtonStyle::Primary, ButtonIcon::None, view.busy);
  report_form(frame.io, kPasswordForm, "password-submit", label, view.busy,
              ImVec2(column.x, form_top), ImVec2(column.x + column.width, button_max.y), button,
              button_max);
  submit |= frame.io.take_submit(kPasswordForm);
  y = button_max.y + ctx.px(16);
  const char* note = "Changing it signs out every other browser and device.";
  draw_text(draw, ctx.fonts.small, ImVec2(column.x, y), p.text_muted,
            fit_text(ctx.fonts.small, note, column.width));
  y += ctx.fonts.small->FontSize + ctx.px(24);
  if (submit && !view.busy) {
    remember(frame.io, kPasswordFields, kPasswordCount, memory);
    out = PasswordRequest{frame.io.state("password-current").value,
                          frame.io.state("password-new").value,
                          frame.io.state("password-confirm").value};
  }
  height = y - frame.min.y;
  return out;
}

}  // namespace dashboard::ui
