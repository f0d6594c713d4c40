// Structured log lines: timestamp format, fixed keys first, extra fields in
// order, one parseable JSON object per line.
#include "log.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <regex>
#include <sstream>

namespace dashboard::server::log {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(Log, Rfc3339UtcWithMilliseconds) {
  // 2026-01-02T03:04:05.678Z
  const system_clock::time_point t = system_clock::from_time_t(1767323045) + milliseconds(678);
  EXPECT_EQ(rfc3339_utc_ms(t), "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(rfc3339_utc_ms(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_utc_ms(system_clock::time_point{} - milliseconds(1)),
            "1969-12-31T23:59:59.999Z");
}

TEST(Log, LineHasFixedKeysThenFields) {
  const auto t = system_clock::from_time_t(0) + milliseconds(5);
  const std::string line =
      format_line(Level::kInfo, "listening", {{"host", "127.0.0.1"}, {"port", 43121}}, t);
  EXPECT_EQ(line, R"({"ts":"1970-01-01T00:00:00.005Z","level":"info","msg":"listening",)"
                  R"("host":"127.0.0.1","port":43121})");
}

TEST(Log, FieldsCannotOverrideFixedKeys) {
  const std::string line = format_line(Level::kError, "boom", {{"level", "debug"}, {"msg", "x"}},
                                       system_clock::time_point{});
  rapidjson::Document parsed;
  parsed.Parse(line.c_str());
  ASSERT_FALSE(parsed.HasParseError());
  EXPECT_STREQ(parsed["level"].GetString(), "error");
  EXPECT_STREQ(parsed["msg"].GetString(), "boom");
}

TEST(Log, EscapesAndWritesOneLinePerCall) {
  std::ostringstream sink;
  set_sink(&sink);
  warn("quote \" and\nnewline", {{"path", "/a\"b"}});
  info("second");
  set_sink(nullptr);

  std::istringstream lines(sink.str());
  std::string first;
  std::string second;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  rapidjson::Document parsed;
  parsed.Parse(first.c_str());
  ASSERT_FALSE(parsed.HasParseError());
  EXPECT_STREQ(parsed["level"].GetString(), "warn");
  EXPECT_STREQ(parsed["msg"].GetString(), "quote \" and\nnewline");
  EXPECT_STREQ(parsed["path"].GetString(), "/a\"b");
  EXPECT_TRUE(std::regex_match(parsed["ts"].GetString(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  rapidjson::Document next;
  next.Parse(second.c_str());
  EXPECT_STREQ(next["msg"].GetString(), "second");
}

}  // namespace
}  // namespace dashboard::server::log
