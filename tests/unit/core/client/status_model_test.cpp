// The /status page's model: a bulk update replaces the cards, a delta
// changes only the fields it carries, the banner follows the worst card,
// history keeps one hour, and bad input is an error that changes nothing.
#include "core/client/status_model.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

constexpr const char* kBulk = R"({"overall":"degraded","role":"admin","services":[
  {"serviceId":"database","name":"Database","public":true,"status":"up","responseTime":1.5,
   "details":"pool 1/8","timestamp":"2026-12-03T10:00:00Z","uptime":99.5,
   "history":[{"t":"2026-12-03T09:59:00Z","status":"up","responseTime":1.0},
              {"t":"2026-12-03T10:00:00Z","status":"up","responseTime":null}]},
  {"serviceId":"http:covers","name":"covers","public":false,"status":"degraded",
   "responseTime":812,"details":"200 in 812 ms","timestamp":"2026-12-03T10:00:00Z","history":[]},
  {"serviceId":"disk","name":"Disk","public":false,"status":"unknown","details":"","history":[]}
]})";

StatusModel loaded() {
  StatusModel model;
  const auto n = model.apply_bulk(kBulk);
  EXPECT_TRUE(n.ok()) << n.error().to_string();
  return model;
}

TEST(StatusModel, BulkUpdateFillsEveryCard) {
  const StatusModel model = loaded();
  ASSERT_TRUE(model.loaded());
  EXPECT_EQ(model.role(), "admin");
  ASSERT_EQ(model.services().size(), 3u);
  const ServiceCard& db = model.services()[0];
  EXPECT_EQ(db.id, "database");
  EXPECT_EQ(db.name, "Database");
  EXPECT_TRUE(db.is_public);
  EXPECT_EQ(db.health, ServiceHealth::Up);
  EXPECT_EQ(db.response_ms, 1.5);
  EXPECT_EQ(db.details, "pool 1/8");
  EXPECT_EQ(db.checked_at, *parse_rfc3339("2026-12-03T10:00:00Z"));
  EXPECT_EQ(db.uptime_percent, 99.5);
  ASSERT_EQ(db.history.size(), 2u);
  EXPECT_FALSE(db.history[1].response_ms.has_value());
  EXPECT_EQ(model.find("disk")->health, ServiceHealth::Unknown);
  EXPECT_EQ(model.find("disk")->checked_at, 0);
  EXPECT_EQ(model.overall(), Overall::Degraded);
}

TEST(StatusModel, DeltaChangesOnlyTheFieldsItCarries) {
  StatusModel model = loaded();
  const auto rev = model.revision();
  const auto change = model.apply_delta(
      R"({"serviceId":"database","timestamp":"2026-12-03T10:00:10Z","responseTime":2.25})");
  ASSERT_TRUE(change.ok()) << change.error().to_string();
  ASSERT_TRUE(change->has_value());
  EXPECT_FALSE((*change)->health_changed);
  EXPECT_EQ((*change)->announcement, "");
  const ServiceCard& db = *model.find("database");
  EXPECT_EQ(db.health, ServiceHealth::Up);
  EXPECT_EQ(db.response_ms, 2.25);
  EXPECT_EQ(db.details, "pool 1/8");
  EXPECT_EQ(db.uptime_percent, 99.5);
  EXPECT_EQ(db.checked_at, *parse_rfc3339("2026-12-03T10:00:10Z"));
  EXPECT_GT(model.revision(), rev);
}

TEST(StatusModel, HealthChangeIsAnnounced) {
  StatusModel model = loaded();
  auto change = model.apply_delta(
      R"({"serviceId":"database","timestamp":"2026-12-03T10:00:10Z","status":"degraded",
          "details":"412 ms"})");
  ASSERT_TRUE(change.ok());
  EXPECT_TRUE((*change)->health_changed);
  EXPECT_EQ((*change)->announcement, "Database degraded");
  EXPECT_EQ(model.find("database")->details, "412 ms");
  change = model.apply_delta(
      R"({"serviceId":"database","timestamp":"2026-12-03T10:00:20Z","status":"down"})");
  EXPECT_EQ((*change)->announcement, "Database down");
  EXPECT_EQ(model.overall(), Overall::Outage);
  change = model.apply_delta(
      R"({"serviceId":"database","timestamp":"2026-12-03T10:00:30Z","status":"up"})");
  EXPECT_EQ((*change)->announcement, "Database up");
  // A first verdict of "up" after "Checking" is not worth interrupting for.
  change =
      model.apply_delta(R"({"serviceId":"disk","timestamp":"2026-12-03T10:00:30Z","status":"up"})");
  EXPECT_TRUE((*change)->health_changed);
  EXPECT_EQ((*change)->announcement, "");
}

TEST(StatusModel, NullResponseTimeClearsIt) {
  StatusModel model = loaded();
  ASSERT_TRUE(model
                  .apply_delta(R"({"serviceId":"http:covers","responseTime":null,
      "status":"down","timestamp":"2026-12-03T10:00:10Z"})")
                  .ok());
  EXPECT_FALSE(model.find("http:covers")->response_ms.has_value());
}

TEST(StatusModel, OverallFollowsTheWorstCheckedCard) {
  StatusModel model;
  ASSERT_TRUE(model.apply_bulk(R"({"services":[]})").ok());
  EXPECT_EQ(model.role(), "");
  EXPECT_EQ(model.overall(), Overall::Operational);
  EXPECT_STREQ(overall_label(model.overall()), "All systems operational");
  ASSERT_TRUE(model
                  .apply_bulk(R"({"services":[
      {"serviceId":"a","name":"A","status":"unknown","details":"","history":[]},
      {"serviceId":"b","name":"B","status":"up","details":"","history":[]}]})")
                  .ok());
  EXPECT_EQ(model.overall(), Overall::Operational);
  EXPECT_EQ(model.count(ServiceHealth::Up), 1);
  EXPECT_EQ(model.count(ServiceHealth::Unknown), 1);
  EXPECT_STREQ(overall_label(Overall::Degraded), "Degraded");
  EXPECT_STREQ(overall_label(Overall::Outage), "Outage");
}

TEST(StatusModel, UnknownServiceDeltaIsIgnored) {
  StatusModel model = loaded();
  const auto rev = model.revision();
  const auto change = model.apply_delta(R"({"serviceId":"nope","status":"down"})");
  ASSERT_TRUE(change.ok());
  EXPECT_FALSE(change->has_value());
  EXPECT_EQ(model.revision(), rev);
}

TEST(StatusModel, MalformedInputIsAnErrorAndChangesNothing) {
  StatusModel model = loaded();
  const auto rev = model.revision();
  auto bad = model.apply_delta(R"({"serviceId":"database","status":"sideways"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "status");
  bad = model.apply_delta(R"({"serviceId":"database","responseTime":"fast"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "responseTime");
  bad = model.apply_delta("not json");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(model.find("database")->health, ServiceHealth::Up);
  EXPECT_EQ(model.find("database")->response_ms, 1.5);
  const auto bulk = model.apply_bulk(R"({"services":[{"serviceId":"x"}]})");
  ASSERT_FALSE(bulk.ok());
  EXPECT_EQ(bulk.error().path, "services[0].name");
  EXPECT_EQ(model.services().size(), 3u);
  EXPECT_EQ(model.revision(), rev);
}

TEST(StatusModel, RefreshAnswerReplacesTheCard) {
  StatusModel model = loaded();
  const auto change = model.apply_service(
      R"({"serviceId":"http:covers","name":"covers","public":false,"status":"down",
          "details":"connection refused","timestamp":"2026-12-03T10:01:00Z","history":[]})");
  ASSERT_TRUE(change.ok()) << change.error().to_string();
  EXPECT_EQ((*change)->announcement, "covers down");
  EXPECT_EQ(model.find("http:covers")->details, "connection refused");
  EXPECT_FALSE(model.find("http:covers")->response_ms.has_value());
}

TEST(StatusModel, PointsMergeByMinuteAndKeepOneHour) {
  std::vector<StatusPoint> history;
  const UnixMillis t0 = *parse_rfc3339("2026-12-03T09:00:00Z");
  for (int m = 0; m < 70; ++m) {
    merge_point(history, {t0 + m * 60'000LL, ServiceHealth::Up, static_cast<double>(m)});
  }
  ASSERT_EQ(history.size(), 60u);
  EXPECT_EQ(history.front().minute, t0 + 10 * 60'000LL);
  // The newest minute's point is replaced, not appended.
  merge_point(history, {t0 + 69 * 60'000LL, ServiceHealth::Down, 5.0});
  ASSERT_EQ(history.size(), 60u);
  EXPECT_EQ(history.back().health, ServiceHealth::Down);
  // An out-of-order point lands in its place.
  std::vector<StatusPoint> h2;
  merge_point(h2, {t0 + 120'000, ServiceHealth::Up, 1.0});
  merge_point(h2, {t0, ServiceHealth::Up, 2.0});
  ASSERT_EQ(h2.size(), 2u);
  EXPECT_EQ(h2.front().minute, t0);
}

TEST(StatusModel, SparklineCarriesTheLastFigureOverGaps) {
  const std::vector<StatusPoint> history{{0, ServiceHealth::Up, std::nullopt},
                                         {60'000, ServiceHealth::Up, 4.0},
                                         {120'000, ServiceHealth::Down, std::nullopt}};
  EXPECT_EQ(sparkline_values(history), (std::vector<float>{0, 4, 4}));
  EXPECT_TRUE(sparkline_values({}).empty());
}

TEST(StatusModel, Labels) {
  EXPECT_EQ(response_time_label(std::nullopt), "\xE2\x80\x94");
  EXPECT_EQ(response_time_label(1.25), "1.2 ms");
  EXPECT_EQ(response_time_label(42.4), "42 ms");
  EXPECT_EQ(response_time_label(1500), "1.5 s");
  EXPECT_EQ(uptime_label(99.94), "99.9 %");
  EXPECT_EQ(uptime_label(std::nullopt), "\xE2\x80\x94");
  EXPECT_STREQ(health_label(ServiceHealth::Unknown), "Checking");
  EXPECT_STREQ(health_label(ServiceHealth::Down), "Down");
}

}  // namespace
}  // namespace dashboard::core::client
