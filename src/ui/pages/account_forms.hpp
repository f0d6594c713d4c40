// account_forms: the sign-up panel (/signup, drawn in place of the sign-in
// form while signed out) and the change-password page (/account/password).
// Both are real DOM forms through FieldIo: the new password's fields say
// autocomplete="new-password" so password managers offer to save it. A
// refusal shows next to its field until that field is typed in again.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/client/account_form.hpp"
#include "ui/card.hpp"
#include "ui/pages/page.hpp"
#include "ui/text_field.hpp"

namespace dashboard::ui {

// What a form last sent, so an error stays only while its field still
// holds what was refused.
struct AccountFormMemory {
  std::map<std::string, std::string, std::less<>> sent;  // field id -> value
};

// [SECTION] Sign-up

struct SignUpView {
  std::optional<bool> enabled;  // the server takes sign-ups; unset: not known yet
  bool busy = false;
  const core::client::FormErrors* errors = nullptr;
};

struct SignUpRequest {
  std::string username;
  std::string password;
  std::string confirm;
};

struct SignUpOutput {
  std::optional<SignUpRequest> submit;
  bool to_sign_in = false;  // "Sign in instead"
};

// The panel centred in [min, max]: form `sign-up-form` with
// `sign-up-username`, `sign-up-password`, `sign-up-confirm`, the button
// `sign-up-submit`, errors as `<field id>-error` and `sign-up-error`, and
// the link `sign-up-to-sign-in`. With sign-ups off it says so instead.
SignUpOutput draw_sign_up_panel(const DrawContext& ctx, ImVec2 min, ImVec2 max, FieldIo& io,
                                const SignUpView& view, AccountFormMemory& memory,
                                std::vector<Semantic>& chrome);

// The sign-in panel's link to it ("No account? Create one").
inline constexpr const char* kSignUpLinkId = "sign-in-to-sign-up";

// [SECTION] Change password

struct PasswordView {
  std::string username;  // a hidden username field, so password managers save the right account
  bool busy = false;
  bool done = false;  // changed: the confirmation shows
  const core::client::FormErrors* errors = nullptr;
};

struct PasswordRequest {
  std::string current;
  std::string next;
  std::string confirm;
};

// The page: form `password-form` with a hidden `password-username`,
// `password-current`, `password-new`, `password-confirm`, the button `password-submit`, errors as
// `<field id>-error` and `password-error`, and `password-changed` once done. Returns the request
// when submitted; `height` is the content's height.
std::optional<PasswordRequest> draw_password_page(PageFrame& frame, const PasswordView& view,
                                                  AccountFormMemory& memory, float& height);

}  // namespace dashboard::ui
