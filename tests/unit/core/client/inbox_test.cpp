// The messaging pages' client state: live messages update the list, the
// badge and the open thread; a toast only when the thread is not open and
// the preferences allow it; reads in another tab clear the badge;
// optimistic sends go pending -> confirmed (by the clientId echo), or
// failed -> Retry with the text kept.
#include "core/client/inbox.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

using State = InboxMessage::State;

std::string message_json(const std::string& from, const std::string& to, std::int64_t seq,
                         const std::string& text, const std::string& client_id = "") {
  return R"({"id":"m)" + std::to_string(seq) + R"(","seq":)" + std::to_string(seq) +
         R"(,"from":")" + from + R"(","to":")" + to + R"(","text":")" + text + R"(","clientId":")" +
         client_id + R"(","createdAt":"2026-12-03T10:00:00.000Z"})";
}

DashboardEvent message_new(const std::string& from, const std::string& to, std::int64_t seq,
                           const std::string& text, const std::string& with, std::int64_t unread,
                           std::int64_t total, const std::string& client_id = "") {
  DashboardEvent e;
  e.seq = seq;
  e.payload = MessageNew{R"({"message":)" + message_json(from, to, seq, text, client_id) +
                         R"(,"with":")" + with + R"(","unread":)" + std::to_string(unread) +
                         R"(,"unreadTotal":)" + std::to_string(total) + "}"};
  return e;
}

TEST(Inbox, ALiveMessageReordersTheListCountsUpAndToastsWhenTheThreadIsNotOpen) {
  Inbox inbox("bob", "t1");
  ASSERT_TRUE(inbox.load_conversations(R"({"items":[{"with":"carol","lastMessage":)" +
                                       message_json("carol", "bob", 1, "old") +
                                       R"(,"unread":0}],"unreadTotal":0})"));
  const auto alert = inbox.apply(message_new("alice", "bob", 1, "Hi Bob", "alice", 1, 1));
  ASSERT_TRUE(alert);
  EXPECT_EQ(alert->text, "alice: Hi Bob");
  EXPECT_EQ(alert->link, "/messages/alice");
  EXPECT_TRUE(alert->toast);
  EXPECT_FALSE(alert->sound);
  ASSERT_EQ(inbox.conversations().size(), 2U);
  EXPECT_EQ(inbox.conversations()[0].with, "alice");
  EXPECT_EQ(inbox.conversations()[0].unread, 1);
  EXPECT_EQ(inbox.unread_total(), 1);
}

TEST(Inbox, TheOpenThreadAppendsWithoutAToastAndPrefsOffMeanNoToast) {
  Inbox inbox("bob", "t1");
  inbox.open_thread("alice");
  EXPECT_FALSE(inbox.apply(message_new("alice", "bob", 1, "in view", "alice", 1, 1)));
  ASSERT_EQ(inbox.thread().size(), 1U);
  EXPECT_EQ(inbox.thread()[0].text, "in view");

  inbox.open_thread("");
  ASSERT_TRUE(inbox.load_preferences(
      R"({"preferences":{"message":{"toast":false,"sound":true,"browser":true}}})"));
  const auto alert = inbox.apply(message_new("alice", "bob", 2, "hidden", "alice", 1, 1));
  ASSERT_TRUE(alert);
  EXPECT_FALSE(alert->toast);
  EXPECT_TRUE(alert->sound);
  EXPECT_TRUE(alert->browser);
}

TEST(Inbox, AReadInAnotherTabClearsTheBadge) {
  Inbox inbox("bob", "t1");
  inbox.apply(message_new("alice", "bob", 1, "one", "alice", 1, 1));
  DashboardEvent read;
  read.payload = MessageRead{R"({"with":"alice","readThrough":1,"unreadTotal":0})"};
  EXPECT_FALSE(inbox.apply(read));
  EXPECT_EQ(inbox.unread_total(), 0);
  EXPECT_EQ(inbox.conversations()[0].unread, 0);
}

TEST(Inbox, ASendIsPendingThenConfirmedByItsEchoOnce) {
  Inbox inbox("alice", "tab9");
  inbox.open_thread("bob");
  const std::string id = inbox.send("Saturday?", "2026-12-03T10:00:00.000Z");
  ASSERT_EQ(inbox.thread().size(), 1U);
  EXPECT_EQ(inbox.thread()[0].state, State::Pending);
  // The POST's answer and the stream's echo both confirm; one message stays.
  inbox.confirm(message_json("alice", "bob", 1, "Saturday?", id));
  EXPECT_FALSE(inbox.apply(message_new("alice", "bob", 1, "Saturday?", "bob", 0, 0, id)));
  ASSERT_EQ(inbox.thread().size(), 1U);
  EXPECT_EQ(inbox.thread()[0].state, State::Confirmed);
  EXPECT_EQ(inbox.thread()[0].id, "m1");
}

TEST(Inbox, AFailedSendKeepsItsTextForRetry) {
  Inbox inbox("alice", "tab9");
  inbox.open_thread("bob");
  const std::string id = inbox.send("keep me", "2026-12-03T10:00:00.000Z");
  inbox.send_failed(id, "network error");
  EXPECT_EQ(inbox.thread()[0].state, State::Failed);
  EXPECT_EQ(inbox.thread()[0].error, "network error");
  // A fresh page of the thread does not drop it.
  ASSERT_TRUE(inbox.load_thread_page(R"({"items":[)" + message_json("bob", "alice", 1, "hi") +
                                         R"(],"nextCursor":null,"unread":0})",
                                     false));
  ASSERT_EQ(inbox.thread().size(), 2U);
  EXPECT_EQ(inbox.thread()[0].text, "hi");
  EXPECT_EQ(inbox.thread()[1].text, "keep me");
  EXPECT_EQ(inbox.retry(id), "keep me");
  EXPECT_EQ(inbox.thread()[1].state, State::Pending);
  EXPECT_FALSE(inbox.retry("nope"));
}

TEST(Inbox, OlderPagesGoAboveAndConfirmedMessagesStayInSeqOrder) {
  Inbox inbox("alice", "t");
  inbox.open_thread("bob");
  ASSERT_TRUE(inbox.load_thread_page(R"({"items":[)" + message_json("bob", "alice", 3, "c") + "," +
                                         message_json("alice", "bob", 4, "d") +
                                         R"(],"nextCursor":"3","unread":0})",
                                     false));
  EXPECT_EQ(inbox.older_cursor(), "3");
  ASSERT_TRUE(inbox.load_thread_page(R"({"items":[)" + message_json("bob", "alice", 1, "a") + "," +
                                         message_json("bob", "alice", 2, "b") +
                                         R"(],"nextCursor":null,"unread":0})",
                                     true));
  std::string order;
  for (const InboxMessage& m : inbox.thread()) order += m.text;
  EXPECT_EQ(order, "abcd");
  EXPECT_FALSE(inbox.older_cursor());
  const auto bad = inbox.load_thread_page(R"({"items":[{"id":"x"}]})", true);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "items[0].seq");
}

TEST(Inbox, NotificationsCountAndAlertByKind) {
  Inbox inbox("bob", "t");
  DashboardEvent board;
  board.payload = NotificationBoardChanged{
      R"({"notification":{"id":3,"kind":"boardChanged","text":"alice moved X","link":"/board/alice",)"
      R"("actor":"alice","createdAt":"2026-12-03T10:00:00.000Z","read":false},"unread":4})"};
  const auto alert = inbox.apply(board);
  ASSERT_TRUE(alert);
  EXPECT_EQ(alert->kind, "boardChanged");
  EXPECT_EQ(alert->link, "/board/alice");
  EXPECT_EQ(inbox.notifications_unread(), 4);
  DashboardEvent read;
  read.payload = NotificationsRead{R"({"ids":[],"through":3,"unread":0})"};
  inbox.apply(read);
  EXPECT_EQ(inbox.notifications_unread(), 0);
  DashboardEvent prefs;
  prefs.payload = NotificationPreferences{
      R"({"preferences":{"boardChanged":{"toast":false,"sound":false,"browser":false}}})"};
  inbox.apply(prefs);
  EXPECT_FALSE(inbox.prefs("boardChanged").toast);
  EXPECT_NE(inbox.encode_preferences().find(R"("boardChanged":{"toast":false)"), std::string::npos);
}

TEST(Inbox, CountsCodePointsForTheComposer) {
  EXPECT_EQ(utf8_length("abc"), 3U);
  EXPECT_EQ(utf8_length("\xC3\xA9\xF0\x9F\xA7\xB1"), 2U);
}

}  // namespace
}  // namespace dashboard::core::client
