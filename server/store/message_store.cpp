// Direct messages: conversations, paging, sending, reading. A send locks
// both participants' stream rows (smaller id first, so two people writing
// to each other at once never deadlock) and appends message:new to both
// streams, and the recipient's message notification, in one transaction.
#include <algorithm>

#include "store/messaging_json.hpp"
#include "store/notification_rows.hpp"
#include "store/outbox.hpp"
#include "store/sql_store.hpp"

namespace dashboard::server::store {
namespace {

// Thrown to roll a write back when a check refuses (the refusal travels beside it).
struct Refused {};

std::optional<User> user_named(sql::Session& s, const std::string& name) {
  auto rows = s.query("SELECT id, username FROM users WHERE username = $1", {name});
  if (!rows->next()) return std::nullopt;
  return User{rows->int64(0), rows->text(1), ""};
}

StoreError no_user(const std::string& name) {
  return StoreError{StoreError::Kind::NotFound, "no user named " + name, {}};
}

std::int64_t unread_messages(sql::Session& s, UserId user) {
  return s.scalar("SELECT COALESCE(SUM(unread), 0) FROM conversations WHERE user_id = $1", {user});
}

constexpr const char* kMessageColumns =
    "m.id, m.seq, m.sender_id, m.body, m.client_id, m.created_at";

// A message row (kMessageColumns from `first`) between `a` and `b`.
Message read_message(const sql::Rows& rows, int first, const User& a, const User& b) {
  Message m;
  m.id = rows.text(first);
  m.seq = rows.int64(first + 1);
  const bool from_a = rows.int64(first + 2) == a.id;
  m.from = from_a ? a.username : b.username;
  m.to = from_a ? b.username : a.username;
  m.text = rows.text(first + 3);
  m.client_id = rows.text(first + 4);
  m.created_at = rows.text(first + 5);
  return m;
}

}  // namespace

StoreResult<ConversationList> SqlStore::list_conversations(UserId user) {
  return read<ConversationList>([&](sql::Session& s) -> StoreResult<ConversationList> {
    auto me = s.query("SELECT id, username FROM users WHERE id = $1", {user});
    if (!me->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    const User self{me->int64(0), me->text(1), ""};
    auto rows =
        s.query(std::string("SELECT c.other_id, u.username, c.unread, ") + kMessageColumns + R"sql(
      FROM conversations c
      JOIN users u ON u.id = c.other_id
      JOIN messages m ON m.low_id = CASE WHEN c.user_id < c.other_id THEN c.user_id ELSE c.other_id END
                     AND m.high_id = CASE WHEN c.user_id < c.other_id THEN c.other_id ELSE c.user_id END
                     AND m.seq = c.last_seq
      WHERE c.user_id = $1
      ORDER BY c.last_message_at DESC, c.other_id
      LIMIT 500)sql",
                {user});
    ConversationList list;
    while (rows->next()) {
      const User other{rows->int64(0), rows->text(1), ""};
      list.items.push_back({other.username, read_message(*rows, 3, self, other), rows->int64(2)});
    }
    list.unread_total = unread_messages(s, user);
    return list;
  });
}

StoreResult<MessagePage> SqlStore::conversation_messages(UserId user, const std::string& other,
                                                         std::optional<std::int64_t> before,
                                                         int limit) {
  return read<MessagePage>([&](sql::Session& s) -> StoreResult<MessagePage> {
    const std::optional<User> them = user_named(s, other);
    if (!them) return no_user(other);
    auto me = s.query("SELECT id, username FROM users WHERE id = $1", {user});
    if (!me->next()) return StoreError{StoreError::Kind::NotFound, "no such user", {}};
    const User self{me->int64(0), me->text(1), ""};
    const UserId low = std::min(self.id, them->id);
    const UserId high = std::max(self.id, them->id);
    const std::int64_t below = before.value_or(INT64_MAX);
    auto rows =
        s.query(std::string("SELECT ") + kMessageColumns +
                    " FROM messages m WHERE m.low_id = $1 AND m.high_id = $2 AND m.seq < $3 "
                    "ORDER BY m.seq DESC LIMIT $4",
                {low, high, below, limit + 1});
    MessagePage page;
    while (rows->next()) page.items.push_back(read_message(*rows, 0, self, *them));
    if (page.items.size() > static_cast<std::size_t>(limit)) {
      page.items.pop_back();
      page.older = page.items.back().seq;
    }
    std::reverse(page.items.begin(), page.items.end());
    page.unread = s.scalar("SELECT unread FROM conversations WHERE user_id = $1 AND other_id = $2",
                           {self.id, them->id});
    return page;
  });
}

StoreResult<Message> SqlStore::send_message(const Actor& from, const std::string& to,
                                            const std::string& text, const std::string& client_id) {
  std::optional<StoreError> refused;
  Message sent;
  std::vector<std::pair<UserId, std::int64_t>> wakes;
  try {
    db_->write([&](sql::Session& s) {
      wakes.clear();
      const std::optional<User> recipient = user_named(s, to);
      if (!recipient) {
        refused = no_user(to);
        throw Refused{};
      }
      if (recipient->id == from.user) {
        refused = StoreError{StoreError::Kind::Conflict, "you cannot message yourself", {}};
        throw Refused{};
      }
      const UserId low = std::min(from.user, recipient->id);
      const UserId high = std::max(from.user, recipient->id);
      const std::optional<std::int64_t> low_last = lock_user_stream(s, low);
      const std::optional<std::int64_t> high_last = lock_user_stream(s, high);
      if (!low_last || !high_last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Refused{};
      }
      auto me = s.query("SELECT username FROM users WHERE id = $1", {from.user});
      me->next();
      const std::string sender_name = me->text(0);
      const std::string now = next_mutation_time();
      const std::int64_t seq =
          s.scalar("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE low_id = $1 AND high_id = $2",
                   {low, high}) +
          1;
      sent =
          Message{ids_->next_uuid(), seq, sender_name, recipient->username, text, client_id, now};
      s.exec(
          "INSERT INTO messages (low_id, high_id, seq, id, sender_id, body, client_id, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {low, high, seq, sent.id, from.user, text, client_id, now});
      // The sender has read their side up to what they just sent.
      s.exec(R"sql(
        INSERT INTO conversations (user_id, other_id, last_seq, last_message_at, read_through, unread)
        VALUES ($1, $2, $3, $4, $3, 0)
        ON CONFLICT (user_id, other_id) DO UPDATE SET last_seq = excluded.last_seq,
          last_message_at = excluded.last_message_at, read_through = excluded.read_through,
          unread = 0)sql",
             {from.user, recipient->id, seq, now});
      s.exec(R"sql(
        INSERT INTO conversations (user_id, other_id, last_seq, last_message_at, read_through, unread)
        VALUES ($1, $2, $3, $4, 0, 1)
        ON CONFLICT (user_id, other_id) DO UPDATE SET last_seq = excluded.last_seq,
          last_message_at = excluded.last_message_at, unread = conversations.unread + 1)sql",
             {recipient->id, from.user, seq, now});
      const std::int64_t unread =
          s.scalar("SELECT unread FROM conversations WHERE user_id = $1 AND other_id = $2",
                   {recipient->id, from.user});
      const std::int64_t sender_last = from.user == low ? *low_last : *high_last;
      const std::int64_t recipient_last = from.user == low ? *high_last : *low_last;
      wakes.emplace_back(
          from.user,
          append_events(s, from.user, sender_last,
                        {core::MessageNew{message_new_payload(sent, recipient->username, 0,
                                                              unread_messages(s, from.user))}},
                        now, *ids_));
      std::vector<core::EventPayload> to_recipient{core::MessageNew{
          message_new_payload(sent, sender_name, unread, unread_messages(s, recipient->id))}};
      to_recipient.push_back(add_notification(
          s, recipient->id,
          {NotificationKind::Message, preview(text, 140), "/messages/" + sender_name, sender_name},
          now));
      wakes.emplace_back(recipient->id,
                         append_events(s, recipient->id, recipient_last, to_recipient, now, *ids_));
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (listener_) {
    for (const auto& [user, last] : wakes) listener_(user, last);
  }
  return sent;
}

StoreResult<ReadState> SqlStore::mark_conversation_read(UserId user, const std::string& other) {
  std::optional<StoreError> refused;
  ReadState state;
  std::optional<std::int64_t> wake;
  try {
    db_->write([&](sql::Session& s) {
      wake.reset();
      const std::optional<User> them = user_named(s, other);
      if (!them) {
        refused = no_user(other);
        throw Refused{};
      }
      const std::optional<std::int64_t> last = lock_user_stream(s, user);
      if (!last) {
        refused = StoreError{StoreError::Kind::NotFound, "no such user", {}};
        throw Refused{};
      }
      const std::string now = next_mutation_time();
      const std::int64_t changed = s.exec(
          "UPDATE conversations SET read_through = last_seq, unread = 0 "
          "WHERE user_id = $1 AND other_id = $2 AND (read_through < last_seq OR unread > 0)",
          {user, them->id});
      state.with = them->username;
      state.read_through =
          s.scalar("SELECT read_through FROM conversations WHERE user_id = $1 AND other_id = $2",
                   {user, them->id});
      state.unread_total = unread_messages(s, user);
      // The bell's message notifications from that person are read with the thread.
      NotificationsReadState notes;
      auto newest = s.query(
          "SELECT MAX(id) FROM notifications WHERE user_id = $1 AND kind = 'message' "
          "AND actor = $2 AND read_at IS NULL",
          {user, them->username});
      if (newest->next() && !newest->is_null(0)) {
        notes.messages_from = them->username;
        notes.messages_through = newest->int64(0);
      }
      std::vector<core::EventPayload> events;
      if (changed > 0) events.emplace_back(core::MessageRead{message_read_payload(state)});
      if (notes.messages_through != 0) {
        count_notifications_read(
            s, user,
            s.exec("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND kind = 'message' "
                   "AND actor = $2 AND read_at IS NULL AND id <= $4",
                   {user, them->username, now, notes.messages_through}));
        notes.unread = unread_notifications(s, user);
        events.emplace_back(core::NotificationsRead{notifications_read_payload(notes)});
      }
      if (!events.empty()) wake = append_events(s, user, *last, events, now, *ids_);
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (wake && listener_) listener_(user, *wake);
  return state;
}

}  // namespace dashboard::server::store
