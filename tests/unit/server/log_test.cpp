// Structured log lines: timestamp format, fixed keys first, extra fields in
// order, one parseable JSON object per line.
#include "log.hpp"

#include <gtest/gtest.h>

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
  const auto parsed = boost::json::parse(line).as_object();
  EXPECT_EQ(parsed.at("level"), "error");
  EXPECT_EQ(parsed.at("msg"), "boom");
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
  const auto parsed = boost::json::parse(first).as_object();
  EXPECT_EQ(parsed.at("level"), "warn");
  EXPECT_EQ(parsed.at("msg"), "quote \" and\nnewline");
  EXPECT_EQ(parsed.at("path"), "/a\"b");
  EXPECT_TRUE(std::regex_match(parsed.at("ts").as_string().c_str(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(boost::json::parse(second).as_object().at("msg"), "second");
}

}  // namespace
}  // namespace dashboard::server::log
