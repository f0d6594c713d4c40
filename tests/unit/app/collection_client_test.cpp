// The collection pages' data through a scripted server: list pages by
// cursor, the live stream moving rows, and edits confirmed, refused (with
// Retry), conflicting (with what was typed kept) and undone.
#include "app/collection_client.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "app/scripted_transport.hpp"
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

using core::Moc;
using core::client::MocQuery;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

Moc moc(std::string id, std::string title, std::int64_t version = 1) {
  Moc m = core::testing::sample_moc();
  m.id = std::move(id);
  m.title = std::move(title);
  m.version = version;
  m.build_status = core::BuildStatus::Added;
  return m;
}

std::string page_json(const std::vector<Moc>& items, const char* cursor, int total, int version) {
  std::string body = R"({"items":[)";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) body += ',';
    body += core::encode_moc(items[i]);
  }
  body += R"(],"nextCursor":)";
  body += cursor != nullptr ? "\"" + std::string(cursor) + "\"" : "null";
  return body + R"(,"total":)" + std::to_string(total) + R"(,"version":)" +
         std::to_string(version) + "}";
}

std::string frame_of(core::EventPayload payload, std::int64_t seq) {
  core::DashboardEvent event = core::testing::sample_event(std::move(payload));
  event.seq = seq;
  return core::sio::encode_event_frame("/dashboard", core::to_string(event.type()),
                                       core::encode_event(event));
}

class CollectionClientTest : public ::testing::Test {
 protected:
  CollectionClientTest()
      : live(transport, LiveConfig{}, [] { return 0.5; }), client(transport, live) {}

  void SetUp() override {
    live.start("tok", "alice", kStart);
    core::DashboardView view = core::testing::sample_view();
    view.version = 10;
    ASSERT_EQ(transport.answer(200, core::encode_dashboard_view(view)), "/api/dashboard");
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    step();
  }

  void step() {
    live.update(kStart);
    client.update(kStart);
  }

  // The default list, its first page answered with a and b.
  void load_list() {
    client.want_list(MocQuery{}, 20);
    const HttpRequest r =
        transport.answer_first("GET /api/mocs?", 200, page_json({a, b}, nullptr, 2, 10));
    EXPECT_EQ(r.path, "/api/mocs?limit=50&sort=-created");
    EXPECT_EQ(r.token, "tok");
    step();
  }

  std::vector<std::string> rows() const { return client.list(MocQuery{})->ids(); }

  ScriptedTransport transport;
  LiveClient live;
  CollectionClient client;
  Moc a = moc("a", "Alpha");
  Moc b = moc("b", "Bravo");
};

TEST_F(CollectionClientTest, ListsPageByPageWhileRowsAreWanted) {
  client.want_list(MocQuery{}, 60);
  transport.answer_first("GET /api/mocs?limit=50", 200, page_json({a}, "c1", 2, 10));
  const HttpRequest next = transport.answer_first("GET /api/mocs?limit=500&cursor=c1", 200,
                                                  page_json({b}, nullptr, 2, 10));
  EXPECT_EQ(next.token, "tok");
  EXPECT_EQ(rows(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(client.list(MocQuery{})->complete());
}

TEST_F(CollectionClientTest, TheStreamMovesRowsAndTheOpenMoc) {
  load_list();
  client.want_moc("a");
  transport.answer_first("GET /api/mocs/a", 200, core::encode_moc(a));
  Moc a2 = a;
  a2.title = "Alpha II";
  a2.version = 2;
  transport.frame(frame_of(core::MocUpdated{a2}, 11));
  step();
  EXPECT_EQ(client.moc("a")->title, "Alpha II");
  transport.frame(frame_of(core::MocDeleted{"a"}, 12));
  step();
  EXPECT_EQ(client.moc_status("a"), MocStatus::Deleted);
  EXPECT_EQ(rows(), (std::vector<std::string>{"b"}));
  EXPECT_EQ(client.list(MocQuery{})->total(), 1);
}

TEST_F(CollectionClientTest, AnEditShowsAtOnceAndIsSentWithItsVersion) {
  load_list();
  core::client::MocPatch patch;
  patch.build_status = core::BuildStatus::Built;
  client.update_moc("a", patch, "Status");
  EXPECT_EQ(client.moc("a")->build_status, core::BuildStatus::Built);
  EXPECT_TRUE(client.pending("a"));
  const core::DashboardView cards = client.dashboard(*live.view(), kStart);
  EXPECT_EQ(cards.summary.mocs_by_build_status[2],
            live.view()->summary.mocs_by_build_status[2] + 1);
  Moc a2 = a;
  a2.build_status = core::BuildStatus::Built;
  a2.version = 2;
  const HttpRequest sent = transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(a2));
  EXPECT_EQ(sent.if_match, "\"1\"");
  EXPECT_EQ(sent.body, R"({"buildStatus":"BUILT"})");
  EXPECT_FALSE(client.pending("a"));
  EXPECT_EQ(client.moc("a"), a2);
}

TEST_F(CollectionClientTest, ARefusalRollsBackWithAFieldErrorAndRetry) {
  load_list();
  core::client::MocPatch patch;
  patch.coverage_percentage = 150;
  client.update_moc("a", patch, "the coverage of \u201cAlpha\u201d");
  EXPECT_EQ(client.moc("a")->coverage_percentage, 150);
  transport.answer_first(
      "PATCH /api/mocs/a", 400,
      R"({"error":{"code":"VALIDATION_FAILED","message":"coveragePercentage: must be a number between 0 and 100","field":"coveragePercentage"}})");
  EXPECT_EQ(client.moc("a")->coverage_percentage, a.coverage_percentage);
  EXPECT_EQ(client.field_error("a", "coveragePercentage"),
            "coveragePercentage: must be a number between 0 and 100");
  std::vector<Toast> toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].kind, Toast::Kind::Error);
  EXPECT_EQ(toasts[0].title, "Could not save the coverage of \u201cAlpha\u201d");
  EXPECT_EQ(toasts[0].action, "Retry");
  client.act(toasts[0].action_key);
  EXPECT_EQ(client.moc("a")->coverage_percentage, 150);
  EXPECT_TRUE(transport.has_pending("PATCH /api/mocs/a"));
}

TEST_F(CollectionClientTest, AServerFailureRollsBackToo) {
  load_list();
  client.delete_moc("a");
  EXPECT_FALSE(client.moc("a"));
  EXPECT_EQ(rows(), (std::vector<std::string>{"a", "b"})) << "the list keeps its confirmed rows";
  transport.answer_first("DELETE /api/mocs/a", 500, "");
  EXPECT_EQ(client.moc("a"), a);
  const std::vector<Toast> toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 2u);
  EXPECT_EQ(toasts[0].action, "Undo");
  EXPECT_EQ(toasts[1].title, "Could not delete \u201cAlpha\u201d");
  EXPECT_EQ(toasts[1].detail, "The server answered 500");
}

TEST_F(CollectionClientTest, AConflictShowsTheirsAndKeepsMine) {
  load_list();
  core::client::MocPatch patch;
  patch.title = "Mine";
  client.update_moc("a", patch, "the title");
  Moc theirs = a;
  theirs.title = "Theirs";
  theirs.version = 2;
  transport.answer_first(
      "PATCH /api/mocs/a", 409,
      R"json({"error":{"code":"CONFLICT","message":"the MOC changed since version 1 (now 2)","current":)json" +
          core::encode_moc(theirs) + "}}");
  EXPECT_EQ(client.moc("a")->title, "Theirs");
  const Conflict* conflict = client.conflict("a");
  ASSERT_NE(conflict, nullptr);
  EXPECT_EQ(conflict->mine.title, "Mine");
  EXPECT_EQ(conflict->theirs.title, "Theirs");
  EXPECT_EQ(client.take_toasts().at(0).title, "Changed elsewhere");
  client.apply_again("a");
  EXPECT_EQ(client.conflict("a"), nullptr);
  const HttpRequest again =
      transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(theirs));
  EXPECT_EQ(again.if_match, "\"2\"");
}

TEST_F(CollectionClientTest, TypingFromAnOldVersionConflictsUnlessTheNewerOnesWereOurs) {
  load_list();
  // Our own status edit moves "a" to version 2 while the title is typed on 1.
  core::client::MocPatch status;
  status.build_status = core::BuildStatus::Built;
  client.update_moc("a", status, "the status");
  Moc a2 = a;
  a2.build_status = core::BuildStatus::Built;
  a2.version = 2;
  transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(a2));
  core::client::MocPatch title;
  title.title = "Typed";
  client.update_moc("a", title, "the title", 1);
  EXPECT_EQ(transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(a2)).if_match,
            "\"2\"");
  // Someone else's version 3 is not ours: typing begun on 2 names 2, and gets a 409.
  Moc a3 = a2;
  a3.title = "Theirs";
  a3.version = 3;
  transport.frame(frame_of(core::MocUpdated{a3}, 11));
  step();
  client.update_moc("a", title, "the title", 2);
  EXPECT_EQ(transport.answer_first("PATCH /api/mocs/a", 409, "").if_match, "\"2\"");
  ASSERT_NE(client.conflict("a"), nullptr);
  EXPECT_EQ(client.conflict("a")->mine.title, "Typed");
  EXPECT_EQ(client.conflict("a")->theirs.title, "Theirs");
}

TEST_F(CollectionClientTest, UndoBringsADeletedMocBack) {
  load_list();
  client.delete_moc("a");
  const std::vector<Toast> toasts = client.take_toasts();
  transport.answer_first("DELETE /api/mocs/a", 204, "");
  EXPECT_TRUE(client.collection().is_deleted("a"));
  // The deletion settles (its event, then quiet) before the person clicks Undo.
  transport.frame(frame_of(core::MocDeleted{"a"}, 11));
  live.update(kStart + 5000);
  client.update(kStart + 5000);
  client.update(kStart + 7000);
  EXPECT_TRUE(client.queue().empty());
  client.act(toasts.at(0).action_key);
  EXPECT_TRUE(client.moc("a"));
  Moc back = a;
  back.version = 2;
  transport.answer_first("POST /api/mocs/a/restore", 200, core::encode_moc(back));
  EXPECT_EQ(client.moc("a"), back);
}

TEST_F(CollectionClientTest, ASnapshotJumpReadsTheListAgain) {
  load_list();
  live.retry(kStart);  // nothing to retry; then a resync from the server:
  transport.frame(R"(42/dashboard,["dashboard:resyncRequired",{}])");
  step();
  core::DashboardView view = core::testing::sample_view();
  view.version = 50;
  transport.answer_first("GET /api/dashboard", 200, core::encode_dashboard_view(view));
  step();
  EXPECT_TRUE(transport.has_pending("GET /api/mocs?limit=50")) << "read again from the start";
}

TEST_F(CollectionClientTest, WishlistAddShowsAtOnceAndTakesTheServersId) {
  client.want_wishlist();
  transport.answer_first(
      "GET /api/wishlist", 200,
      R"({"items":[{"id":"w1","name":"Castle","setNumber":null,"createdAt":"2026-11-01T00:00:00Z"}],"version":10})");
  client.add_wishlist_item("Rover", std::string("60431-1"));
  ASSERT_EQ(client.wishlist().size(), 2u);
  EXPECT_EQ(client.wishlist()[0].name, "Rover");
  const HttpRequest sent = transport.answer_first(
      "POST /api/wishlist", 201,
      R"({"id":"w2","name":"Rover","setNumber":"60431-1","createdAt":"2026-11-02T00:00:00Z"})");
  EXPECT_EQ(sent.body, R"({"name":"Rover","setNumber":"60431-1"})");
  ASSERT_EQ(client.wishlist().size(), 2u);
  EXPECT_EQ(client.wishlist()[0].id, "w2");
}

TEST_F(CollectionClientTest, CreatingAMocReportsItsIdOrTheFieldRefused) {
  core::client::MocPatch fields;
  fields.title = "New";
  fields.theme = "City";
  client.create_moc(fields);
  EXPECT_TRUE(client.create_state().busy);
  transport.answer_first(
      "POST /api/mocs", 400,
      R"({"error":{"code":"VALIDATION_FAILED","message":"theme: must not be empty","field":"theme"}})");
  EXPECT_EQ(client.create_state().field, "theme");
  client.create_moc(fields);
  transport.answer_first("POST /api/mocs", 201, core::encode_moc(moc("n", "New")));
  EXPECT_EQ(client.create_state().created_id, "n");
  EXPECT_EQ(client.moc_status("n"), MocStatus::Shown);
}

TEST_F(CollectionClientTest, SignOutForgetsEverything) {
  load_list();
  live.sign_out(kStart);
  step();
  EXPECT_EQ(client.list(MocQuery{}), nullptr);
  EXPECT_FALSE(client.moc("a"));
}

// The "Data updated" pill's half here: what the stream changed that this
// tab did not (a deletion, a wishlist item, a MOC from the Add form).
TEST_F(CollectionClientTest, ItsOwnDeletionsWishlistAddsAndCreationsAreNoNews) {
  load_list();
  client.delete_moc("a");
  transport.frame(frame_of(core::MocDeleted{"a"}, 11));  // before the answer
  step();
  transport.answer_first("DELETE /api/mocs/a", 204, "");
  client.add_wishlist_item("Rover", std::nullopt);
  step();
  transport.frame(
      frame_of(core::WishlistItemAdded{{"w2", "Rover", std::nullopt, "2026-11-02T00:00:00Z"}}, 12));
  step();
  core::client::MocPatch fields;
  fields.title = "New";
  fields.theme = "City";
  client.create_moc(fields);
  transport.answer_first("POST /api/mocs", 201, core::encode_moc(moc("n", "New")));
  transport.frame(frame_of(core::MocAdded{moc("n", "New")}, 13));  // after the answer
  step();
  EXPECT_FALSE(client.take_elsewhere().any());

  transport.frame(frame_of(core::MocDeleted{"b"}, 14));
  transport.frame(frame_of(
      core::WishlistItemAdded{{"w3", "Castle", std::nullopt, "2026-11-03T00:00:00Z"}}, 15));
  step();
  const ElsewhereChanges elsewhere = client.take_elsewhere();
  EXPECT_EQ(elsewhere.mocs, (std::set<std::string, std::less<>>{"b"}));
  EXPECT_TRUE(elsewhere.wishlist);
  EXPECT_FALSE(elsewhere.dashboard);
  EXPECT_FALSE(client.take_elsewhere().any()) << "taken once";
}

// [SECTION] Idempotency-Key: one per edit, the same through its retries

constexpr const char* kKeyInUse =
    R"({"error":{"code":"IDEMPOTENCY_KEY_IN_USE","message":"Idempotency-Key: still running"}})";

TEST_F(CollectionClientTest, EachEditCarriesItsOwnKey) {
  load_list();
  core::client::MocPatch patch;
  patch.build_status = core::BuildStatus::Built;
  client.update_moc("a", patch, "Status");
  client.delete_moc("b");
  const HttpRequest update = transport.answer_first("PATCH /api/mocs/a", 500, "");
  const HttpRequest deletion = transport.answer_first("DELETE /api/mocs/b", 500, "");
  EXPECT_TRUE(std::regex_match(update.idempotency_key, std::regex("[0-9a-f]{16}-[0-9]+")))
      << update.idempotency_key;
  EXPECT_FALSE(deletion.idempotency_key.empty());
  EXPECT_NE(update.idempotency_key, deletion.idempotency_key);

  client.update_moc("a", patch, "Status");  // the same change, made again: a new edit
  const HttpRequest again = transport.answer_first("PATCH /api/mocs/a", 500, "");
  EXPECT_EQ(again.body, update.body);
  EXPECT_NE(again.idempotency_key, update.idempotency_key);

  client.add_wishlist_item("Rover", std::nullopt);
  const HttpRequest add = transport.answer_first("POST /api/wishlist", 500, "");
  EXPECT_FALSE(add.idempotency_key.empty());
  EXPECT_NE(add.idempotency_key, again.idempotency_key);
}

TEST_F(CollectionClientTest, RetrySendsTheSameKeyAndBody) {
  load_list();
  core::client::MocPatch patch;
  patch.title = "Alpha II";
  client.update_moc("a", patch, "the title of \u201cAlpha\u201d");
  // No answer: the server may have saved it.
  const HttpRequest first = transport.answer_first("PATCH /api/mocs/a", 0, "");
  std::vector<Toast> toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  ASSERT_EQ(toasts[0].action, "Retry");
  client.act(toasts[0].action_key);
  Moc a2 = a;
  a2.title = "Alpha II";
  a2.version = 2;
  const HttpRequest retried =
      transport.answer_first("PATCH /api/mocs/a", 200, core::encode_moc(a2));
  EXPECT_EQ(retried.idempotency_key, first.idempotency_key);
  EXPECT_EQ(retried.body, first.body);
  EXPECT_EQ(retried.if_match, first.if_match);
  EXPECT_EQ(client.moc("a"), a2);

  // A failed add, retried twice: one key all along.
  client.add_wishlist_item("Rover", std::string("60431-1"));
  const HttpRequest add = transport.answer_first("POST /api/wishlist", 503, "");
  toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  client.act(toasts[0].action_key);
  const HttpRequest add2 = transport.answer_first("POST /api/wishlist", 0, "");
  toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  client.act(toasts[0].action_key);
  const HttpRequest add3 = transport.answer_first(
      "POST /api/wishlist", 201,
      R"({"id":"w2","name":"Rover","setNumber":"60431-1","createdAt":"2026-11-02T00:00:00Z"})");
  EXPECT_EQ(add2.idempotency_key, add.idempotency_key);
  EXPECT_EQ(add3.idempotency_key, add.idempotency_key);
  EXPECT_EQ(add3.body, add.body);
}

TEST_F(CollectionClientTest, AKeyStillInUseIsSentAgainAfterRetryAfterThenFails) {
  load_list();
  core::client::MocPatch patch;
  patch.build_status = core::BuildStatus::Built;
  client.update_moc("a", patch, "Status");
  const HttpRequest first = transport.answer_first("PATCH /api/mocs/a", 409, kKeyInUse);
  EXPECT_TRUE(client.take_toasts().empty()) << "not a conflict";
  EXPECT_FALSE(client.conflict("a"));
  EXPECT_TRUE(client.pending("a"));
  client.update(kStart + 999);
  EXPECT_FALSE(transport.has_pending("PATCH /api/mocs/a"));
  core::UnixMillis at = kStart;
  for (int resend = 1; resend <= kInUseRetries; ++resend) {
    at += kInUseWaitMs;
    client.update(at);
    const HttpRequest again = transport.answer_first("PATCH /api/mocs/a", 409, kKeyInUse);
    EXPECT_EQ(again.idempotency_key, first.idempotency_key);
    EXPECT_EQ(again.body, first.body);
  }
  client.update(at + kInUseMaxWaitMs);
  EXPECT_FALSE(transport.has_pending("PATCH /api/mocs/a")) << "bounded";
  const std::vector<Toast> toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].action, "Retry");
  client.act(toasts[0].action_key);
  EXPECT_EQ(transport.answer_first("PATCH /api/mocs/a", 500, "").idempotency_key,
            first.idempotency_key);
}

TEST_F(CollectionClientTest, AnAnswerLostIsRefusedWithoutRetryAndReadAgain) {
  load_list();
  client.delete_moc("a");
  transport.answer_first(
      "DELETE /api/mocs/a", 409,
      R"({"error":{"code":"IDEMPOTENT_ANSWER_LOST","message":"Idempotency-Key: lost"}})");
  const std::vector<Toast> toasts = client.take_toasts();
  ASSERT_EQ(toasts.size(), 2u);  // Undo, then why it did not go
  EXPECT_EQ(toasts[1].title, "Could not delete \u201cAlpha\u201d");
  EXPECT_NE(toasts[1].detail.find("may have been saved already"), std::string::npos);
  EXPECT_TRUE(toasts[1].action.empty()) << "the same key would hear the same";
  EXPECT_FALSE(client.conflict("a"));
  EXPECT_TRUE(transport.has_pending("GET /api/mocs/a"));
  EXPECT_TRUE(transport.has_pending("GET /api/mocs?"));
}

TEST_F(CollectionClientTest, TheAddFormSendsTheSameFieldsAgainWithTheSameKey) {
  core::client::MocPatch fields;
  fields.title = "New";
  fields.theme = "City";
  client.create_moc(fields);
  const HttpRequest first = transport.answer_first("POST /api/mocs", 0, "");
  EXPECT_FALSE(first.idempotency_key.empty());
  client.create_moc(fields);  // the person clicks Add again
  const HttpRequest again = transport.answer_first("POST /api/mocs", 502, "");
  EXPECT_EQ(again.idempotency_key, first.idempotency_key);
  fields.title = "Newer";
  client.create_moc(fields);
  const HttpRequest other =
      transport.answer_first("POST /api/mocs", 201, core::encode_moc(moc("n", "Newer")));
  EXPECT_NE(other.idempotency_key, first.idempotency_key);
  client.reset_create();
  client.create_moc(fields);  // after a success: another MOC
  EXPECT_NE(transport.answer_first("POST /api/mocs", 500, "").idempotency_key,
            other.idempotency_key);
}

}  // namespace
}  // namespace dashboard::app
