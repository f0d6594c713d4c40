// Password hashing: argon2id in PHC form, salted, verifying only the right
// password. Each hash costs ~50 ms, so the tests share a few.
#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dashboard::server::auth {
namespace {

const std::string& correct_horse_hash() {
  static const std::string hash = hash_password("correct horse battery staple");
  return hash;
}

TEST(Password, EncodedHashIsArgon2id) {
  const std::string& hash = correct_horse_hash();
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_NE(hash.find("m=19456,t=2,p=1"), std::string::npos) << hash;
  EXPECT_EQ(hash.find('\0'), std::string::npos);
}

TEST(Password, VerifiesWithTheRightPassword) {
  EXPECT_TRUE(verify_password(correct_horse_hash(), "correct horse battery staple"));
}

TEST(Password, RejectsAWrongPassword) {
  EXPECT_FALSE(verify_password(correct_horse_hash(), "correct horse battery stapler"));
  EXPECT_FALSE(verify_password(correct_horse_hash(), ""));
}

TEST(Password, TwoHashesOfTheSamePasswordDiffer) {
  const std::string again = hash_password("correct horse battery staple");
  EXPECT_NE(again, correct_horse_hash());
  EXPECT_TRUE(verify_password(again, "correct horse battery staple"));
}

TEST(Password, RejectsAGarbageHash) {
  EXPECT_FALSE(verify_password("", "anything"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=19456,t=2,p=1$garbage", "anything"));
  EXPECT_FALSE(verify_password("plaintext", "plaintext"));
}

}  // namespace
}  // namespace dashboard::server::auth
