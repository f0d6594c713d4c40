// The build board's reads and shares, and topic access: who may read
// board:<user> and moc:<id>, and what their streams hold.
#include "store/outbox.hpp"
#include "store/slices.hpp"
#include "store/sql_store.hpp"
#include "store/topics.hpp"

namespace dashboard::server::store {
namespace {

// Thrown to roll a write back when a check refuses (the refusal travels beside it).
struct Refused {};

std::optional<User> user_named(sql::Session& s, const std::string& name) {
  auto rows = s.query("SELECT id, username FROM users WHERE username = $1", {name});
  if (!rows->next()) return std::nullopt;
  return User{rows->int64(0), rows->text(1), ""};
}

std::vector<Share> read_shares(sql::Session& s, const char* column, UserId user) {
  auto rows = s.query(std::string(R"sql(
    SELECT sh.id, sh.owner_id, o.username, sh.grantee_id, g.username, sh.role, sh.created_at
    FROM shares sh JOIN users o ON o.id = sh.owner_id JOIN users g ON g.id = sh.grantee_id
    WHERE sh.)sql") + column +
                          " = $1 ORDER BY o.username, g.username",
                      {user});
  std::vector<Share> out;
  while (rows->next()) {
    out.push_back({rows->text(0), rows->int64(1), rows->text(2), rows->int64(3), rows->text(4),
                   rows->text(5) == "editor" ? BoardRole::Editor : BoardRole::Viewer,
                   rows->text(6)});
  }
  return out;
}

}  // namespace

StoreResult<Board> SqlStore::board(UserId user, const std::string& owner_name) {
  return read<Board>([&](sql::Session& s) -> StoreResult<Board> {
    const std::optional<User> owner = user_named(s, owner_name);
    if (!owner) return StoreError{StoreError::Kind::NotFound, "no user named " + owner_name, {}};
    Board board;
    board.owner = owner->id;
    board.owner_name = owner->username;
    board.role = board_role(s, user, owner->id);
    if (board.role == BoardRole::None) {
      return StoreError{
          StoreError::Kind::Forbidden, owner_name + "'s board is not shared with you", {}};
    }
    board.seq = s.scalar("SELECT last_seq FROM topic_streams WHERE topic = $1",
                         {board_topic(owner->username)});
    // CASE gives the columns their board order (not the names' order).
    auto rows = s.query(std::string("SELECT ") + kMocColumns + R"sql( FROM mocs
      WHERE user_id = $1 AND deleted_at IS NULL
      ORDER BY CASE build_status WHEN 'ADDED' THEN 0 WHEN 'IN_PROGRESS' THEN 1 ELSE 2 END,
               board_rank, id)sql",
                        {owner->id});
    while (rows->next()) board.cards.push_back(read_moc_columns(*rows));
    return board;
  });
}

StoreResult<Share> SqlStore::share_board(const Actor& owner, const std::string& grantee_name,
                                         BoardRole role) {
  std::optional<StoreError> refused;
  Share share;
  try {
    db_->write([&](sql::Session& s) {
      const std::optional<User> grantee = user_named(s, grantee_name);
      if (!grantee) {
        refused =
            StoreError{StoreError::Kind::NotFound, "username: no user named " + grantee_name, {}};
        throw Refused{};
      }
      if (grantee->id == owner.user) {
        refused = StoreError{StoreError::Kind::Conflict, "username: that is you", {}};
        throw Refused{};
      }
      const std::string role_name(to_string(role));
      const std::string now = next_mutation_time();
      s.exec(R"sql(
        INSERT INTO shares (id, owner_id, grantee_id, role, created_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (owner_id, grantee_id) DO UPDATE SET role = excluded.role)sql",
             {ids_->next_uuid(), owner.user, grantee->id, role_name, now});
      for (Share& existing : read_shares(s, "owner_id", owner.user)) {
        if (existing.grantee == grantee->id) share = std::move(existing);
      }
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  return share;
}

StoreResult<Done> SqlStore::revoke_share(const Actor& actor, const std::string& share_id) {
  std::optional<StoreError> refused;
  std::pair<std::string, std::int64_t> written;
  try {
    db_->write([&](sql::Session& s) {
      auto rows = s.query(
          "SELECT sh.owner_id, sh.grantee_id, o.username, g.username FROM shares sh "
          "JOIN users o ON o.id = sh.owner_id JOIN users g ON g.id = sh.grantee_id "
          "WHERE sh.id = $1",
          {share_id});
      if (!rows->next()) {
        refused = StoreError{StoreError::Kind::NotFound, share_id + " does not exist", {}};
        throw Refused{};
      }
      const UserId owner = rows->int64(0);
      const UserId grantee = rows->int64(1);
      const std::string owner_name = rows->text(2);
      const std::string grantee_name = rows->text(3);
      if (actor.user != owner && actor.user != grantee) {
        refused = StoreError{StoreError::Kind::Forbidden, share_id + " is not yours", {}};
        throw Refused{};
      }
      // The owner's row first, like every writer of the board's stream.
      lock_user_stream(s, owner);
      s.exec("DELETE FROM shares WHERE id = $1", {share_id});
      const std::string now = next_mutation_time();
      const std::string topic = board_topic(owner_name);
      const std::string json =
          topic_event_json(topic, kTopicAccessRevoked, std::to_string(grantee),
                           R"({"username":")" + grantee_name + R"("})", actor.user,
                           actor.user == owner ? owner_name : grantee_name, now, actor.trace_id);
      written = {topic, append_topic_event(s, topic, kTopicAccessRevoked, json, now, *ids_)};
    });
  } catch (const Refused&) {
    return *refused;
  } catch (const std::exception& e) {
    return store_error(e);
  }
  if (topic_listener_) topic_listener_(written.first, written.second);
  return Done{};
}

StoreResult<SharesList> SqlStore::list_shares(UserId user) {
  return read<SharesList>([&](sql::Session& s) -> StoreResult<SharesList> {
    return SharesList{read_shares(s, "owner_id", user), read_shares(s, "grantee_id", user)};
  });
}

StoreResult<TopicAccess> SqlStore::topic_access(UserId user, const std::string& topic) {
  const std::optional<TopicName> name = parse_topic(topic);
  if (!name) {
    return StoreError{
        StoreError::Kind::NotFound, "topic: must be board:<username> or moc:<id>", {}};
  }
  return read<TopicAccess>([&](sql::Session& s) -> StoreResult<TopicAccess> {
    TopicAccess access;
    if (name->kind == TopicName::Kind::Board) {
      const std::optional<User> owner = user_named(s, name->id);
      if (!owner) return StoreError{StoreError::Kind::NotFound, "no user named " + name->id, {}};
      access.owner = owner->id;
    } else {
      auto rows =
          s.query("SELECT user_id FROM mocs WHERE id = $1 AND deleted_at IS NULL", {name->id});
      if (!rows->next())
        return StoreError{StoreError::Kind::NotFound, name->id + " does not exist", {}};
      access.owner = rows->int64(0);
    }
    access.role = board_role(s, user, access.owner);
    access.last_seq = s.scalar("SELECT last_seq FROM topic_streams WHERE topic = $1", {topic});
    return access;
  });
}

StoreResult<TopicPage> SqlStore::topic_events_since(const std::string& topic, std::int64_t since,
                                                    int limit) {
  return read<TopicPage>([&](sql::Session& s) -> StoreResult<TopicPage> {
    auto bounds = s.query("SELECT last_seq FROM topic_streams WHERE topic = $1", {topic});
    const std::int64_t last = bounds->next() ? bounds->int64(0) : 0;
    std::vector<TopicEvent> events;
    if (since <= last) events = read_topic_events_after(s, topic, since, limit);
    // Missing seqs after `since`: the pruner took them (outbox.hpp follows_on).
    if (since > last || !follows_on(events, since, last)) {
      return StoreError{StoreError::Kind::Gone,
                        "events of " + topic + " after seq " + std::to_string(since) +
                            " are no longer available; read the topic afresh",
                        {}};
    }
    return TopicPage{std::move(events), last};
  });
}

}  // namespace dashboard::server::store
