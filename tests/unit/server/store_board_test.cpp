// The build board in the store, on both engines: shares and roles (owner,
// editor, viewer, nobody), the board's order (status, then rank), moves
// that write one row, the topic streams (board:<user>, moc:<id>) with the
// requirements' event shape naming who and which request, revocation
// written into the stream, and topic access.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/board_rank.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using core::BuildStatus;
using store::BoardRole;
using store::StoreError;
using StoreBoard = StoreFixture;

std::vector<std::string> titles(const store::Board& board) {
  std::vector<std::string> out;
  for (const core::Moc& m : board.cards) out.push_back(m.title);
  return out;
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

std::vector<store::TopicEvent> topic_events(store::DashboardStore& s, const std::string& topic,
                                            std::int64_t since = 0) {
  const auto page = s.topic_events_since(topic, since, 1000);
  EXPECT_TRUE(page) << (page ? "" : page.error().message);
  return page ? page->events : std::vector<store::TopicEvent>{};
}

TEST_P(StoreBoard, OwnersEditorsAndViewersSeeTheBoardNobodyElseDoes) {
  create(alice_, "Keep");
  const UserId carol = make_user("carol");
  const auto share = store_->share_board(alice_, "bob", BoardRole::Viewer);
  ASSERT_TRUE(share) << share.error().message;
  EXPECT_EQ(share->grantee_name, "bob");
  EXPECT_EQ(share->role, BoardRole::Viewer);

  EXPECT_EQ(store_->board(alice_, "alice")->role, BoardRole::Owner);
  EXPECT_EQ(store_->board(bob_, "alice")->role, BoardRole::Viewer);
  EXPECT_EQ(store_->board(carol, "alice").error().kind, StoreError::Kind::Forbidden);
  EXPECT_EQ(store_->board(alice_, "nobody").error().kind, StoreError::Kind::NotFound);
  EXPECT_EQ(store_->share_board(alice_, "nobody", BoardRole::Viewer).error().kind,
            StoreError::Kind::NotFound);
  EXPECT_EQ(store_->share_board(alice_, "alice", BoardRole::Viewer).error().kind,
            StoreError::Kind::Conflict);

  // Sharing again changes the role; both sides list it.
  ASSERT_TRUE(store_->share_board(alice_, "bob", BoardRole::Editor));
  EXPECT_EQ(store_->board(bob_, "alice")->role, BoardRole::Editor);
  const auto alices = store_->list_shares(alice_);
  const auto bobs = store_->list_shares(bob_);
  ASSERT_EQ(alices->owned.size(), 1u);
  EXPECT_TRUE(alices->received.empty());
  ASSERT_EQ(bobs->received.size(), 1u);
  EXPECT_EQ(bobs->received[0].id, alices->owned[0].id);
  EXPECT_EQ(bobs->received[0].role, BoardRole::Editor);
}

TEST_P(StoreBoard, ViewersReadEditorsEditAndOnlyOwnersDelete) {
  const store::Moc moc = create(alice_, "Tower");
  const UserId carol = make_user("carol");
  ASSERT_TRUE(store_->share_board(alice_, "bob", BoardRole::Viewer));
  store::MocPatch patch;
  patch.title = "Tower (bob)";
  EXPECT_TRUE(store_->get_moc(bob_, moc.id));
  EXPECT_EQ(store_->update_moc(bob_, moc.id, patch, std::nullopt).error().kind,
            StoreError::Kind::Forbidden);
  EXPECT_EQ(store_->get_moc(carol, moc.id).error().kind, StoreError::Kind::Forbidden);

  ASSERT_TRUE(store_->share_board(alice_, "bob", BoardRole::Editor));
  const std::int64_t alice_before = version(alice_);
  const std::int64_t bob_before = version(bob_);
  const auto edited = store_->update_moc(bob_, moc.id, patch, moc.version);
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->title, "Tower (bob)");
  // The change is alice's collection's: her stream moves, bob's does not.
  EXPECT_GT(version(alice_), alice_before);
  EXPECT_EQ(version(bob_), bob_before);
  EXPECT_EQ(store_->delete_moc(bob_, moc.id, std::nullopt).error().kind,
            StoreError::Kind::Forbidden);
}

TEST_P(StoreBoard, ColumnsKeepTheirOrderAndAMoveWritesOneRow) {
  const store::Moc a = create(alice_, "a");
  const store::Moc b = create(alice_, "b");
  const store::Moc c = create(alice_, "c");
  // New cards go to the end of their column.
  EXPECT_LT(a.board_rank, b.board_rank);
  EXPECT_LT(b.board_rank, c.board_rank);
  EXPECT_EQ(titles(*store_->board(alice_, "alice")), (std::vector<std::string>{"a", "b", "c"}));

  // c between a and b, in the same column.
  store::MocPatch between;
  between.board_rank = core::rank_between(a.board_rank, b.board_rank);
  ASSERT_TRUE(store_->update_moc(alice_, c.id, between, c.version));
  EXPECT_EQ(titles(*store_->board(alice_, "alice")), (std::vector<std::string>{"a", "c", "b"}));

  // a to Built, placed by the client; then b to In progress from the MOC
  // page (no rank): the end of that column.
  store::MocPatch to_built;
  to_built.build_status = BuildStatus::Built;
  to_built.board_rank = core::rank_after("");
  ASSERT_TRUE(store_->update_moc(alice_, a.id, to_built, std::nullopt));
  store::MocPatch to_progress;
  to_progress.build_status = BuildStatus::InProgress;
  ASSERT_TRUE(store_->update_moc(alice_, b.id, to_progress, std::nullopt));
  const store::Board board = *store_->board(alice_, "alice");
  EXPECT_EQ(titles(board), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(board.cards[1].build_status, BuildStatus::InProgress);
  EXPECT_EQ(board.cards[2].build_status, BuildStatus::Built);
  EXPECT_EQ(board.cards[2].board_rank, to_built.board_rank);
}

TEST_P(StoreBoard, TopicEventsFollowTheRequirementsShapeAndNameWhoAndWhichRequest) {
  const store::Moc moc = create(alice_, "Castle Keep", "Castle");
  ASSERT_TRUE(store_->share_board(alice_, "bob", BoardRole::Editor));
  const std::int64_t board_before = store_->topic_access(alice_, "board:alice")->last_seq;
  store::MocPatch move;
  move.build_status = BuildStatus::Built;
  const auto moved = store_->update_moc(store::Actor{bob_, "trace-123"}, moc.id, move, 1);
  ASSERT_TRUE(moved) << moved.error().message;
  store::MocPatch rename;
  rename.title = "Castle Keep II";
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, rename, std::nullopt));

  const std::vector<store::TopicEvent> board = topic_events(*store_, "board:alice", board_before);
  ASSERT_EQ(board.size(), 2u);
  EXPECT_EQ(board[0].seq, board_before + 1);
  EXPECT_EQ(board[0].kind, "STATUS_CHANGED");
  EXPECT_EQ(board[1].kind, "UPDATED");
  const rapidjson::Document e = parse(board[0].payload_json);
  EXPECT_STREQ(e["topic"].GetString(), "board:alice");
  EXPECT_STREQ(e["event"].GetString(), "STATUS_CHANGED");
  EXPECT_STREQ(e["trace_id"].GetString(), "trace-123");
  EXPECT_STREQ(e["data"]["entity_id"].GetString(), moc.id.c_str());
  EXPECT_EQ(e["data"]["user_id"].GetInt64(), bob_);
  EXPECT_STREQ(e["data"]["user_name"].GetString(), "bob");
  EXPECT_STREQ(e["data"]["payload"]["buildStatus"].GetString(), "BUILT");
  EXPECT_STREQ(e["data"]["timestamp"].GetString(), board[0].created_at.c_str());

  // The MOC's own topic has its own seq: ADDED, STATUS_CHANGED, UPDATED.
  std::vector<std::string> kinds;
  std::int64_t seq = 0;
  for (const store::TopicEvent& t : topic_events(*store_, "moc:" + moc.id)) {
    kinds.push_back(t.kind);
    EXPECT_EQ(t.seq, ++seq);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"ADDED", "STATUS_CHANGED", "UPDATED"}));
  ASSERT_TRUE(store_->delete_moc(alice_, moc.id, std::nullopt));
  EXPECT_EQ(topic_events(*store_, "moc:" + moc.id).back().kind, "DELETED");
}

TEST_P(StoreBoard, RevokingWritesIntoTheStreamAndEndsAccess) {
  create(alice_, "Keep");
  const auto share = store_->share_board(alice_, "bob", BoardRole::Editor);
  ASSERT_TRUE(share);
  EXPECT_EQ(store_->topic_access(bob_, "board:alice")->role, BoardRole::Editor);
  const std::int64_t before = store_->topic_access(alice_, "board:alice")->last_seq;
  int wakes = 0;
  store_->set_topic_commit_listener([&](const std::string& topic, std::int64_t seq) {
    EXPECT_EQ(topic, "board:alice");
    EXPECT_EQ(seq, before + 1);
    ++wakes;
  });
  EXPECT_EQ(store_->revoke_share(make_user("carol"), share->id).error().kind,
            StoreError::Kind::Forbidden);
  ASSERT_TRUE(store_->revoke_share(alice_, share->id));
  EXPECT_EQ(wakes, 1);
  const std::vector<store::TopicEvent> events = topic_events(*store_, "board:alice", before);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "ACCESS_REVOKED");
  EXPECT_STREQ(parse(events[0].payload_json)["data"]["payload"]["username"].GetString(), "bob");
  EXPECT_EQ(store_->topic_access(bob_, "board:alice")->role, BoardRole::None);
  EXPECT_EQ(store_->board(bob_, "alice").error().kind, StoreError::Kind::Forbidden);
  EXPECT_EQ(store_->revoke_share(alice_, share->id).error().kind, StoreError::Kind::NotFound);
}

TEST_P(StoreBoard, TopicAccessJudgesNamesAndRights) {
  const store::Moc moc = create(alice_, "Rover");
  EXPECT_EQ(store_->topic_access(alice_, "board:alice")->role, BoardRole::Owner);
  EXPECT_EQ(store_->topic_access(alice_, "moc:" + moc.id)->owner, alice_);
  EXPECT_EQ(store_->topic_access(bob_, "moc:" + moc.id)->role, BoardRole::None);
  for (const char* bad : {"board:", "lobby:alice", "board", "board:al ice", "moc:nope"}) {
    EXPECT_EQ(store_->topic_access(alice_, bad).error().kind, StoreError::Kind::NotFound) << bad;
  }
  // A topic nothing was written to yet is readable from 0 and answers Gone beyond.
  EXPECT_TRUE(store_->topic_events_since("board:bob", 0, 10));
  EXPECT_EQ(store_->topic_events_since("board:bob", 1, 10).error().kind, StoreError::Kind::Gone);
}

INSTANTIATE_STORE_SUITE(StoreBoard);

}  // namespace
}  // namespace dashboard::server::testing
