// Command-line parsing: defaults, flags, DASHBOARD_* environment variables,
// and that a flag beats its environment variable.
#include "config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

namespace dashboard::server {
namespace {

ParseOutcome parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"dashboard-server"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Config, Defaults) {
  const auto outcome = parse({});
  ASSERT_TRUE(outcome.config);
  EXPECT_EQ(outcome.config->command, Command::kServe);
  EXPECT_EQ(outcome.config->host, "127.0.0.1");
  EXPECT_EQ(outcome.config->port, 8080);
  EXPECT_EQ(outcome.config->data_dir, "data");
  EXPECT_EQ(outcome.config->static_dir, "build/wasm/site");
  EXPECT_EQ(outcome.config->threads, 2u);
}

TEST(Config, Flags) {
  const auto outcome = parse({"--host", "0.0.0.0", "--port", "0", "--data-dir", "/tmp/d",
                              "--static-dir", "/tmp/s", "--threads", "4"});
  ASSERT_TRUE(outcome.config);
  EXPECT_EQ(outcome.config->host, "0.0.0.0");
  EXPECT_EQ(outcome.config->port, 0);
  EXPECT_EQ(outcome.config->data_dir, "/tmp/d");
  EXPECT_EQ(outcome.config->static_dir, "/tmp/s");
  EXPECT_EQ(outcome.config->threads, 4u);
}

TEST(Config, EnvironmentVariables) {
  ScopedEnv host("DASHBOARD_HOST", "::1");
  ScopedEnv port("DASHBOARD_PORT", "9090");
  ScopedEnv data("DASHBOARD_DATA_DIR", "/var/lib/dash");
  ScopedEnv site("DASHBOARD_STATIC_DIR", "/srv/site");
  ScopedEnv threads("DASHBOARD_THREADS", "3");
  const auto outcome = parse({});
  ASSERT_TRUE(outcome.config);
  EXPECT_EQ(outcome.config->host, "::1");
  EXPECT_EQ(outcome.config->port, 9090);
  EXPECT_EQ(outcome.config->data_dir, "/var/lib/dash");
  EXPECT_EQ(outcome.config->static_dir, "/srv/site");
  EXPECT_EQ(outcome.config->threads, 3u);
}

// deploy/dashboard-server@.service turns the flag on this way.
TEST(Config, FlagFromEnvironment) {
  ScopedEnv trust("DASHBOARD_TRUST_FORWARDED_FOR", "true");
  const auto outcome = parse({});
  ASSERT_TRUE(outcome.config);
  EXPECT_TRUE(outcome.config->trust_forwarded_for);
}

TEST(Config, FlagBeatsEnvironment) {
  ScopedEnv port("DASHBOARD_PORT", "9090");
  ScopedEnv site("DASHBOARD_STATIC_DIR", "/srv/site");
  const auto outcome = parse({"--port", "0", "--static-dir", "/tmp/s"});
  ASSERT_TRUE(outcome.config);
  EXPECT_EQ(outcome.config->port, 0);
  EXPECT_EQ(outcome.config->static_dir, "/tmp/s");
}

TEST(Config, RejectsBadValues) {
  for (auto args :
       {std::vector<const char*>{"--port", "70000"}, std::vector<const char*>{"--port", "http"},
        std::vector<const char*>{"--threads", "0"}, std::vector<const char*>{"--no-such-flag"}}) {
    std::vector<const char*> argv{"dashboard-server"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto outcome = parse_command_line(static_cast<int>(argv.size()), argv.data());
    EXPECT_FALSE(outcome.config) << args.front();
    EXPECT_NE(outcome.exit_code, 0) << args.front();
  }
}

TEST(Config, DemoDataOnlyWhenAsked) {
  const auto plain = parse({});
  ASSERT_TRUE(plain.config);
  EXPECT_FALSE(plain.config->demo);
  const auto demo = parse({"--demo"});
  ASSERT_TRUE(demo.config);
  EXPECT_EQ(demo.config->command, Command::kServe);
  EXPECT_TRUE(demo.config->demo);
  // The seed subcommand keeps its own --demo.
  const auto seed = parse({"seed", "--demo", "--data-dir", "/tmp/d"});
  ASSERT_TRUE(seed.config);
  EXPECT_EQ(seed.config->command, Command::kSeed);
  EXPECT_TRUE(seed.config->seed_demo);
}

TEST(Config, UserAddAdmin) {
  const auto admin = parse({"user", "add", "root", "--admin"});
  ASSERT_TRUE(admin.config);
  EXPECT_EQ(admin.config->command, Command::kUser);
  EXPECT_EQ(admin.config->user_action, UserAction::kAdd);
  EXPECT_EQ(admin.config->user_role, "admin");
  const auto member = parse({"user", "add", "pat"});
  ASSERT_TRUE(member.config);
  EXPECT_EQ(member.config->user_role, "member");
  testing::internal::CaptureStderr();
  const auto both = parse({"user", "add", "pat", "--admin", "--role", "member"});
  testing::internal::GetCapturedStderr();
  EXPECT_FALSE(both.config);
  EXPECT_NE(both.exit_code, 0);
}

TEST(Config, HelpExitsSuccessfully) {
  testing::internal::CaptureStdout();
  const auto outcome = parse({"--help"});
  const std::string help = testing::internal::GetCapturedStdout();
  EXPECT_FALSE(outcome.config);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(help.find("--static-dir"), std::string::npos);
  EXPECT_NE(help.find("DASHBOARD_PORT"), std::string::npos);
}

}  // namespace
}  // namespace dashboard::server
