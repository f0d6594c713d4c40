// The board's data through a scripted server: the board read, a move sent
// with its version and confirmed, a 409 that rolls back and names who moved
// the card (from the topic's next event), a move made offline that never
// leaves, topic events applied in seq order, and the share form's errors.
#include "app/board_client.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "app/scripted_transport.hpp"
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"

namespace dashboard::app {
namespace {

using core::BuildStatus;
using core::Moc;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

Moc card(std::string id, BuildStatus status, std::string rank, std::int64_t version = 1) {
  Moc m = core::testing::sample_moc();
  m.id = std::move(id);
  m.title = "Castle Keep";
  m.build_status = status;
  m.board_rank = std::move(rank);
  m.version = version;
  return m;
}

std::string board_json(const std::vector<Moc>& cards, int seq, const char* role = "owner") {
  std::string body = R"({"owner":"alice","role":")" + std::string(role) + R"(","seq":)" +
                     std::to_string(seq) + R"(,"cards":[)";
  for (std::size_t i = 0; i < cards.size(); ++i) {
    if (i > 0) body += ',';
    body += core::encode_moc(cards[i]);
  }
  return body + "]}";
}

std::string topic_page(const Moc& m, int seq, const char* kind, const char* who) {
  return R"({"topic":"board:alice","lastSeq":)" + std::to_string(seq) +
         R"(,"events":[{"eventId":"e","type":"topic:event","timestamp":"2026-11-20T10:00:00Z",)"
         R"("seq":)" +
         std::to_string(seq) + R"(,"payload":{"topic":"board:alice","event":")" + kind +
         R"(","data":{"entity_id":")" + m.id + R"(","payload":)" + core::encode_moc(m) +
         R"(,"user_id":2,"user_name":")" + who +
         R"(","timestamp":"2026-11-20T10:00:00Z"},"trace_id":"t1"}}]})";
}

class BoardClientTest : public ::testing::Test {
 protected:
  BoardClientTest() : live(transport, LiveConfig{}, [] { return 0.5; }), board(transport, live) {}

  void SetUp() override {
    live.start("tok", "alice", kStart);
    core::DashboardView view = core::testing::sample_view();
    view.version = 10;
    ASSERT_EQ(transport.answer(200, core::encode_dashboard_view(view)), "/api/dashboard");
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    step();
    board.want_board("");
    step();
    const HttpRequest r = transport.answer_first(
        "GET /api/board/alice", 200,
        board_json({card("k", BuildStatus::Added, "a", 4), card("t", BuildStatus::Added, "b")}, 7));
    EXPECT_EQ(r.token, "tok");
    step();
    ASSERT_EQ(board.status(), BoardStatus::Shown);
  }

  void step(core::UnixMillis at = kStart) {
    live.update(at);
    board.update(at);
  }
  BuildStatus shown(std::string_view id) {
    const auto at = core::client::find_card(board.columns(), id);
    return core::kBuildStatuses[at->first];
  }

  ScriptedTransport transport;
  LiveClient live;
  BoardClient board;
};

TEST_F(BoardClientTest, AMoveShowsAtOnceIsSentWithItsVersionAndConfirmed) {
  board.move("k", {BuildStatus::Built, "m"});
  EXPECT_EQ(shown("k"), BuildStatus::Built);
  const HttpRequest sent = transport.answer_first(
      "PATCH /api/mocs/k", 200, core::encode_moc(card("k", BuildStatus::Built, "m", 5)));
  EXPECT_EQ(sent.if_match, "\"4\"");
  EXPECT_EQ(sent.body, R"({"buildStatus":"BUILT","boardRank":"m"})");
  EXPECT_FALSE(board.moving("k"));
  EXPECT_EQ(board.board().card("k")->version, 5);
  EXPECT_TRUE(board.take_toasts().empty());
}

TEST_F(BoardClientTest, AConflictRollsBackAndNamesWhoMovedIt) {
  board.move("k", {BuildStatus::InProgress, "m"});
  const Moc theirs = card("k", BuildStatus::Built, "q", 5);
  transport.answer_first("PATCH /api/mocs/k", 409,
                         R"({"error":{"code":"CONFLICT","message":"stale","current":)" +
                             core::encode_moc(theirs) + "}}");
  EXPECT_EQ(shown("k"), BuildStatus::Built);  // where the server says it is, at once
  EXPECT_TRUE(board.take_toasts().empty());   // waiting to learn who
  step();
  transport.answer_first("GET /api/topics/board%3Aalice/events?since=7", 200,
                         topic_page(theirs, 8, "STATUS_CHANGED", "bob"));
  const auto toasts = board.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title,
            "\xE2\x80\x9C"
            "Castle Keep\xE2\x80\x9D went back to Built");
  EXPECT_EQ(toasts[0].detail, "bob moved it to Built");
  EXPECT_EQ(board.board().seq(), 8);
  ASSERT_FALSE(board.recent_moves().empty());
  EXPECT_EQ(board.recent_moves().front().actor, "bob");
}

TEST_F(BoardClientTest, AMoveMadeOfflineRollsBackAndSaysSo) {
  transport.server_drops();
  step();
  board.move("k", {BuildStatus::Built, "m"});
  EXPECT_EQ(shown("k"), BuildStatus::Added);
  EXPECT_FALSE(transport.has_pending("PATCH"));
  const auto toasts = board.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].detail, "You are offline: moves are not saved until you are back");
}

TEST_F(BoardClientTest, ARefusedOrFailedMoveGoesBack) {
  board.move("k", {BuildStatus::Built, "m"});
  transport.answer_first("PATCH /api/mocs/k", 403,
                         R"({"error":{"code":"FORBIDDEN","message":"no"}})");
  EXPECT_EQ(shown("k"), BuildStatus::Added);
  EXPECT_EQ(board.take_toasts().at(0).detail, "You can no longer move cards on this board");
  board.move("t", {BuildStatus::Built, "m"});
  transport.answer_first("PATCH /api/mocs/t", 500,
                         R"({"error":{"code":"INTERNAL","message":"x"}})");
  EXPECT_EQ(shown("t"), BuildStatus::Added);
  EXPECT_EQ(board.take_toasts().at(0).detail, "The move did not reach the server; try again");
}

TEST_F(BoardClientTest, TopicEventsApplyInOrderAndAGapIsRepaired) {
  core::client::BoardEvent e;
  e.topic = "board:alice";
  e.kind = "STATUS_CHANGED";
  e.entity_id = "t";
  e.user_name = "bob";
  e.timestamp = "2026-11-20T10:00:00Z";
  e.moc = card("t", BuildStatus::Built, "z", 2);
  e.seq = 9;  // 8 is missing: not applied, the stream is read instead
  board.on_topic_event(e);
  EXPECT_EQ(shown("t"), BuildStatus::Added);
  e.seq = 8;
  board.on_topic_event(e);
  EXPECT_EQ(shown("t"), BuildStatus::Built);
  board.on_topic_event(e);  // a duplicate changes nothing
  EXPECT_EQ(board.board().seq(), 8);
  EXPECT_EQ(board.recent_moves().size(), 1u);
}

TEST_F(BoardClientTest, TheShareFormSaysWhatIsWrongNextToTheField) {
  board.want_shares();
  transport.answer_first("GET /api/shares", 200,
                         R"({"owned":[{"id":"s1","owner":"alice","grantee":"bob","role":"editor",)"
                         R"("createdAt":"2026-11-20T10:00:00Z"}],"received":[]})");
  board.add_share("alice", core::client::BoardRole::Viewer);
  EXPECT_EQ(board.share_form().error, "That is you: your board is already yours");
  board.add_share("bob", core::client::BoardRole::Editor);
  EXPECT_EQ(board.share_form().error, "Already shared with bob as editor");
  board.add_share("zed", core::client::BoardRole::Viewer);
  EXPECT_TRUE(board.share_form().busy);
  transport.answer_first(
      "POST /api/shares", 404,
      R"({"error":{"code":"NOT_FOUND","message":"username: no user named zed"}})");
  EXPECT_EQ(board.share_form().error, "No user named zed");
  board.remove_share("s1");
  EXPECT_TRUE(board.owned_shares().empty());
  transport.answer_first("DELETE /api/shares/s1", 204, "");
  EXPECT_TRUE(board.owned_shares().empty());
}

TEST_F(BoardClientTest, SubscribesOnTheSocketFromTheBoardsSeqAndFollowsIt) {
  // The subscribe went out with the board's seq, acknowledged with who is here.
  std::string subscribe;
  for (const std::string& f : transport.sent) {
    if (f.find("\"subscribe\"") != std::string::npos) subscribe = f;
  }
  ASSERT_NE(subscribe, "");
  EXPECT_NE(subscribe.find(R"("topic":"board:alice")"), std::string::npos) << subscribe;
  EXPECT_NE(subscribe.find(R"("lastSeq":7)"), std::string::npos) << subscribe;
  std::smatch id;
  ASSERT_TRUE(std::regex_search(subscribe, id, std::regex(R"(^42/dashboard,(\d+)\[)")));
  transport.frame("43/dashboard," + id[1].str() +
                  R"([{"ok":true,"seq":7,"users":["alice","bob"]}])");
  step();
  EXPECT_EQ(board.present(), (std::vector<std::string>{"alice", "bob"}));
  // Live on the socket: no REST polling.
  step(kStart + 5000);
  EXPECT_FALSE(transport.has_pending("GET /api/topics/"));
  // bob's move arrives as a topic event.
  const Moc moved = card("t", BuildStatus::Built, "z", 2);
  const std::string page = topic_page(moved, 8, "STATUS_CHANGED", "bob");
  const std::string envelope = page.substr(page.find("[{") + 1, page.rfind("}]") - page.find("[{"));
  transport.frame(R"(42/dashboard,["topic:event",)" + envelope + "]");
  step(kStart + 5000);
  EXPECT_EQ(shown("t"), BuildStatus::Built);
  EXPECT_EQ(board.recent_moves().front().actor, "bob");
  // The share ends: the server ends the subscription and the page says so.
  transport.frame(
      R"(42/dashboard,["unsubscribed",{"topic":"board:alice","reason":"ACCESS_REVOKED"}])");
  step(kStart + 5000);
  // alice's own board: never "Access removed" (only a grantee's is).
  EXPECT_EQ(board.status(), BoardStatus::Shown);
}

// The "Data updated" pill's half here: a card change this tab did not make.
core::client::BoardEvent board_event(const Moc& m, std::int64_t seq, const char* who) {
  core::client::BoardEvent e;
  e.seq = seq;
  e.topic = "board:alice";
  e.kind = "STATUS_CHANGED";
  e.entity_id = m.id;
  e.moc = m;
  e.user_name = who;
  e.timestamp = "2026-11-20T10:00:00Z";
  return e;
}

TEST_F(BoardClientTest, ThisTabsOwnMoveIsNoNewsButAnyOtherChangeIs) {
  EXPECT_FALSE(board.take_elsewhere());
  // The topic's echo before the answer, then another move's after it.
  board.move("k", {BuildStatus::Built, "m"});
  const Moc built = card("k", BuildStatus::Built, "m", 5);
  board.on_topic_event(board_event(built, 8, "alice"));
  EXPECT_FALSE(board.take_elsewhere());
  transport.answer_first("PATCH /api/mocs/k", 200, core::encode_moc(built));
  board.move("k", {BuildStatus::InProgress, "m"});
  const Moc started = card("k", BuildStatus::InProgress, "m", 6);
  transport.answer_first("PATCH /api/mocs/k", 200, core::encode_moc(started));
  board.on_topic_event(board_event(started, 9, "alice"));
  EXPECT_FALSE(board.take_elsewhere());

  // Alice in another tab: her name, a version this tab never made.
  board.on_topic_event(board_event(card("k", BuildStatus::Added, "m", 7), 10, "alice"));
  EXPECT_TRUE(board.take_elsewhere());
  EXPECT_FALSE(board.take_elsewhere()) << "said once";
  // Bob, even on a card this tab is moving.
  board.move("t", {BuildStatus::Built, "z"});
  board.on_topic_event(board_event(card("t", BuildStatus::Built, "z", 2), 11, "bob"));
  EXPECT_TRUE(board.take_elsewhere());
}

// [SECTION] Idempotency-Key: one per move, the same through its resends

TEST_F(BoardClientTest, AMoveRetriedAfterKeyInUseKeepsItsKey) {
  board.move("k", {BuildStatus::Built, "m"});
  board.move("t", {BuildStatus::InProgress, "n"});
  const HttpRequest first = transport.answer_first(
      "PATCH /api/mocs/k", 409,
      R"({"error":{"code":"IDEMPOTENCY_KEY_IN_USE","message":"Idempotency-Key: still running"}})");
  const HttpRequest other = transport.answer_first(
      "PATCH /api/mocs/t", 200, core::encode_moc(card("t", BuildStatus::InProgress, "n", 2)));
  EXPECT_TRUE(std::regex_match(first.idempotency_key, std::regex("[0-9a-f]{16}-[0-9]+")))
      << first.idempotency_key;
  EXPECT_NE(other.idempotency_key, first.idempotency_key);
  EXPECT_TRUE(board.moving("k")) << "still on its way, not rolled back";
  EXPECT_TRUE(board.take_toasts().empty());
  step(kStart + 500);
  EXPECT_FALSE(transport.has_pending("PATCH /api/mocs/k"));
  step(kStart + 1000);
  const HttpRequest again = transport.answer_first(
      "PATCH /api/mocs/k", 200, core::encode_moc(card("k", BuildStatus::Built, "m", 5)));
  EXPECT_EQ(again.idempotency_key, first.idempotency_key);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.if_match, first.if_match);
  EXPECT_FALSE(board.moving("k"));
  EXPECT_EQ(shown("k"), BuildStatus::Built);

  board.move("k", {BuildStatus::Added, "a"});  // a new move: a new key
  const HttpRequest next = transport.answer_first(
      "PATCH /api/mocs/k", 200, core::encode_moc(card("k", BuildStatus::Added, "a", 6)));
  EXPECT_NE(next.idempotency_key, first.idempotency_key);
}

TEST_F(BoardClientTest, AMoveWhoseAnswerWasLostGoesBackAndSaysItMayHaveLanded) {
  board.move("k", {BuildStatus::Built, "m"});
  transport.answer_first(
      "PATCH /api/mocs/k", 409,
      R"({"error":{"code":"IDEMPOTENT_ANSWER_LOST","message":"Idempotency-Key: lost"}})");
  EXPECT_FALSE(board.moving("k"));
  EXPECT_EQ(shown("k"), BuildStatus::Added);
  const std::vector<Toast> toasts = board.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].detail,
            "The server may have made it already; the board shows it once it has");
}

TEST_F(BoardClientTest, TheShareFormSendsTheSameShareAgainWithTheSameKey) {
  board.add_share("bob", core::client::BoardRole::Viewer);
  const HttpRequest first = transport.answer_first("POST /api/shares", 0, "");
  EXPECT_FALSE(first.idempotency_key.empty());
  board.add_share("bob", core::client::BoardRole::Viewer);
  const HttpRequest again = transport.answer_first("POST /api/shares", 0, "");
  EXPECT_EQ(again.idempotency_key, first.idempotency_key);
  board.add_share("carol", core::client::BoardRole::Viewer);
  EXPECT_NE(transport.answer_first("POST /api/shares", 0, "").idempotency_key,
            first.idempotency_key);
}

}  // namespace
}  // namespace dashboard::app
