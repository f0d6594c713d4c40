// Structured log lines: timestamp format, fixed keys first, extra fields in
// order, one parseable JSON object per line.
#include "log.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

// [SECTION] BatchedWriter: what stands between the I/O threads and stderr

TEST(BatchedWriter, QueuesUntilFlushedThenWritesOneBatchInOrder) {
  std::vector<std::string> writes;
  BatchedWriter writer([&](std::string_view bytes) { writes.emplace_back(bytes); });
  EXPECT_TRUE(writer.append("a\n", false)) << "first line: wake the flusher";
  EXPECT_FALSE(writer.append("b\n", false)) << "already awake";
  EXPECT_FALSE(writer.append("c\n", false));
  EXPECT_TRUE(writes.empty());
  EXPECT_EQ(writer.pending_bytes(), 6u);
  writer.flush();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0], "a\nb\nc\n");
  EXPECT_EQ(writer.pending_bytes(), 0u);
  writer.flush();
  EXPECT_EQ(writes.size(), 1u) << "nothing pending: no empty write";
  EXPECT_TRUE(writer.append("d\n", false)) << "empty again: wake again";
}

TEST(BatchedWriter, UrgentLineGoesOutAtOnceAfterEverythingBeforeIt) {
  std::vector<std::string> writes;
  BatchedWriter writer([&](std::string_view bytes) { writes.emplace_back(bytes); });
  writer.append("info\n", false);
  EXPECT_FALSE(writer.append("warn\n", true)) << "flushed already: nobody to wake";
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0], "info\nwarn\n");
}

TEST(BatchedWriter, BoundedQueueFlushesItself) {
  std::vector<std::string> writes;
  BatchedWriter writer([&](std::string_view bytes) { writes.emplace_back(bytes); }, 10);
  writer.append("12345\n", false);
  EXPECT_TRUE(writes.empty());
  writer.append("67890\n", false);  // 12 > 10 bytes
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0], "12345\n67890\n");
}

TEST(BatchedWriter, LinesFromManyThreadsArriveWholeAndInEachThreadsOrder) {
  std::string out;
  BatchedWriter writer([&](std::string_view bytes) { out.append(bytes); });
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads + 1);
  std::atomic<bool> done{false};
  threads.emplace_back([&] {  // a flusher racing the writers, like the writer thread
    while (!done.load()) writer.flush();
  });
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < kLines; ++i) {
        writer.append("t" + std::to_string(t) + " " + std::to_string(i) + "\n", i % 500 == 0);
      }
    });
  }
  for (std::size_t i = 1; i < threads.size(); ++i) threads[i].join();
  done = true;
  threads[0].join();
  writer.flush();

  std::istringstream lines(out);
  std::array<int, kThreads> next{};
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    int t = -1;
    int i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "t%d %d", &t, &i), 2) << line;
    ASSERT_TRUE(t >= 0 && t < kThreads) << line;
    EXPECT_EQ(i, next[static_cast<std::size_t>(t)]++) << "out of order: " << line;
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

TEST(Log, FlushIsSafeWithNothingPending) {
  flush();
  flush();
}

}  // namespace
}  // namespace dashboard::server::log
