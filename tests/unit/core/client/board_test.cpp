// The board model: columns ordered by rank, drops and keyboard moves that
// land between the right neighbours, pending moves over confirmed cards,
// and the board's API bodies.
#include "core/client/board.hpp"

#include <gtest/gtest.h>

#include "core/client/board_codec.hpp"
#include "core/client/board_moves.hpp"

namespace dashboard::core::client {
namespace {

Moc card(std::string id, BuildStatus status, std::string rank, std::int64_t version = 1) {
  Moc m;
  m.id = std::move(id);
  m.title = "Card " + m.id;
  m.theme = "Castle";
  m.build_status = status;
  m.created_at = "2026-11-20T10:00:00Z";
  m.updated_at = "2026-11-20T10:00:00Z";
  m.version = version;
  m.board_rank = std::move(rank);
  return m;
}

std::vector<std::string> ids(const BoardColumn& column) {
  std::vector<std::string> out;
  for (const PlacedCard& c : column) out.push_back(c.moc->id);
  return out;
}

struct Fixture {
  Board board;
  MoveQueue moves;
  Fixture() {
    board.reset("alice", BoardRole::Owner, 7,
                {card("a", BuildStatus::Added, "c"), card("b", BuildStatus::Added, "a"),
                 card("c", BuildStatus::Added, "b"), card("d", BuildStatus::InProgress, "m"),
                 card("e", BuildStatus::Built, "m")});
  }
  BoardColumns columns() const { return arrange(board, &moves); }
};

using Strings = std::vector<std::string>;

TEST(Board, ColumnsAreOrderedByRankThenId) {
  Fixture f;
  f.board.upsert(card("z", BuildStatus::Added, "b"));  // ties with c: by id
  const BoardColumns cols = f.columns();
  EXPECT_EQ(ids(cols[0]), (Strings{"b", "c", "z", "a"}));
  EXPECT_EQ(ids(cols[1]), (Strings{"d"}));
  EXPECT_EQ(ids(cols[2]), (Strings{"e"}));
}

TEST(Board, OlderVersionsAreIgnored) {
  Fixture f;
  EXPECT_TRUE(f.board.upsert(card("a", BuildStatus::Built, "a", 3)));
  EXPECT_FALSE(f.board.upsert(card("a", BuildStatus::Added, "z", 2)));
  EXPECT_EQ(f.board.card("a")->build_status, BuildStatus::Built);
  EXPECT_TRUE(f.board.remove("a"));
  EXPECT_EQ(f.board.card("a"), nullptr);
}

TEST(Board, DropWithinAColumnLandsBetweenItsNeighbours) {
  Fixture f;
  const BoardColumns cols = f.columns();  // b(a) c(b) a(c)
  const std::string top = rank_at(cols[0], 0, "a");
  EXPECT_LT(top, "a");
  const std::string middle = rank_at(cols[0], 1, "a");  // between b and c
  EXPECT_GT(middle, "a");
  EXPECT_LT(middle, "b");
  f.moves.submit(*f.board.card("a"), {BuildStatus::Added, middle});
  EXPECT_EQ(ids(f.columns()[0]), (Strings{"b", "a", "c"}));
}

TEST(Board, DropIntoAnotherColumnAndAtTheEnd) {
  Fixture f;
  const BoardColumns cols = f.columns();
  const std::string end = rank_at(cols[1], 99, "b");
  EXPECT_GT(end, "m");
  f.moves.submit(*f.board.card("b"), {BuildStatus::InProgress, end});
  const BoardColumns after = f.columns();
  EXPECT_EQ(ids(after[0]), (Strings{"c", "a"}));
  EXPECT_EQ(ids(after[1]), (Strings{"d", "b"}));
  EXPECT_TRUE(after[1][1].moving);
  // An empty column takes any rank.
  Board empty;
  empty.reset("bob", BoardRole::Viewer, 0, {});
  EXPECT_FALSE(rank_at(arrange(empty, nullptr)[2], 0, "x").empty());
}

TEST(Board, EqualNeighboursStillGiveAnOrderedRank) {
  Board b;
  b.reset("alice", BoardRole::Owner, 0,
          {card("a", BuildStatus::Added, "k"), card("b", BuildStatus::Added, "k")});
  const std::string r = rank_at(arrange(b, nullptr)[0], 1, "x");
  EXPECT_GT(r, "k");
}

TEST(Board, KeyboardMovesStepThroughColumnsAndEnds) {
  Fixture f;
  BoardColumns cols = f.columns();  // Added: b c a
  EXPECT_FALSE(keyboard_target(cols, "b", MoveKey::Up));
  EXPECT_FALSE(keyboard_target(cols, "b", MoveKey::Left));
  EXPECT_FALSE(keyboard_target(cols, "e", MoveKey::Right));
  EXPECT_FALSE(keyboard_target(cols, "nope", MoveKey::Down));

  auto down = keyboard_target(cols, "b", MoveKey::Down);
  ASSERT_TRUE(down);
  f.moves.submit(*f.board.card("b"), *down);
  EXPECT_EQ(ids(f.columns()[0]), (Strings{"c", "b", "a"}));

  cols = f.columns();
  auto up = keyboard_target(cols, "a", MoveKey::Up);
  ASSERT_TRUE(up);
  f.moves.submit(*f.board.card("a"), *up);
  EXPECT_EQ(ids(f.columns()[0]), (Strings{"c", "a", "b"}));

  cols = f.columns();
  auto right = keyboard_target(cols, "a", MoveKey::Right);  // index 1 of In progress: after d
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, BuildStatus::InProgress);
  f.moves.submit(*f.board.card("a"), *right);
  EXPECT_EQ(ids(f.columns()[1]), (Strings{"d", "a"}));
}

TEST(BoardCodec, ReadsTheBoardAndRefusesABadRole) {
  const auto board = decode_board(
      R"({"owner":"alice","role":"editor","seq":4,"cards":[{"id":"m1","title":"Keep",)"
      R"("theme":"Castle","buildStatus":"BUILT","partsCoverageStatus":"NONE",)"
      R"("coveragePercentage":40,"coverImageUrl":null,"createdAt":"2026-11-20T10:00:00Z",)"
      R"("updatedAt":"2026-11-20T10:00:00Z","version":3,"boardRank":"O"}]})");
  ASSERT_TRUE(board) << board.error().to_string();
  EXPECT_EQ(board->owner, "alice");
  EXPECT_EQ(board->role, BoardRole::Editor);
  EXPECT_EQ(board->seq, 4);
  ASSERT_EQ(board->cards.size(), 1u);
  EXPECT_EQ(board->cards[0].board_rank, "O");
  const auto bad = decode_board(R"({"owner":"alice","role":"boss","seq":4,"cards":[]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "role: must be viewer, editor or owner");
}

TEST(BoardCodec, ReadsTopicEventsOfEveryKind) {
  const auto page = decode_board_events(
      R"({"topic":"board:alice","lastSeq":9,"events":[)"
      R"({"eventId":"x","type":"topic:event","timestamp":"2026-11-20T10:00:00Z","seq":8,)"
      R"("payload":{"topic":"board:alice","event":"STATUS_CHANGED","data":{"entity_id":"m1",)"
      R"("payload":{"id":"m1","title":"Keep","theme":"Castle","buildStatus":"BUILT",)"
      R"("partsCoverageStatus":"NONE","coveragePercentage":40,"coverImageUrl":null,)"
      R"("createdAt":"2026-11-20T10:00:00Z","updatedAt":"2026-11-20T10:00:00Z","version":3,)"
      R"("boardRank":"O"},"user_id":2,"user_name":"bob","timestamp":"2026-11-20T10:00:01Z"},)"
      R"("trace_id":"req-1"}},)"
      R"({"eventId":"y","type":"topic:event","timestamp":"2026-11-20T10:00:00Z","seq":9,)"
      R"("payload":{"topic":"board:alice","event":"ACCESS_REVOKED","data":{"entity_id":"2",)"
      R"("payload":{"username":"bob"},"user_id":1,"user_name":"alice",)"
      R"("timestamp":"2026-11-20T10:00:02Z"},"trace_id":"req-2"}}]})");
  ASSERT_TRUE(page) << page.error().to_string();
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(page->last_seq, 9);
  EXPECT_EQ(page->events[0].kind, "STATUS_CHANGED");
  EXPECT_EQ(page->events[0].user_name, "bob");
  ASSERT_TRUE(page->events[0].moc);
  EXPECT_EQ(page->events[0].moc->build_status, BuildStatus::Built);
  EXPECT_EQ(page->events[1].revoked_user, "bob");
  EXPECT_FALSE(page->events[1].moc);

  const auto bad = decode_board_events(
      R"({"lastSeq":1,"events":[{"seq":1,"payload":{"topic":"t","event":"UPDATED",)"
      R"("trace_id":"r","data":{"entity_id":"m","user_id":1,"timestamp":"nope","payload":{}}}}]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "events[0].payload.data.timestamp");
}

TEST(BoardCodec, SharesAndRequests) {
  const auto shares =
      decode_shares(R"({"owned":[{"id":"s1","owner":"alice","grantee":"bob","role":"editor",)"
                    R"("createdAt":"2026-11-20T10:00:00Z"}],"received":[]})");
  ASSERT_TRUE(shares) << shares.error().to_string();
  ASSERT_EQ(shares->owned.size(), 1u);
  EXPECT_EQ(shares->owned[0].grantee, "bob");
  EXPECT_EQ(shares->owned[0].role, BoardRole::Editor);
  EXPECT_EQ(encode_share_request("carol \"c\"", BoardRole::Viewer),
            R"({"username":"carol \"c\"","role":"viewer"})");
  EXPECT_EQ(encode_move({BuildStatus::InProgress, "aO"}),
            R"({"buildStatus":"IN_PROGRESS","boardRank":"aO"})");
}

}  // namespace
}  // namespace dashboard::core::client
