// How many sockets an instance moves to even out the cluster, and which
// sessions SharedState asks to move.
#include "cluster_balance.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "http/shared_state.hpp"

namespace dashboard::server {
namespace {

TEST(SocketsToMove, AloneOrEvenMovesNothing) {
  EXPECT_EQ(sockets_to_move(100, std::vector<std::size_t>{100}, 1000), 0U);
  EXPECT_EQ(sockets_to_move(50, std::vector<std::size_t>{50, 50}, 1000), 0U);
  // Within the tolerance (10% of the fair share, at least 2): not worth a reconnect.
  EXPECT_EQ(sockets_to_move(12, std::vector<std::size_t>{12, 8}, 1000), 0U);
  EXPECT_EQ(sockets_to_move(105, std::vector<std::size_t>{105, 95}, 1000), 0U);
}

TEST(SocketsToMove, TheBusiestMovesItsExcessOverTheFairShare) {
  // An instance joins beside one holding everything: half goes over.
  EXPECT_EQ(sockets_to_move(24, std::vector<std::size_t>{24, 0}, 1000), 12U);
  // Three instances, one new: each old one sheds down to a third.
  EXPECT_EQ(sockets_to_move(150, std::vector<std::size_t>{150, 150, 0}, 1000), 50U);
  // The idle one never moves anything.
  EXPECT_EQ(sockets_to_move(0, std::vector<std::size_t>{150, 150, 0}, 1000), 0U);
  // A round moves at most max_moves.
  EXPECT_EQ(sockets_to_move(10000, std::vector<std::size_t>{10000, 0}, 1000), 1000U);
}

class FakeSession : public http::Closable {
 public:
  explicit FakeSession(bool movable) : movable_(movable) {}
  void close_gracefully() override { ++closed; }
  bool movable() const override { return movable_; }
  void move_elsewhere() override { ++moved; }
  int closed = 0;
  int moved = 0;

 private:
  bool movable_;
};

TEST(SharedStateMoves, AsksOnlyMovableSessionsAndNoMoreThanAsked) {
  http::SharedState state;
  std::vector<std::shared_ptr<FakeSession>> sessions;
  for (int i = 0; i < 6; ++i) {
    sessions.push_back(std::make_shared<FakeSession>(i % 2 == 0));  // 3 sockets, 3 HTTP
    ASSERT_TRUE(state.join(sessions.back()));
  }
  EXPECT_EQ(state.move_some(2), 2U);
  EXPECT_EQ(state.move_some(10), 3U);  // every movable one, once more each
  int moved = 0;
  for (const auto& session : sessions) {
    if (!session->movable()) {
      EXPECT_EQ(session->moved, 0);
    }
    moved += session->moved;
    EXPECT_EQ(session->closed, 0);
  }
  EXPECT_EQ(moved, 5);
  for (const auto& session : sessions) state.leave(session.get());
}

}  // namespace
}  // namespace dashboard::server
