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
