// Session registry used for graceful shutdown: who gets asked to close, and
// when the "drained" callback fires.
#include "http/shared_state.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace dashboard::server::http {
namespace {

// Records close requests; leaves the state only when told to, like a session
// finishing its in-flight response.
class FakeSession : public Closable {
 public:
  explicit FakeSession(std::shared_ptr<SharedState> state) : state_(std::move(state)) {}
  ~FakeSession() override { state_->leave(this); }
  void close_gracefully() override { ++close_requests; }
  int close_requests = 0;

 private:
  std::shared_ptr<SharedState> state_;
};

TEST(SharedState, TracksJoinAndLeave) {
  auto state = std::make_shared<SharedState>();
  auto a = std::make_shared<FakeSession>(state);
  auto b = std::make_shared<FakeSession>(state);
  EXPECT_TRUE(state->join(a));
  EXPECT_TRUE(state->join(b));
  EXPECT_EQ(state->size(), 2u);
  a.reset();
  EXPECT_EQ(state->size(), 1u);
}

TEST(SharedState, CloseAllAsksEverySessionAndWaitsForDrain) {
  auto state = std::make_shared<SharedState>();
  auto a = std::make_shared<FakeSession>(state);
  auto b = std::make_shared<FakeSession>(state);
  ASSERT_TRUE(state->join(a));
  ASSERT_TRUE(state->join(b));

  int drained = 0;
  state->close_all([&] { ++drained; });
  EXPECT_TRUE(state->stopping());
  EXPECT_EQ(a->close_requests, 1);
  EXPECT_EQ(b->close_requests, 1);
  EXPECT_EQ(drained, 0);
  a.reset();
  EXPECT_EQ(drained, 0);
  b.reset();
  EXPECT_EQ(drained, 1);
}

TEST(SharedState, DrainedAtOnceWhenNothingIsLive) {
  SharedState state;
  int drained = 0;
  state.close_all([&] { ++drained; });
  EXPECT_EQ(drained, 1);
  state.close_all([&] { ++drained; });  // a second signal changes nothing
  EXPECT_EQ(drained, 1);
}

TEST(SharedState, RefusesSessionsAfterShutdownBegan) {
  auto state = std::make_shared<SharedState>();
  state->close_all([] {});
  auto late = std::make_shared<FakeSession>(state);
  EXPECT_FALSE(state->join(late));
  EXPECT_EQ(state->size(), 0u);
}

}  // namespace
}  // namespace dashboard::server::http
