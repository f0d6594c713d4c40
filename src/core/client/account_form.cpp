#include "core/client/account_form.hpp"

#include <cctype>

namespace dashboard::core::client {
namespace {

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

// Code points, as the server counts a password's length.
std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string too_short() {
  return "Password must be at least " + std::to_string(kMinPasswordLength) + " characters";
}

// Checks a new password and its confirmation into `out` under `key`.
void check_new_password(std::string_view key, std::string_view password, std::string_view confirm,
                        FormErrors& out) {
  if (password.empty()) {
    out.fields.emplace(key, "Enter a password");
  } else if (code_points(password) < kMinPasswordLength) {
    out.fields.emplace(key, too_short());
  }
  if (confirm.empty()) {
    if (!password.empty()) out.fields.emplace(kConfirmField, "Enter the password again");
  } else if (confirm != password) {
    out.fields.emplace(kConfirmField, "The passwords do not match");
  }
}

}  // namespace

std::string_view FormErrors::field(std::string_view key) const {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string_view() : std::string_view(it->second);
}

FormErrors check_sign_up(std::string_view username, std::string_view password,
                         std::string_view confirm) {
  FormErrors out;
  if (blank(username)) out.fields.emplace("username", "Choose a username");
  check_new_password("password", password, confirm, out);
  return out;
}

FormErrors check_password_change(std::string_view current, std::string_view next,
                                 std::string_view confirm) {
  FormErrors out;
  if (current.empty()) out.fields.emplace("currentPassword", "Enter your current password");
  check_new_password("newPassword", next, confirm, out);
  if (!current.empty() && !next.empty() && current == next && !out.fields.contains("newPassword")) {
    out.fields.emplace("newPassword", "The new password must differ from the current one");
  }
  return out;
}

std::string field_message(std::string_view message, std::string_view field) {
  std::string out(message);
  if (!field.empty() && out.size() > field.size() + 2 && out.compare(0, field.size(), field) == 0 &&
      out.compare(field.size(), 2, ": ") == 0) {
    out.erase(0, field.size() + 2);
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

FormErrors refusal_errors(AccountForm form, int status, std::string_view code,
                          std::string_view field, std::string_view message) {
  FormErrors out;
  const bool known_field = form == AccountForm::SignUp
                               ? (field == "username" || field == "password")
                               : (field == "currentPassword" || field == "newPassword");
  if (status == 400 && known_field) {
    out.fields.emplace(field, field_message(message, field));
  } else if (status == 409 && code == "USERNAME_TAKEN" && form == AccountForm::SignUp) {
    out.fields.emplace("username", field_message(message, "username"));
  } else {
    out.general = field_message(message, field);
  }
  return out;
}

}  // namespace dashboard::core::client
