#include "core/client/account_form.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

TEST(AccountForm, SignUpAcceptsAFullForm) {
  EXPECT_TRUE(check_sign_up("erin", "purple-kite-flying", "purple-kite-flying").empty());
}

TEST(AccountForm, SignUpNamesEachMissingField) {
  const FormErrors e = check_sign_up(" ", "", "");
  EXPECT_EQ(e.field("username"), "Choose a username");
  EXPECT_EQ(e.field("password"), "Enter a password");
  EXPECT_EQ(e.field(kConfirmField), "");  // nothing to confirm yet
  EXPECT_TRUE(e.general.empty());
}

TEST(AccountForm, ShortPasswordAndMismatchAreCaughtBeforeSending) {
  const FormErrors e = check_sign_up("erin", "short", "shorter");
  EXPECT_EQ(e.field("password"), "Password must be at least 10 characters");
  EXPECT_EQ(e.field(kConfirmField), "The passwords do not match");
  EXPECT_EQ(check_sign_up("erin", "purple-kite-flying", "").field(kConfirmField),
            "Enter the password again");
}

TEST(AccountForm, LengthCountsCharactersNotBytes) {
  // Nine characters, eighteen bytes: too short, as the server counts it.
  const std::string nine =
      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
  EXPECT_FALSE(check_sign_up("erin", nine, nine).field("password").empty());
  EXPECT_TRUE(check_sign_up("erin", nine + "x", nine + "x").empty());
}

TEST(AccountForm, PasswordChangeChecksAllThreeFields) {
  EXPECT_TRUE(
      check_password_change("alice-bricks", "orange-brick-wall-9", "orange-brick-wall-9").empty());
  const FormErrors e = check_password_change("", "orange", "orange-brick-wall-9");
  EXPECT_EQ(e.field("currentPassword"), "Enter your current password");
  EXPECT_EQ(e.field("newPassword"), "Password must be at least 10 characters");
  EXPECT_EQ(e.field(kConfirmField), "The passwords do not match");
  EXPECT_EQ(
      check_password_change("alice-bricks", "alice-bricks", "alice-bricks").field("newPassword"),
      "The new password must differ from the current one");
}

TEST(AccountForm, AServerRefusalLandsNextToItsField) {
  FormErrors e = refusal_errors(AccountForm::SignUp, 400, "VALIDATION_FAILED", "password",
                                "password: password is one of the most common passwords; choose "
                                "another");
  EXPECT_EQ(e.field("password"), "Password is one of the most common passwords; choose another");
  EXPECT_TRUE(e.general.empty());

  e = refusal_errors(AccountForm::SignUp, 409, "USERNAME_TAKEN", "",
                     "that username is taken; choose another");
  EXPECT_EQ(e.field("username"), "That username is taken; choose another");

  e = refusal_errors(AccountForm::ChangePassword, 400, "VALIDATION_FAILED", "currentPassword",
                     "currentPassword: the current password is not right");
  EXPECT_EQ(e.field("currentPassword"), "The current password is not right");
}

TEST(AccountForm, OtherRefusalsAreGeneral) {
  FormErrors e =
      refusal_errors(AccountForm::SignUp, 403, "SIGNUP_DISABLED", "",
                     "this server does not take sign-ups; ask its operator for an account");
  EXPECT_TRUE(e.fields.empty());
  EXPECT_EQ(e.general, "This server does not take sign-ups; ask its operator for an account");
  // A field the form does not have is not lost either.
  e = refusal_errors(AccountForm::ChangePassword, 400, "VALIDATION_FAILED", "username", "x: y");
  EXPECT_TRUE(e.fields.empty());
  EXPECT_EQ(e.general, "X: y");
  EXPECT_EQ(field_message("password: too short", "password"), "Too short");
  EXPECT_EQ(field_message("passwords: too short", "password"), "Passwords: too short");
}

}  // namespace
}  // namespace dashboard::core::client
