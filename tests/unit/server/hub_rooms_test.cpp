// Hub rooms: who gets a fan-out after members join and leave in any order
// (a leaver's place is taken by the last member), a subscriber that joins
// twice is delivered to once, and a million leaving stays linear.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "metrics.hpp"
#include "realtime/hub.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

class RecordingSubscriber : public realtime::Subscriber {
 public:
  bool wants_offsets() const override { return false; }
  using Subscriber::deliver;
  void deliver(std::span<const realtime::Frame> frames) override { received += frames.size(); }
  void resync_required(std::int64_t /*last_seq*/) override { ++resyncs; }
  std::size_t received = 0;
  int resyncs = 0;
};

class HubRoomsTest : public StoreFixtureBase {
 protected:
  void SetUp() override {
    StoreFixtureBase::SetUp();
    hub_ = std::make_shared<realtime::Hub>(
        ioc_.get_executor(),
        std::shared_ptr<store::DashboardStore>(std::shared_ptr<void>(), store_.get()), metrics_);
    store_->set_commit_listener(
        [this](UserId user, std::int64_t seq) { hub_->notify_commit(user, seq); });
  }
  void TearDown() override {
    store_->set_commit_listener({});
    hub_.reset();
    StoreFixtureBase::TearDown();
  }

  std::vector<std::shared_ptr<RecordingSubscriber>> join(std::size_t count) {
    std::vector<std::shared_ptr<RecordingSubscriber>> subscribers;
    for (std::size_t i = 0; i < count; ++i) {
      subscribers.push_back(std::make_shared<RecordingSubscriber>());
      hub_->join(alice_, subscribers.back(), std::nullopt);
    }
    settle();
    return subscribers;
  }

  // One event for alice, fanned out.
  void commit_one() {
    ASSERT_TRUE(store_->add_wishlist_item(alice_, "hub test", std::nullopt));
    settle();
  }

  void settle() {
    ioc_.restart();
    ioc_.run();
  }

  boost::asio::io_context ioc_;
  Metrics metrics_;
  std::shared_ptr<realtime::Hub> hub_;
};

TEST_F(HubRoomsTest, LeaversInAnyOrderStopReceivingOthersKeepReceiving) {
  auto subs = join(5);
  hub_->leave(alice_, subs[1].get());  // from the middle
  hub_->leave(alice_, subs[4].get());  // the last
  hub_->leave(alice_, subs[0].get());  // the first
  settle();
  commit_one();
  EXPECT_EQ(subs[0]->received, 0u);
  EXPECT_EQ(subs[1]->received, 0u);
  EXPECT_EQ(subs[4]->received, 0u);
  EXPECT_GT(subs[2]->received, 0u);
  EXPECT_EQ(subs[2]->received, subs[3]->received);
  // Leaving twice, or never having joined, changes nothing.
  hub_->leave(alice_, subs[1].get());
  RecordingSubscriber stranger;
  hub_->leave(alice_, &stranger);
  settle();
  const std::size_t before = subs[2]->received;
  commit_one();
  EXPECT_GT(subs[2]->received, before);
  EXPECT_EQ(subs[3]->received, subs[2]->received);
}

TEST_F(HubRoomsTest, JoiningTwiceIsOneMembership) {
  auto subs = join(1);
  hub_->join(alice_, subs[0], std::nullopt);
  settle();
  commit_one();
  const std::size_t once = subs[0]->received;
  EXPECT_GT(once, 0u);
  // A second event: as many frames as the first, not twice as many.
  commit_one();
  EXPECT_EQ(subs[0]->received, 2 * once);
  hub_->leave(alice_, subs[0].get());
  settle();
  commit_one();
  EXPECT_EQ(subs[0]->received, 2 * once) << "one leave ends the one membership";
}

TEST(RoomMembers, AddRemoveInAnyOrderKeepsEveryOtherMember) {
  std::vector<std::shared_ptr<RecordingSubscriber>> subs;
  realtime::RoomMembers room;
  for (int i = 0; i < 6; ++i) {
    subs.push_back(std::make_shared<RecordingSubscriber>());
    room.add({subs.back(), subs.back().get(), std::nullopt});
  }
  room.add({subs[2], subs[2].get(), std::nullopt});  // again: still one membership
  EXPECT_EQ(room.size(), 6u);
  for (const int leaving : {3, 5, 0, 0}) room.remove(subs[static_cast<std::size_t>(leaving)].get());
  std::vector<const realtime::Subscriber*> left;
  for (const auto& m : room.all()) left.push_back(m.key);
  std::sort(left.begin(), left.end());
  std::vector<const realtime::Subscriber*> expected{subs[1].get(), subs[2].get(), subs[4].get()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(left, expected);
  for (const auto& m : room.all()) EXPECT_EQ(m.subscriber.lock().get(), m.key);
}

TEST(RoomMembers, TwoHundredThousandLeaveInLinearTime) {
  std::vector<std::shared_ptr<RecordingSubscriber>> subs(200'000);
  realtime::RoomMembers room;
  for (auto& sub : subs) {
    sub = std::make_shared<RecordingSubscriber>();
    room.add({sub, sub.get(), std::nullopt});
  }
  const auto started = std::chrono::steady_clock::now();
  // Every other one from the front, then the rest from the back: erasing
  // from the middle of a vector would take ~2e10 steps here.
  for (std::size_t i = 0; i < subs.size(); i += 2) room.remove(subs[i].get());
  for (std::size_t i = subs.size() - 1; i < subs.size(); i -= 2) room.remove(subs[i].get());
  EXPECT_TRUE(room.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace dashboard::server::testing
