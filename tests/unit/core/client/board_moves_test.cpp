// The board's optimistic moves: drawn at once, one request per card at a
// time with its version, confirmed, or rolled back to the server's place
// with a toast that says why.
#include "core/client/board_moves.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

Moc card(std::string id, BuildStatus status, std::string rank, std::int64_t version = 1) {
  Moc m;
  m.id = std::move(id);
  m.title = "Castle Keep";
  m.theme = "Castle";
  m.build_status = status;
  m.version = version;
  m.board_rank = std::move(rank);
  return m;
}

struct Fixture {
  Board board;
  MoveQueue moves;
  Fixture() {
    board.reset("alice", BoardRole::Owner, 1,
                {card("k", BuildStatus::Added, "a", 4), card("t", BuildStatus::Added, "b", 1)});
  }
  BuildStatus shown(std::string_view id) const {
    const BoardColumns cols = arrange(board, &moves);
    return kBuildStatuses[find_card(cols, id)->first];
  }
};

TEST(MoveQueue, AMoveShowsAtOnceAndIsSentWithItsVersion) {
  Fixture f;
  const MoveId id = f.moves.submit(*f.board.card("k"), {BuildStatus::Built, "m"});
  EXPECT_EQ(f.shown("k"), BuildStatus::Built);
  EXPECT_TRUE(f.moves.pending("k"));
  const auto ready = f.moves.take_ready();
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].id, id);
  EXPECT_EQ(ready[0].base_version, 4);
  EXPECT_EQ(ready[0].from, (BoardPlace{BuildStatus::Added, "a"}));
  EXPECT_TRUE(f.moves.take_ready().empty());  // in flight: not sent twice

  const Moc answered = card("k", BuildStatus::Built, "m", 5);
  ASSERT_TRUE(f.moves.confirm(id, answered));
  f.board.upsert(answered);
  EXPECT_TRUE(f.moves.empty());
  EXPECT_EQ(f.shown("k"), BuildStatus::Built);
}

TEST(MoveQueue, ASecondMoveOfTheSameCardWaitsAndNamesTheNewVersion) {
  Fixture f;
  const MoveId first = f.moves.submit(*f.board.card("k"), {BuildStatus::InProgress, "m"});
  ASSERT_EQ(f.moves.take_ready().size(), 1u);
  const MoveId second = f.moves.submit(*f.board.card("k"), {BuildStatus::Built, "m"});
  EXPECT_EQ(f.moves.find(second)->from.status, BuildStatus::InProgress);
  EXPECT_EQ(f.shown("k"), BuildStatus::Built);
  EXPECT_TRUE(f.moves.take_ready().empty());
  // Another card moves meanwhile, independently.
  f.moves.submit(*f.board.card("t"), {BuildStatus::Built, "z"});
  EXPECT_EQ(f.moves.take_ready().size(), 1u);

  f.moves.confirm(first, card("k", BuildStatus::InProgress, "m", 5));
  const auto ready = f.moves.take_ready();
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].id, second);
  EXPECT_EQ(ready[0].base_version, 5);
}

TEST(MoveQueue, ARefusalTakesBackTheMoveAndTheLaterOnesOfThatCard) {
  Fixture f;
  const MoveId first = f.moves.submit(*f.board.card("k"), {BuildStatus::InProgress, "m"});
  f.moves.take_ready();
  f.moves.submit(*f.board.card("k"), {BuildStatus::Built, "m"});
  f.moves.submit(*f.board.card("t"), {BuildStatus::Built, "z"});
  const auto dropped = f.moves.roll_back(first);
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(dropped[0].id, first);
  EXPECT_EQ(f.moves.size(), 1u);
  // The server's word: bob moved it to Built first.
  f.board.upsert(card("k", BuildStatus::Built, "q", 5));
  EXPECT_EQ(f.shown("k"), BuildStatus::Built);
  EXPECT_TRUE(f.moves.roll_back(999).empty());
  EXPECT_EQ(f.moves.roll_back_all().size(), 1u);
  EXPECT_TRUE(f.moves.empty());
  EXPECT_EQ(f.shown("t"), BuildStatus::Added);
}

TEST(MoveQueue, RevisionBumpsOnEveryChange) {
  Fixture f;
  const auto r0 = f.moves.revision();
  const MoveId id = f.moves.submit(*f.board.card("k"), {BuildStatus::Built, "m"});
  EXPECT_GT(f.moves.revision(), r0);
  const auto r1 = f.moves.revision();
  f.moves.roll_back(id);
  EXPECT_GT(f.moves.revision(), r1);
}

TEST(RollbackMessage, SaysWhoMovedItWhere) {
  Move m;
  m.title = "Castle Keep";
  m.from = {BuildStatus::Added, "a"};
  m.to = {BuildStatus::InProgress, "b"};
  const auto moved =
      rollback_message(m, RollbackCause::Conflict, BoardPlace{BuildStatus::Built, "c"}, "bob");
  EXPECT_EQ(moved.title,
            "\xE2\x80\x9C"
            "Castle Keep\xE2\x80\x9D went back to Built");
  EXPECT_EQ(moved.detail, "bob moved it to Built");
  EXPECT_EQ(
      rollback_message(m, RollbackCause::Conflict, BoardPlace{BuildStatus::Added, "c"}, "").detail,
      "Someone changed it first");
  EXPECT_EQ(rollback_message(m, RollbackCause::Offline, std::nullopt, "").detail,
            "You are offline: moves are not saved until you are back");
  EXPECT_EQ(rollback_message(m, RollbackCause::Offline, std::nullopt, "").title,
            "\xE2\x80\x9C"
            "Castle Keep\xE2\x80\x9D went back to Added");
  EXPECT_EQ(rollback_message(m, RollbackCause::Forbidden, std::nullopt, "").detail,
            "You can no longer move cards on this board");
  EXPECT_EQ(rollback_message(m, RollbackCause::Gone, std::nullopt, "bob").detail, "bob deleted it");
}

TEST(DescribeMove, SaysWhoWhatWhereAndWhen) {
  EXPECT_EQ(describe_move("bob", "Castle Keep", BuildStatus::Built, 2400),
            "bob moved Castle Keep to Built, 2 s ago");
  EXPECT_EQ(describe_move("you", "Tower", BuildStatus::InProgress, 125000),
            "you moved Tower to In progress, 2 min ago");
  EXPECT_EQ(describe_move("bob", "Tower", BuildStatus::Added, 7300000),
            "bob moved Tower to Added, 2 h ago");
}

}  // namespace
}  // namespace dashboard::core::client
