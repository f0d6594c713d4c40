// The JWT secret file: created 0600 in the data dir, stable across loads,
// tightened when others could read it, refused when too short.
#include "auth/secret_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace dashboard::server::auth {
namespace {

namespace fs = std::filesystem;

class SecretFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() /
           ("secret_file_test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path file() const { return dir_ / kSecretFileName; }

  unsigned mode() const {
    struct stat st {};
    if (::stat(file().c_str(), &st) != 0) return 0xFFFF;
    return st.st_mode & 0777u;
  }

  void write(const std::string& contents, fs::perms perms) const {
    std::ofstream(file()) << contents;
    fs::permissions(file(), perms);
  }

  fs::path dir_;
};

TEST_F(SecretFile, CreatesSecretWithMode0600) {
  const std::string secret = load_or_create_secret(dir_);
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos) << secret;
  ASSERT_TRUE(fs::exists(file()));
  EXPECT_EQ(mode(), 0600u);
}

TEST_F(SecretFile, SecondLoadReturnsTheSameSecret) {
  const std::string first = load_or_create_secret(dir_);
  EXPECT_EQ(load_or_create_secret(dir_), first);
}

TEST_F(SecretFile, DifferentDirsGetDifferentSecrets) {
  const fs::path other = dir_ / "other";
  fs::create_directories(other);
  EXPECT_NE(load_or_create_secret(dir_), load_or_create_secret(other));
}

TEST_F(SecretFile, ReadsAnExistingSecret) {
  const std::string secret(40, 'x');
  write(secret + "\n", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(load_or_create_secret(dir_), secret);
}

TEST_F(SecretFile, TightensAnExistingWorldReadableFileTo0600) {
  write(std::string(64, 'a') + "\n", fs::perms::owner_read | fs::perms::owner_write |
                                         fs::perms::group_read | fs::perms::others_read);
  ASSERT_EQ(mode(), 0644u);
  EXPECT_EQ(load_or_create_secret(dir_), std::string(64, 'a'));
  EXPECT_EQ(mode(), 0600u);
}

TEST_F(SecretFile, ThrowsForATooShortSecret) {
  write(std::string(31, 'a') + "\n", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_THROW(load_or_create_secret(dir_), std::runtime_error);
}

TEST_F(SecretFile, ThrowsForAnEmptyFile) {
  write("", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_THROW(load_or_create_secret(dir_), std::runtime_error);
}

TEST_F(SecretFile, ThrowsWhenTheDataDirDoesNotExist) {
  EXPECT_THROW(load_or_create_secret(dir_ / "missing"), std::runtime_error);
}

}  // namespace
}  // namespace dashboard::server::auth
