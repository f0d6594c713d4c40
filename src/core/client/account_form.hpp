// account_form: what the sign-up and change-password forms check before
// they send anything, and how the server's refusal lands next to a field.
// The server stays the judge of a password (its common-password list is
// not shipped to the browser); the client checks only what needs no list:
// empty fields, the minimum length, and that the confirmation matches.
//
//   FormErrors e = check_sign_up(username, password, confirm);
//   if (e.empty()) send(...);              // else show e.fields["confirm"] ...
//   e = refusal_errors(AccountForm::SignUp, 409, "USERNAME_TAKEN", "", "that username is taken");
//   e.fields.at("username");               // "That username is taken"
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace dashboard::core::client {

// The forms' field keys (the sign-up form's are the API's names; the
// change-password form's too: currentPassword, newPassword) plus "confirm".
inline constexpr std::string_view kConfirmField = "confirm";
inline constexpr std::size_t kMinPasswordLength = 10;  // as server/auth/password_rules

enum class AccountForm { SignUp, ChangePassword };

struct FormErrors {
  std::map<std::string, std::string, std::less<>> fields;  // field key -> message
  std::string general;                                     // not about one field

  bool empty() const { return fields.empty() && general.empty(); }
  // The message for `field`, or "" when it has none.
  std::string_view field(std::string_view key) const;
};

// Sign-up: username, password and its confirmation.
FormErrors check_sign_up(std::string_view username, std::string_view password,
                         std::string_view confirm);

// Change password: the current one, the new one and its confirmation.
FormErrors check_password_change(std::string_view current, std::string_view next,
                                 std::string_view confirm);

// The server's refusal (status, error.code, error.field, error.message) as
// the form shows it: a 400 that names a field goes next to that field, a
// 409 USERNAME_TAKEN next to the username; anything else is general. The
// message loses the "field: " prefix the API puts before it and starts
// with a capital letter.
FormErrors refusal_errors(AccountForm form, int status, std::string_view code,
                          std::string_view field, std::string_view message);

// "password: password must be ..." -> "Password must be ...".
std::string field_message(std::string_view message, std::string_view field);

}  // namespace dashboard::core::client
