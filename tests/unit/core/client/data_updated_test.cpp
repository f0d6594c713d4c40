// The "Data updated" indicator's two pure pieces: which stream steps were
// made elsewhere, and how long and how strongly the pill shows.
#include "core/client/data_updated.hpp"

#include <gtest/gtest.h>

#include <string>

#include "collection_fixtures.hpp"
#include "core/event.hpp"

namespace dashboard::core::client {
namespace {

using testing::moc;

// A commit's steps: its entity event, then slice events, one timestamp.
StreamStep entity_step(std::int64_t seq, const std::string& at) {
  DashboardEvent e{"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69", at, seq, MocUpdated{moc("m1")}};
  return StreamStep{seq, e.type(), e, at};
}
StreamStep slice_step(std::int64_t seq, const std::string& at,
                      EventType type = EventType::SummaryUpdated) {
  return StreamStep{seq, type, std::nullopt, at};
}

constexpr const char* kT1 = "2026-12-03T19:00:00.100Z";
constexpr const char* kT2 = "2026-12-03T19:00:00.200Z";

TEST(CommitOrigins, OwnEntityEventAndItsSliceEventsAreOwn) {
  CommitOrigins origins;
  EXPECT_FALSE(origins.elsewhere(entity_step(5, kT1), true));
  EXPECT_FALSE(origins.elsewhere(slice_step(6, kT1), false));
  EXPECT_FALSE(origins.elsewhere(slice_step(7, kT1, EventType::ThemeBreakdownUpdated), false));
}

TEST(CommitOrigins, AnotherTabsEntityEventAndItsSliceEventsAreElsewhere) {
  CommitOrigins origins;
  EXPECT_TRUE(origins.elsewhere(entity_step(5, kT1), false));
  EXPECT_TRUE(origins.elsewhere(slice_step(6, kT1), false));
}

TEST(CommitOrigins, SliceOnlyCommitRightAfterAnOwnOneIsElsewhere) {
  CommitOrigins origins;
  EXPECT_FALSE(origins.elsewhere(entity_step(5, kT1), true));
  EXPECT_FALSE(origins.elsewhere(slice_step(6, kT1), false));
  // The next seq, but another commit (another timestamp): a writer that
  // only moves slices (a set added from the CLI).
  EXPECT_TRUE(origins.elsewhere(slice_step(7, kT2), false));
}

TEST(CommitOrigins, GapOrJumpStartsAfresh) {
  CommitOrigins origins;
  EXPECT_FALSE(origins.elsewhere(entity_step(5, kT1), true));
  // Not the next seq: whatever it shares, it is not the same commit.
  EXPECT_TRUE(origins.elsewhere(slice_step(9, kT1), false));

  origins.elsewhere(entity_step(10, kT1), true);
  origins.reset();
  EXPECT_TRUE(origins.elsewhere(slice_step(11, kT1), false));
}

TEST(CommitOrigins, StepWithoutTimestampIsNeverPartOfAnOwnCommit) {
  CommitOrigins origins;
  EXPECT_FALSE(origins.elsewhere(entity_step(5, ""), true));
  EXPECT_TRUE(origins.elsewhere(slice_step(6, ""), false));
}

TEST(CommitOrigins, OwnCommitAfterAnotherTabsCommitIsOwn) {
  CommitOrigins origins;
  EXPECT_TRUE(origins.elsewhere(entity_step(5, kT1), false));
  EXPECT_TRUE(origins.elsewhere(slice_step(6, kT1), false));
  EXPECT_FALSE(origins.elsewhere(entity_step(7, kT2), true));
  EXPECT_FALSE(origins.elsewhere(slice_step(8, kT2), false));
}

TEST(DataUpdatedIndicator, HiddenUntilNoted) {
  DataUpdatedIndicator pill;
  EXPECT_EQ(pill.opacity(0), 0.0f);
  EXPECT_EQ(pill.opacity(1'000'000), 0.0f);
  EXPECT_FALSE(pill.hides_at(1'000'000));
}

TEST(DataUpdatedIndicator, ShowsForItsTimeThenFadesOut) {
  DataUpdatedIndicator pill({.show_ms = 2500, .fade_ms = 500});
  pill.note(10'000);
  EXPECT_EQ(pill.opacity(10'000), 1.0f);
  EXPECT_EQ(pill.opacity(11'999), 1.0f);
  EXPECT_EQ(pill.hides_at(11'999), 12'500);
  const float fading = pill.opacity(12'250);
  EXPECT_GT(fading, 0.0f);
  EXPECT_LT(fading, 1.0f);
  EXPECT_GT(pill.opacity(12'100), fading);  // fades monotonically
  EXPECT_EQ(pill.opacity(12'500), 0.0f);
  EXPECT_FALSE(pill.shown(20'000));
  EXPECT_FALSE(pill.hides_at(12'500));
}

TEST(DataUpdatedIndicator, ReducedMotionShowsWithoutFading) {
  DataUpdatedIndicator pill({.show_ms = 2500, .fade_ms = 500});
  pill.note(10'000);
  EXPECT_EQ(pill.opacity(12'250, true), 1.0f);
  EXPECT_EQ(pill.opacity(12'500, true), 0.0f);
}

TEST(DataUpdatedIndicator, AnotherChangeKeepsItUp) {
  DataUpdatedIndicator pill({.show_ms = 2500, .fade_ms = 500});
  pill.note(10'000);
  pill.note(12'000);
  EXPECT_EQ(pill.opacity(13'000), 1.0f);
  EXPECT_EQ(pill.opacity(14'500), 0.0f);
}

TEST(DataUpdatedIndicator, ClearHidesIt) {
  DataUpdatedIndicator pill;
  pill.note(10'000);
  pill.clear();
  EXPECT_EQ(pill.opacity(10'001), 0.0f);
}

TEST(DataUpdatedIndicator, ClockGoingBackShowsNothing) {
  DataUpdatedIndicator pill;
  pill.note(10'000);
  EXPECT_EQ(pill.opacity(9'000), 0.0f);
}

}  // namespace
}  // namespace dashboard::core::client
