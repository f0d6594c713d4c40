// The hub against a real store that the test can make unreachable: a
// fan-out or a replay that meets a database outage skips nothing and sends
// no resync; the hub reads again a second later (or when woken) and every
// subscriber gets every seq, once, in order, replay before live. And
// catch_up_all() reads every room, which is how another instance's commits
// reach sockets when a NOTIFY was lost.
#include "realtime/hub.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "core/json_codec.hpp"
#include "delegating_store.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

// Delegates to the real store, except that reads fail as Unavailable while
// `down` is set, the way a database outage looks from the hub.
class FlakyStore final : public DelegatingStore {
 public:
  explicit FlakyStore(store::DashboardStore& real) : DelegatingStore(&real) {}
  bool down = false;

  store::StoreResult<std::int64_t> last_seq(UserId u) override {
    if (down) return unavailable();
    return inner_->last_seq(u);
  }
  store::StoreResult<store::EventsPage> events_since(UserId u, std::int64_t s, int l) override {
    if (down) return unavailable();
    return inner_->events_since(u, s, l);
  }

 private:
  static store::StoreError unavailable() {
    return store::StoreError{store::StoreError::Kind::Unavailable, "connection refused", {}};
  }
};

// Records what the hub hands it: the seq of every frame, and resyncs.
class RecordingSubscriber final : public realtime::Subscriber {
 public:
  bool wants_offsets() const override { return true; }
  void deliver(std::span<const realtime::Frame> frames) override {
    for (const realtime::Frame& frame : frames) {
      // 42/dashboard,["type",{envelope},"offset"]: the offset is the seq.
      const auto quote = frame->rfind(",\"");
      seqs.push_back(std::stoll(frame->substr(quote + 2)));
    }
  }
  void resync_required(std::int64_t) override { ++resyncs; }

  std::vector<std::int64_t> seqs;
  int resyncs = 0;
};

class HubTest : public StoreFixtureBase {
 protected:
  void SetUp() override {
    StoreFixtureBase::SetUp();
    flaky_ = std::make_shared<FlakyStore>(*store_);
    hub_ = std::make_shared<realtime::Hub>(ioc_.get_executor(), flaky_, metrics_);
  }
  void TearDown() override {
    hub_.reset();
    StoreFixtureBase::TearDown();
  }

  // Runs the hub's strand until `done` holds or `limit` passes.
  template <typename Done>
  bool run_until(Done done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  std::shared_ptr<RecordingSubscriber> join(UserId user,
                                            std::optional<std::int64_t> resume = std::nullopt) {
    auto subscriber = std::make_shared<RecordingSubscriber>();
    bool joined = false;
    hub_->join(user, subscriber, resume, [&joined] { joined = true; });
    EXPECT_TRUE(run_until([&] { return joined; }));
    return subscriber;
  }

  static std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (std::int64_t s = from; s <= to; ++s) out.push_back(s);
    return out;
  }

  boost::asio::io_context ioc_;
  Metrics metrics_;
  std::shared_ptr<FlakyStore> flaky_;
  std::shared_ptr<realtime::Hub> hub_;
};

TEST_F(HubTest, AnOutageDuringFanOutDelaysEventsButLosesNone) {
  auto subscriber = join(alice_);
  const std::int64_t start = version(alice_);
  flaky_->down = true;
  create(alice_, "written while the hub cannot read");
  hub_->notify_commit(alice_, version(alice_));
  run_until([] { return false; }, std::chrono::milliseconds(200));
  EXPECT_TRUE(subscriber->seqs.empty());
  EXPECT_EQ(subscriber->resyncs, 0) << "an outage is not a pruned outbox";
  // The status page's "events not yet delivered" counts what waits.
  std::int64_t waiting = -1;
  hub_->count_undelivered([&waiting](std::int64_t n) { waiting = n; });
  ASSERT_TRUE(run_until([&] { return waiting >= 0; }));
  EXPECT_EQ(waiting, version(alice_) - start);

  flaky_->down = false;
  create(alice_, "written after");  // no wake-up for this one: the retry timer reads it
  ASSERT_TRUE(run_until([&] { return subscriber->seqs.size() == 8; }));
  EXPECT_EQ(subscriber->seqs, range(start + 1, version(alice_)));
  EXPECT_EQ(subscriber->resyncs, 0);
  waiting = -1;
  hub_->count_undelivered([&waiting](std::int64_t n) { waiting = n; });
  ASSERT_TRUE(run_until([&] { return waiting >= 0; }));
  EXPECT_EQ(waiting, 0);
}

TEST_F(HubTest, AReplayCutShortFinishesBeforeAnyLiveEvent) {
  create(alice_, "missed one");
  create(alice_, "missed two");
  flaky_->down = true;
  // A client resuming from seq 0 joins while the database is down.
  auto resumed = join(alice_, 0);
  EXPECT_TRUE(resumed->seqs.empty());
  flaky_->down = false;
  create(alice_, "live");
  hub_->notify_commit(alice_, version(alice_));
  ASSERT_TRUE(run_until([&] { return resumed->seqs.size() == 12; }));
  EXPECT_EQ(resumed->seqs, range(1, 12));
  EXPECT_EQ(resumed->resyncs, 0);
}

TEST_F(HubTest, ARoomJoinedWhileTheDatabaseIsDownStartsAtTheLiveEdgeOnceItIsBack) {
  create(alice_, "history");
  flaky_->down = true;
  // A new client (no resume point): its snapshot comes over REST, and any
  // gap between that snapshot and the live edge is repaired from
  // /api/events, so the room only has to learn where "live" begins.
  auto fresh = join(alice_);
  flaky_->down = false;
  create(alice_, "while the room learns its position");
  hub_->notify_commit(alice_, version(alice_));
  run_until([] { return false; }, std::chrono::milliseconds(200));
  const std::int64_t edge = version(alice_);
  create(alice_, "live");
  hub_->notify_commit(alice_, version(alice_));
  ASSERT_TRUE(run_until([&] { return fresh->seqs.size() == 4; }));
  EXPECT_EQ(fresh->seqs, range(edge + 1, version(alice_)));
  EXPECT_EQ(fresh->resyncs, 0);
}

TEST_F(HubTest, CatchUpAllReadsEveryRoomWithoutAWakeUp) {
  auto a = join(alice_);
  auto b = join(bob_);
  // Commits another instance made: no notify_commit reaches this hub.
  create(alice_, "on another instance");
  ASSERT_TRUE(store_->add_wishlist_item(bob_, "also elsewhere", std::nullopt));
  run_until([] { return false; }, std::chrono::milliseconds(100));
  EXPECT_TRUE(a->seqs.empty());
  hub_->catch_up_all();
  ASSERT_TRUE(run_until([&] { return a->seqs.size() == 4 && b->seqs.size() == 2; }));
  EXPECT_EQ(a->seqs, range(1, 4));
  EXPECT_EQ(b->seqs, range(1, 2));
}

}  // namespace
}  // namespace dashboard::server::testing
