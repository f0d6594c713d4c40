// The live-stream check: undelivered events and slow consumers against
// their thresholds, and an outbox whose pruning is overdue (it would grow
// without bound) degraded with the reason in its details.
#include <gtest/gtest.h>

#include <chrono>

#include "status/checks.hpp"

namespace dashboard::server::status {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

StreamFigures healthy() {
  StreamFigures figures;
  figures.sockets_open = 3;
  figures.retention = std::chrono::hours(24);
  figures.prune_interval = minutes(10);
  figures.since_pruned = minutes(2);
  figures.pruned_once = true;
  return figures;
}

TEST(StreamCheck, QuietStreamIsUpAndSaysWhatItSaw) {
  const CheckResult result = check_stream(healthy(), CheckLimits{});
  EXPECT_EQ(result.status, ServiceStatus::Up);
  EXPECT_EQ(result.details,
            "0 events not yet delivered, 0 slow-consumer disconnects in the last minute, "
            "3 sockets; outbox keeps 24 h, pruned every 10 min");
}

TEST(StreamCheck, UndeliveredEventsDegradeThenTakeItDown) {
  StreamFigures figures = healthy();
  figures.undelivered_events = 1000;  // the thresholds are "above"
  EXPECT_EQ(check_stream(figures, CheckLimits{}).status, ServiceStatus::Up);
  figures.undelivered_events = 1001;
  EXPECT_EQ(check_stream(figures, CheckLimits{}).status, ServiceStatus::Degraded);
  figures.undelivered_events = 10001;
  const CheckResult down = check_stream(figures, CheckLimits{});
  EXPECT_EQ(down.status, ServiceStatus::Down);
  EXPECT_NE(down.details.find("10001 events not yet delivered"), std::string::npos) << down.details;
}

TEST(StreamCheck, SlowConsumersStillCount) {
  StreamFigures figures = healthy();
  figures.slow_per_minute = 60;
  EXPECT_EQ(check_stream(figures, CheckLimits{}).status, ServiceStatus::Down);
}

TEST(StreamCheck, PruningOverdueIsDegradedWithTheReason) {
  StreamFigures figures = healthy();
  figures.since_pruned = minutes(30);  // exactly three intervals: not yet
  EXPECT_EQ(check_stream(figures, CheckLimits{}).status, ServiceStatus::Up);
  figures.since_pruned = minutes(31);
  const CheckResult late = check_stream(figures, CheckLimits{});
  EXPECT_EQ(late.status, ServiceStatus::Degraded);
  EXPECT_NE(late.details.find("not pruned in over 30 min"), std::string::npos) << late.details;
  figures.since_pruned = minutes(50);  // the same words: no new delta every run
  EXPECT_EQ(check_stream(figures, CheckLimits{}).details, late.details);

  figures.pruned_once = false;  // failing since the server started
  figures.since_pruned = seconds(45);
  figures.prune_interval = seconds(10);
  const CheckResult never = check_stream(figures, CheckLimits{});
  EXPECT_EQ(never.status, ServiceStatus::Degraded);
  EXPECT_NE(never.details.find("never pruned since the server started"), std::string::npos)
      << never.details;
}

TEST(StreamCheck, ADownStreamStaysDownWhenPruningIsAlsoLate) {
  StreamFigures figures = healthy();
  figures.undelivered_events = 20000;
  figures.since_pruned = std::chrono::hours(5);
  EXPECT_EQ(check_stream(figures, CheckLimits{}).status, ServiceStatus::Down);
}

}  // namespace
}  // namespace dashboard::server::status
