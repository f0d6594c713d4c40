// The notifications page's list and the bell's count: pages newest first,
// a live notification on top once, reads from any tab (some ids, or all up
// to one), a local mark before the server confirms, and a malformed page
// refused with the field named.
#include "core/client/notification_list.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

std::string note_json(std::int64_t id, const std::string& kind = "message", bool read = false,
                      const std::string& actor = "alice") {
  return R"({"id":)" + std::to_string(id) + R"(,"kind":")" + kind + R"(","text":"n)" +
         std::to_string(id) + R"(","link":"/messages/)" + actor + R"(","actor":")" + actor +
         R"(",)" + R"("createdAt":"2026-12-03T10:00:00.000Z","read":)" + (read ? "true" : "false") +
         "}";
}

DashboardEvent notification_event(std::int64_t id, std::int64_t unread) {
  DashboardEvent e;
  e.payload = NotificationMessage{R"({"notification":)" + note_json(id) + R"(,"unread":)" +
                                  std::to_string(unread) + "}"};
  return e;
}

DashboardEvent read_event(const std::string& json) {
  DashboardEvent e;
  e.payload = NotificationsRead{json};
  return e;
}

std::vector<std::int64_t> ids(const NotificationList& list) {
  std::vector<std::int64_t> out;
  for (const Notification& n : list.items()) out.push_back(n.id);
  return out;
}

TEST(NotificationList, PagesNewestFirstWithTheOlderCursor) {
  NotificationList list;
  ASSERT_TRUE(list.load_page(R"({"items":[)" + note_json(5) + "," +
                                 note_json(4, "announcement", true) +
                                 R"(],"nextCursor":"4","unread":3})",
                             false));
  EXPECT_EQ(ids(list), (std::vector<std::int64_t>{5, 4}));
  EXPECT_EQ(list.unread(), 3);
  EXPECT_EQ(list.older_cursor(), "4");
  EXPECT_TRUE(list.items()[1].read);
  ASSERT_TRUE(
      list.load_page(R"({"items":[)" + note_json(2) + R"(],"nextCursor":null,"unread":3})", true));
  EXPECT_EQ(ids(list), (std::vector<std::int64_t>{5, 4, 2}));
  EXPECT_FALSE(list.older_cursor());
}

TEST(NotificationList, ALiveNotificationGoesOnTopOnce) {
  NotificationList list;
  ASSERT_TRUE(
      list.load_page(R"({"items":[)" + note_json(5) + R"(],"nextCursor":null,"unread":1})", false));
  list.apply(notification_event(6, 2));
  list.apply(notification_event(6, 2));
  EXPECT_EQ(ids(list), (std::vector<std::int64_t>{6, 5}));
  EXPECT_EQ(list.unread(), 2);
}

TEST(NotificationList, ReadsFromAnyTabMarkByIdOrThrough) {
  NotificationList list;
  ASSERT_TRUE(list.load_page(R"({"items":[)" + note_json(7) + "," + note_json(6) + "," +
                                 note_json(5) + R"(],"nextCursor":null,"unread":3})",
                             false));
  list.apply(read_event(R"({"ids":[6],"through":0,"unread":2})"));
  EXPECT_FALSE(list.items()[0].read);
  EXPECT_TRUE(list.items()[1].read);
  EXPECT_EQ(list.unread(), 2);
  list.apply(read_event(R"({"ids":[],"through":7,"unread":0})"));
  for (const Notification& n : list.items()) EXPECT_TRUE(n.read) << n.id;
  EXPECT_EQ(list.unread(), 0);
}

TEST(NotificationList, AConversationReadMarksThatPersonsMessageNoticesUpToTheBound) {
  NotificationList list;
  ASSERT_TRUE(list.load_page(
      R"({"items":[)" + note_json(9, "message", false, "bob") + "," +
          note_json(8, "message", false, "alice") + "," +
          note_json(7, "boardChanged", false, "bob") + "," + note_json(6, "message", false, "bob") +
          "," + note_json(5, "message", false, "bob") + R"(],"nextCursor":null,"unread":5})",
      false));
  // bob's 9 came after the thread was read: it stays unread.
  list.apply(read_event(R"({"ids":[],"through":0,"messagesFrom":"bob","messagesThrough":6,)"
                        R"("unread":3})"));
  std::vector<std::int64_t> unread;
  for (const Notification& n : list.items()) {
    if (!n.read) unread.push_back(n.id);
  }
  EXPECT_EQ(unread, (std::vector<std::int64_t>{9, 8, 7}));
  EXPECT_EQ(list.unread(), 3);
}

TEST(NotificationList, AMarkShowsAtOnce) {
  NotificationList list;
  ASSERT_TRUE(list.load_page(
      R"({"items":[)" + note_json(7) + "," + note_json(6) + R"(],"nextCursor":null,"unread":2})",
      false));
  list.mark_read_locally(7);
  EXPECT_TRUE(list.items()[0].read);
  EXPECT_EQ(list.unread(), 1);
  list.mark_read_locally(std::nullopt);
  EXPECT_EQ(list.unread(), 0);
}

TEST(NotificationList, AnAnnouncementHasNoActorAndMayLeadNowhere) {
  NotificationList list;
  ASSERT_TRUE(list.load_page(R"({"items":[],"nextCursor":null,"unread":0})", false));
  DashboardEvent e;
  e.payload = NotificationAnnouncement{
      R"({"notification":{"id":9,"kind":"announcement","text":"Closed at six","link":"",)"
      R"("actor":"","createdAt":"2026-12-03T10:00:00.000Z","read":false},"unread":1})"};
  EXPECT_FALSE(list.apply(e));
  ASSERT_EQ(list.items().size(), 1u);
  EXPECT_EQ(list.items()[0].text, "Closed at six");
  EXPECT_EQ(list.items()[0].actor, "");
}

TEST(NotificationList, AMalformedLiveNotificationIsRefusedWithTheField) {
  NotificationList list;
  DashboardEvent e;
  e.payload = NotificationAnnouncement{R"({"notification":{"id":9},"unread":1})"};
  const std::optional<Error> bad = list.apply(e);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->path, "notification.kind");
  EXPECT_TRUE(list.items().empty());
}

TEST(NotificationList, AMalformedPageNamesTheFieldAndChangesNothing) {
  NotificationList list;
  const Result<bool> bad = list.load_page(R"({"items":[{"id":"x"}],"unread":1})", false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "items[0].id");
  EXPECT_FALSE(list.loaded());
}

}  // namespace
}  // namespace dashboard::core::client
