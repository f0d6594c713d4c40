// StatusBoard: deltas carry only what changed, at most one per second per
// service with the latest state folded in, visibility by role, history and
// uptime. Time is passed in: no sleeping.
#include "status/status_board.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

namespace dashboard::server::status {
namespace {

using namespace std::chrono_literals;

constexpr core::UnixMillis kT0 = 1'795'428'000'000;  // on a minute boundary

// The JSON payload of a `42/dashboard,["name",{...}]` frame.
rapidjson::Document payload_of(const std::string& frame) {
  rapidjson::Document doc;
  doc.Parse(frame.substr(frame.find('[')).c_str());
  rapidjson::Document out;
  out.CopyFrom(doc[1], out.GetAllocator());
  return out;
}
std::string name_of(const std::string& frame) {
  rapidjson::Document doc;
  doc.Parse(frame.substr(frame.find('[')).c_str());
  return doc[0].GetString();
}

CheckResult result(ServiceStatus status, double ms, std::string details = "fine") {
  return CheckResult{status, ms, std::move(details), false};
}

struct BoardTest : ::testing::Test {
  BoardTest() {
    board.add_service("database", "Database", true);
    board.add_service("disk", "Disk", false);
  }
  void subscribe(bool admin) {
    board.subscribe(
        this, admin, [this](const StatusFrame& f) { frames.push_back(*f); }, alive);
  }
  StatusBoard board{"/dashboard"};
  std::shared_ptr<int> alive = std::make_shared<int>(0);
  std::vector<std::string> frames;
  std::chrono::steady_clock::time_point t{std::chrono::seconds(1000)};
};

TEST_F(BoardTest, SubscribeSendsTheBulkUpdateOfWhatTheRoleMaySee) {
  board.record("database", result(ServiceStatus::Up, 1.5), kT0, t);
  subscribe(/*admin=*/false);
  ASSERT_EQ(frames.size(), 1U);
  EXPECT_EQ(name_of(frames[0]), "service:bulk-update");
  const auto body = payload_of(frames[0]);
  ASSERT_EQ(body["services"].Size(), 1U);
  EXPECT_STREQ(body["services"][0]["serviceId"].GetString(), "database");
  EXPECT_STREQ(body["services"][0]["status"].GetString(), "up");
  EXPECT_DOUBLE_EQ(body["services"][0]["uptime"].GetDouble(), 100.0);
  EXPECT_STREQ(body["overall"].GetString(), "operational");
  EXPECT_STREQ(body["role"].GetString(),
               "member");  // the reader's: the page shows admin parts by it
  EXPECT_TRUE(board.visible("disk", true));
  EXPECT_FALSE(board.visible("disk", false));
}

TEST_F(BoardTest, DeltasCarryOnlyTheFieldsThatChanged) {
  subscribe(true);
  board.record("disk", result(ServiceStatus::Up, 0, "40 % used"), kT0, t);
  board.record("disk", result(ServiceStatus::Up, 0, "40 % used"), kT0 + 10'000, t + 10s);
  ASSERT_EQ(frames.size(), 3U);
  const auto second = payload_of(frames[2]);
  EXPECT_TRUE(second.HasMember("timestamp"));
  EXPECT_FALSE(second.HasMember("status"));
  EXPECT_FALSE(second.HasMember("details"));
  EXPECT_FALSE(second.HasMember("responseTime"));
  board.record("disk", result(ServiceStatus::Degraded, 0, "95 % used"), kT0 + 20'000, t + 20s);
  const auto third = payload_of(frames[3]);
  EXPECT_STREQ(third["status"].GetString(), "degraded");
  EXPECT_STREQ(third["details"].GetString(), "95 % used");
}

TEST_F(BoardTest, ABurstInsideASecondCoalescesIntoTheLatestStateNeverDropped) {
  subscribe(true);
  EXPECT_FALSE(board.record("database", result(ServiceStatus::Up, 1), kT0, t));
  ASSERT_EQ(frames.size(), 2U);
  const auto due = board.record("database", result(ServiceStatus::Down, 1), kT0 + 100, t + 100ms);
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, t + 1s);
  board.record("database", result(ServiceStatus::Degraded, 2), kT0 + 200, t + 200ms);
  EXPECT_EQ(frames.size(), 2U);  // held back
  EXPECT_EQ(board.flush_due(t + 900ms), std::optional(t + 1s));
  EXPECT_EQ(frames.size(), 2U);
  EXPECT_FALSE(board.flush_due(t + 1s));
  ASSERT_EQ(frames.size(), 3U);
  const auto delta = payload_of(frames[2]);
  EXPECT_STREQ(delta["status"].GetString(), "degraded");
  EXPECT_DOUBLE_EQ(delta["responseTime"].GetDouble(), 2.0);
  EXPECT_FALSE(board.flush_due(t + 5s));  // nothing pending: nothing sent
  EXPECT_EQ(frames.size(), 3U);
}

TEST_F(BoardTest, MembersGetNoDeltaOfAnAdminOnlyService) {
  subscribe(false);
  board.record("disk", result(ServiceStatus::Down, 0), kT0, t);
  EXPECT_EQ(frames.size(), 1U);
  board.record("database", result(ServiceStatus::Down, 0), kT0, t);
  EXPECT_EQ(frames.size(), 2U);
  board.unsubscribe(this);
  board.record("database", result(ServiceStatus::Up, 0), kT0 + 5000, t + 5s);
  EXPECT_EQ(frames.size(), 2U);
}

TEST_F(BoardTest, AClosedSocketGetsNothing) {
  subscribe(true);
  alive.reset();
  board.record("database", result(ServiceStatus::Up, 0), kT0, t);
  EXPECT_EQ(frames.size(), 1U);
  EXPECT_EQ(board.subscribers(), 0U);
}

TEST_F(BoardTest, AMisconfiguredCheckIsAnErrorEventOnceAndOnSubscribe) {
  subscribe(true);
  CheckResult bad{ServiceStatus::Down, std::nullopt, "scheme must be http or https", true};
  board.record("disk", bad, kT0, t);
  board.record("disk", bad, kT0 + 5000, t + 5s);
  int errors = 0;
  for (const auto& f : frames) errors += name_of(f) == "error" ? 1 : 0;
  EXPECT_EQ(errors, 1);
  frames.clear();
  subscribe(true);
  ASSERT_EQ(frames.size(), 2U);
  EXPECT_EQ(name_of(frames[1]), "error");
  EXPECT_STREQ(payload_of(frames[1])["serviceId"].GetString(), "disk");
}

TEST_F(BoardTest, HistoryKeepsAPointAMinuteFor24HoursAndUptimeCountsChecksNotDown) {
  for (int minute = 0; minute < 25 * 60; ++minute) {
    const auto status = minute % 4 == 0 ? ServiceStatus::Down : ServiceStatus::Up;
    board.record("database", result(status, minute), kT0 + minute * 60'000LL,
                 t + std::chrono::minutes(minute));
  }
  const auto state = board.state("database");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->last_hour.size(), 60U);
  EXPECT_NEAR(*state->uptime_percent, 75.0, 0.1);
  EXPECT_EQ(state->last_hour.back().minute, kT0 + (25 * 60 - 1) * 60'000LL);
}

TEST(Thresholds, ClassifyUpDegradedDown) {
  const Thresholds ms{100, 1000};
  EXPECT_EQ(ms.classify(100), ServiceStatus::Up);
  EXPECT_EQ(ms.classify(101), ServiceStatus::Degraded);
  EXPECT_EQ(ms.classify(1001), ServiceStatus::Down);
}

}  // namespace
}  // namespace dashboard::server::status
