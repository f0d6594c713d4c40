// The password rules people know, and the sign-in throttle's waits.
#include "auth/password_rules.hpp"

#include <gtest/gtest.h>

#include "auth/throttle_policy.hpp"

namespace dashboard::server::auth {
namespace {

using std::chrono::milliseconds;

TEST(PasswordRules, TenCharactersAtLeast) {
  EXPECT_NE(password_problem("alice", "Xy7#kq2!p").value_or(""), "");
  EXPECT_EQ(password_problem("alice", "Xy7#kq2!pz"), std::nullopt);
  EXPECT_NE(password_problem("alice", std::string(kMaxPasswordLength + 1, 'k')), std::nullopt);
}

TEST(PasswordRules, NotTheUsernameInAnyCase) {
  EXPECT_EQ(password_problem("tower-builder", "Tower-Builder").value_or(""),
            "password must not be the username");
}

TEST(PasswordRules, NotACommonPasswordInAnyCase) {
  // From the shipped list's head and its long entries.
  for (const char* common : {"1234567890", "qwertyuiop", "Basketball", "CHRISTOPHER"}) {
    EXPECT_NE(password_problem("alice", common), std::nullopt) << common;
  }
  EXPECT_EQ(password_problem("alice", "basketball-at-noon"), std::nullopt);
  EXPECT_NE(password_problem("alice", "Password2024!"), std::nullopt);
  EXPECT_NE(password_problem("alice", "letmein12345"), std::nullopt);
  EXPECT_EQ(password_problem("alice", "2024letmein!x"), std::nullopt);
}

TEST(PasswordRules, Usernames) {
  EXPECT_EQ(username_problem("carol.b-2_x"), std::nullopt);
  EXPECT_NE(username_problem(""), std::nullopt);
  EXPECT_NE(username_problem("carol b"), std::nullopt);
  EXPECT_NE(username_problem(std::string(65, 'c')), std::nullopt);
}

TEST(ThrottlePolicy, FreeFailuresThenDoublingUpToTheMaximum) {
  const ThrottlePolicy p{
      .free_failures = 3, .first_delay = milliseconds(1000), .max_delay = milliseconds(5000)};
  EXPECT_EQ(p.delay_after(0), milliseconds(0));
  EXPECT_EQ(p.delay_after(3), milliseconds(0));
  EXPECT_EQ(p.delay_after(4), milliseconds(1000));
  EXPECT_EQ(p.delay_after(5), milliseconds(2000));
  EXPECT_EQ(p.delay_after(6), milliseconds(4000));
  EXPECT_EQ(p.delay_after(7), milliseconds(5000));
  EXPECT_EQ(p.delay_after(1000000), milliseconds(5000));
}

}  // namespace
}  // namespace dashboard::server::auth
