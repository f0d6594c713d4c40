// board_codec: the board API's bodies as the client reads them: the board
// (GET /api/board/{user}), a topic event and a page of them (GET
// /api/topics/{topic}/events, and the socket's topic events), and shares
// (GET/POST /api/shares). Validation follows json_codec: an Error names the
// path and the rule; unknown members are ignored.
//
//   Result<BoardBody> b = decode_board(response.body);
//   Result<BoardEventPage> p = decode_board_events(response.body);
//   for (const BoardEvent& e : p->events) apply(e);
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/board.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace dashboard::core::client {

struct BoardBody {
  std::string owner;
  BoardRole role = BoardRole::None;
  std::int64_t seq = 0;
  std::vector<Moc> cards;
};

Result<BoardBody> decode_board(std::string_view json);

// One event of a topic stream: {topic, event, data{entity_id, payload,
// user_id, user_name, timestamp}, trace_id} with the stream's seq.
struct BoardEvent {
  std::int64_t seq = 0;
  std::string topic;
  std::string kind;  // ADDED, UPDATED, STATUS_CHANGED, DELETED, ACCESS_REVOKED
  std::string entity_id;
  std::optional<Moc> moc;    // the MOC, for the four MOC kinds
  std::string revoked_user;  // ACCESS_REVOKED: the username whose share ended
  std::int64_t user_id = 0;
  std::string user_name;  // who made the change
  std::string timestamp;  // RFC 3339
  std::string trace_id;
};

// The topic event inside `v`, an event's payload (the requirements' shape), with `seq`.
Result<BoardEvent> decode_board_event(const rapidjson::Value& v, std::int64_t seq);

struct BoardEventPage {
  std::vector<BoardEvent> events;
  std::int64_t last_seq = 0;
};

// {topic, events: [{eventId, type, timestamp, seq, payload}], lastSeq}.
Result<BoardEventPage> decode_board_events(std::string_view json);

struct Share {
  std::string id;
  std::string owner;
  std::string grantee;
  BoardRole role = BoardRole::Viewer;
  std::string created_at;

  bool operator==(const Share&) const = default;
};

struct SharesBody {
  std::vector<Share> owned;     // my board, shared with them
  std::vector<Share> received;  // their boards, shared with me
};

Result<SharesBody> decode_shares(std::string_view json);
Result<Share> decode_share(std::string_view json);
std::string encode_share_request(std::string_view username, BoardRole role);

// The body of a board move: {"buildStatus": ..., "boardRank": ...}.
std::string encode_move(const BoardPlace& to);

}  // namespace dashboard::core::client
