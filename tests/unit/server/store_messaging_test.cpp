// Messages and notifications in the store, on both engines: a send writes
// the message, both sides' conversations and message:new into both
// streams (plus the recipient's notification) in one transaction; paging
// newest last; reading clears the unread count with message:read in the
// reader's stream; notifications for coverage, shared-board changes and
// announcements; mark one / all read; per-kind preferences.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "store/messaging.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

using store::NotificationKind;
using store::StoreError;
using StoreMessaging = StoreFixture;

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

// The JSON payload of a messaging event.
template <EventType Type>
rapidjson::Document payload_of(const core::DashboardEvent& event) {
  const auto* object = std::get_if<core::ObjectPayload<Type>>(&event.payload);
  EXPECT_NE(object, nullptr) << "type " << core::to_string(event.type());
  return parse(object != nullptr ? object->json : "{}");
}

TEST_P(StoreMessaging, ASendReachesBothStreamsAndTheRecipientsNotifications) {
  const std::int64_t alice_before = version(alice_);
  const std::int64_t bob_before = version(bob_);
  const auto sent = store_->send_message(alice_, "bob", "Hej Bob \xF0\x9F\xA7\xB1", "c-1");
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sent->seq, 1);
  EXPECT_EQ(sent->from, "alice");
  EXPECT_EQ(sent->to, "bob");
  EXPECT_EQ(sent->client_id, "c-1");

  EXPECT_EQ(types_after(alice_, alice_before), std::vector<EventType>{EventType::MessageNew});
  EXPECT_EQ(types_after(bob_, bob_before),
            (std::vector<EventType>{EventType::MessageNew, EventType::NotificationMessage}));
  const auto bob_events = events_after(bob_, bob_before);
  const auto message = payload_of<EventType::MessageNew>(bob_events.at(0));
  EXPECT_STREQ(message["message"]["text"].GetString(), "Hej Bob \xF0\x9F\xA7\xB1");
  EXPECT_STREQ(message["with"].GetString(), "alice");
  EXPECT_EQ(message["unread"].GetInt64(), 1);
  EXPECT_EQ(message["unreadTotal"].GetInt64(), 1);
  const auto note = payload_of<EventType::NotificationMessage>(bob_events.at(1));
  EXPECT_STREQ(note["notification"]["kind"].GetString(), "message");
  EXPECT_STREQ(note["notification"]["link"].GetString(), "/messages/alice");
  EXPECT_EQ(note["unread"].GetInt64(), 1);

  const auto bobs = store_->list_conversations(bob_);
  ASSERT_TRUE(bobs);
  ASSERT_EQ(bobs->items.size(), 1U);
  EXPECT_EQ(bobs->items[0].with, "alice");
  EXPECT_EQ(bobs->items[0].unread, 1);
  EXPECT_EQ(bobs->items[0].last.id, sent->id);
  EXPECT_EQ(bobs->unread_total, 1);
  EXPECT_EQ(store_->list_conversations(alice_)->unread_total, 0);
}

TEST_P(StoreMessaging, UnknownUsersAndOneselfAreRefused) {
  EXPECT_EQ(store_->send_message(alice_, "nobody", "hi", "").error().kind,
            StoreError::Kind::NotFound);
  EXPECT_NE(store_->send_message(alice_, "nobody", "hi", "").error().message.find("nobody"),
            std::string::npos);
  EXPECT_EQ(store_->send_message(alice_, "alice", "hi", "").error().kind,
            StoreError::Kind::Conflict);
  EXPECT_EQ(store_->conversation_messages(alice_, "nobody", std::nullopt, 10).error().kind,
            StoreError::Kind::NotFound);
  EXPECT_EQ(store_->mark_conversation_read(alice_, "nobody").error().kind,
            StoreError::Kind::NotFound);
}

TEST_P(StoreMessaging, PagesRunNewestLastWithACursorToOlderMessages) {
  for (int i = 1; i <= 7; ++i) {
    ASSERT_TRUE(store_->send_message(i % 2 == 0 ? bob_ : alice_, i % 2 == 0 ? "alice" : "bob",
                                     "m" + std::to_string(i), ""));
  }
  const auto last = store_->conversation_messages(bob_, "alice", std::nullopt, 3);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->items.size(), 3U);
  EXPECT_EQ(last->items.front().text, "m5");
  EXPECT_EQ(last->items.back().text, "m7");
  ASSERT_TRUE(last->older);
  const auto before = store_->conversation_messages(bob_, "alice", last->older, 3);
  EXPECT_EQ(before->items.front().text, "m2");
  const auto first = store_->conversation_messages(bob_, "alice", before->older, 3);
  ASSERT_EQ(first->items.size(), 1U);
  EXPECT_EQ(first->items.front().text, "m1");
  EXPECT_FALSE(first->older);
  // A third user's conversation with alice is another conversation.
  const UserId carol = make_user("carol");
  ASSERT_TRUE(store_->send_message(carol, "alice", "from carol", ""));
  EXPECT_EQ(store_->conversation_messages(bob_, "alice", std::nullopt, 50)->items.size(), 7U);
  EXPECT_EQ(store_->list_conversations(alice_)->items.front().with, "carol");
}

TEST_P(StoreMessaging, ReadingClearsUnreadInTheReadersStreamAndTheirMessageNotifications) {
  ASSERT_TRUE(store_->send_message(alice_, "bob", "one", ""));
  ASSERT_TRUE(store_->send_message(alice_, "bob", "two", ""));
  EXPECT_EQ(store_->list_notifications(bob_, std::nullopt, 10)->unread, 2);
  const std::int64_t bob_before = version(bob_);
  const std::int64_t alice_before = version(alice_);
  const auto read = store_->mark_conversation_read(bob_, "alice");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->read_through, 2);
  EXPECT_EQ(read->unread_total, 0);
  EXPECT_EQ(types_after(bob_, bob_before),
            (std::vector<EventType>{EventType::MessageRead, EventType::NotificationsRead}));
  // alice's notices by a bound, not one id each (a long thread is one small event).
  const auto notes = store_->list_notifications(bob_, std::nullopt, 10);
  const std::int64_t newest = notes->items.at(0).id;
  const std::vector<core::DashboardEvent> events = events_after(bob_, bob_before);
  const auto* cleared = std::get_if<core::NotificationsRead>(&events.back().payload);
  ASSERT_NE(cleared, nullptr);
  EXPECT_EQ(cleared->json, R"({"ids":[],"through":0,"messagesFrom":"alice","messagesThrough":)" +
                               std::to_string(newest) + R"(,"unread":0})");
  EXPECT_TRUE(types_after(alice_, alice_before).empty());
  EXPECT_EQ(store_->list_conversations(bob_)->items.at(0).unread, 0);
  EXPECT_EQ(store_->list_notifications(bob_, std::nullopt, 10)->unread, 0);
  // Reading again changes nothing and says nothing.
  const std::int64_t after = version(bob_);
  ASSERT_TRUE(store_->mark_conversation_read(bob_, "alice"));
  EXPECT_EQ(version(bob_), after);
}

TEST_P(StoreMessaging, FullCoverageNotifiesTheOwnerInTheSameCommit) {
  const store::Moc moc = create(alice_, "Rover");
  const std::int64_t before = version(alice_);
  store::MocPatch patch;
  patch.parts_coverage_status = core::PartsCoverageStatus::FullInventory;
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  const auto types = types_after(alice_, before);
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), EventType::NotificationCoverageComplete);
  const auto page = store_->list_notifications(alice_, std::nullopt, 10);
  ASSERT_EQ(page->items.size(), 1U);
  EXPECT_EQ(page->items[0].kind, NotificationKind::CoverageComplete);
  EXPECT_EQ(page->items[0].link, "/mocs/" + moc.id);
  // Already complete: another edit says nothing more.
  patch = {};
  patch.title = "Rover II";
  ASSERT_TRUE(store_->update_moc(alice_, moc.id, patch, std::nullopt));
  EXPECT_EQ(store_->list_notifications(alice_, std::nullopt, 10)->items.size(), 1U);
}

TEST_P(StoreMessaging, ABoardChangeNotifiesThoseItIsSharedWithButNotTheActor) {
  const UserId carol = make_user("carol");
  ASSERT_TRUE(store_->share_board(alice_, "bob", store::BoardRole::Editor));
  ASSERT_TRUE(store_->share_board(alice_, "carol", store::BoardRole::Viewer));
  const store::Moc moc = create(alice_, "Tower");
  EXPECT_EQ(store_->list_notifications(alice_, std::nullopt, 10)->items.size(), 0U);
  EXPECT_EQ(store_->list_notifications(bob_, std::nullopt, 10)->items.size(), 1U);
  const auto carols = store_->list_notifications(carol, std::nullopt, 10);
  ASSERT_EQ(carols->items.size(), 1U);
  EXPECT_EQ(carols->items[0].kind, NotificationKind::BoardChanged);
  EXPECT_EQ(carols->items[0].link, "/board/alice");
  EXPECT_EQ(carols->items[0].actor, "alice");
  // Bob edits: carol hears of it, bob (the actor) does not; alice owns it
  // (nobody shared it with her).
  store::MocPatch patch;
  patch.title = "Tower 2";
  ASSERT_TRUE(store_->update_moc(bob_, moc.id, patch, std::nullopt));
  EXPECT_EQ(store_->list_notifications(bob_, std::nullopt, 10)->items.size(), 1U);
  EXPECT_EQ(store_->list_notifications(carol, std::nullopt, 10)->items.size(), 2U);
  EXPECT_EQ(store_->list_notifications(carol, std::nullopt, 10)->items[0].actor, "bob");
  // More edits by bob before carol reads: still one unread notice from him.
  patch.title = "Tower 3";
  ASSERT_TRUE(store_->update_moc(bob_, moc.id, patch, std::nullopt));
  EXPECT_EQ(store_->list_notifications(carol, std::nullopt, 10)->items.size(), 2U);
  ASSERT_TRUE(store_->mark_notifications_read(carol, std::nullopt, std::nullopt));
  patch.title = "Tower 4";
  ASSERT_TRUE(store_->update_moc(bob_, moc.id, patch, std::nullopt));
  EXPECT_EQ(store_->list_notifications(carol, std::nullopt, 10)->items.size(), 3U);
}

TEST_P(StoreMessaging, MarkOneOrAllReadAndTellEveryTab) {
  ASSERT_EQ(*store_->announce("Maintenance at noon"), 2);
  ASSERT_EQ(*store_->announce("Back"), 2);
  ASSERT_EQ(*store_->announce("Another"), 2);
  const auto page = store_->list_notifications(bob_, std::nullopt, 2);
  ASSERT_EQ(page->items.size(), 2U);
  EXPECT_EQ(page->items[0].text, "Another");
  EXPECT_EQ(page->unread, 3);
  ASSERT_TRUE(page->older);
  EXPECT_EQ(store_->list_notifications(bob_, page->older, 2)->items.at(0).text,
            "Maintenance at noon");

  std::int64_t before = version(bob_);
  const auto one = store_->mark_notifications_read(bob_, page->items[1].id, std::nullopt);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->unread, 2);
  EXPECT_EQ(types_after(bob_, before), std::vector<EventType>{EventType::NotificationsRead});
  EXPECT_EQ(store_->mark_notifications_read(alice_, page->items[1].id, std::nullopt).error().kind,
            StoreError::Kind::NotFound);

  before = version(bob_);
  const auto all = store_->mark_notifications_read(bob_, std::nullopt, page->items[0].id);
  EXPECT_EQ(all->unread, 0);
  const auto events = events_after(bob_, before);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(payload_of<EventType::NotificationsRead>(events[0])["unread"].GetInt64(), 0);
  EXPECT_EQ(store_->list_notifications(alice_, std::nullopt, 10)->unread, 3);
}

TEST_P(StoreMessaging, PreferencesDefaultToToastsAndSyncThroughTheStream) {
  const auto defaults = store_->notification_preferences(bob_);
  ASSERT_TRUE(defaults);
  EXPECT_TRUE((*defaults)[NotificationKind::Message].toast);
  EXPECT_FALSE((*defaults)[NotificationKind::Message].sound);
  EXPECT_FALSE((*defaults)[NotificationKind::Announcement].browser);

  store::NotificationPreferences prefs = *defaults;
  prefs[NotificationKind::Message] = {false, true, true};
  const std::int64_t before = version(bob_);
  ASSERT_TRUE(store_->set_notification_preferences(bob_, prefs));
  EXPECT_EQ(*store_->notification_preferences(bob_), prefs);
  EXPECT_EQ(*store_->notification_preferences(alice_), *defaults);
  const auto events = events_after(bob_, before);
  ASSERT_EQ(events.size(), 1U);
  const auto payload = payload_of<EventType::NotificationPreferences>(events[0]);
  EXPECT_FALSE(payload["preferences"]["message"]["toast"].GetBool());
  EXPECT_TRUE(payload["preferences"]["message"]["browser"].GetBool());
}

TEST(MessagingText, CountsCodePointsAndRefusesBrokenUtf8) {
  EXPECT_EQ(store::utf8_length("abc"), 3U);
  EXPECT_EQ(store::utf8_length("\xC3\xA9t\xC3\xA9"), 3U);
  EXPECT_EQ(store::utf8_length("\xF0\x9F\xA7\xB1"), 1U);
  EXPECT_FALSE(store::utf8_length("\xC3"));
  EXPECT_FALSE(store::utf8_length("\xFF"));
  EXPECT_FALSE(store::utf8_length("\xE2\x82"));
}

INSTANTIATE_STORE_SUITE(StoreMessaging);

}  // namespace
}  // namespace dashboard::server::testing
