// The store's events_after_time (GET /api/events/missed), on both engines:
// the events created after an instant, in seq order, paged, per user.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using store::StoreError;
using StoreMissedEvents = StoreFixture;

std::vector<std::int64_t> seqs(const store::EventsPage& page) {
  std::vector<std::int64_t> out;
  for (const store::StoredEvent& e : page.events) out.push_back(e.seq);
  return out;
}

TEST_P(StoreMissedEvents, AnswersTheEventsCreatedAfterTheInstantInSeqOrder) {
  create(alice_, "before");  // seqs 1-4 at the start
  clock_->advance_ms(1000);
  const std::string between = core::format_rfc3339_utc(clock_->now());
  clock_->advance_ms(1);
  create(alice_, "after 1");  // seqs 5-8
  clock_->advance_ms(1000);
  create(alice_, "after 2");  // seqs 9-12

  const auto page = store_->events_after_time(alice_, between, 100);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(seqs(*page), (std::vector<std::int64_t>{5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(page->last_seq, 12);
  for (const store::StoredEvent& e : page->events) EXPECT_GT(e.created_at, between);
}

TEST_P(StoreMissedEvents, TheInstantItselfIsNotAfterIt) {
  create(alice_, "at the instant");
  const auto at = store_->events_since(alice_, 0, 1);
  ASSERT_TRUE(at);
  const auto page = store_->events_after_time(alice_, at->events.front().created_at, 100);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->events.empty());
  EXPECT_EQ(page->last_seq, 4);
}

TEST_P(StoreMissedEvents, PagesWithLimitAndContinuesBySeq) {
  const std::string start = core::format_rfc3339_utc(clock_->now() - 1);
  for (int i = 0; i < 3; ++i) create(alice_, "moc " + std::to_string(i));  // 12 events
  const auto first = store_->events_after_time(alice_, start, 5);
  ASSERT_TRUE(first);
  EXPECT_EQ(seqs(*first), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(first->last_seq, 12);
  const auto rest = store_->events_since(alice_, first->events.back().seq, 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(seqs(*rest).front(), 6);
}

TEST_P(StoreMissedEvents, OnlyTheCallersEvents) {
  const std::string start = core::format_rfc3339_utc(clock_->now() - 1);
  create(alice_, "alice's");
  create(bob_, "bob's");
  const auto bob = store_->events_after_time(bob_, start, 100);
  ASSERT_TRUE(bob);
  EXPECT_EQ(seqs(*bob), (std::vector<std::int64_t>{1, 2, 3, 4}));
  for (const store::StoredEvent& e : bob->events) {
    EXPECT_EQ(e.payload_json.find("alice's"), std::string::npos);
  }
}

TEST_P(StoreMissedEvents, UnknownUserIsNotFound) {
  const auto page = store_->events_after_time(UserId{9999}, "2026-01-01T00:00:00.000Z", 10);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, StoreError::Kind::NotFound);
}

INSTANTIATE_STORE_SUITE(StoreMissedEvents);

}  // namespace
}  // namespace dashboard::server::testing
