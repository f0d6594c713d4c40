// board_client: the board and share pages' data. It reads a board (GET
// /api/board/{user}), follows its board:<owner> topic, sends the move
// queue's moves (PATCH /api/mocs/{id} with If-Match and {buildStatus,
// boardRank}) and turns refusals into rollbacks with a toast that says why
// ("bob moved it to Built"); a move made while offline is taken back at
// once and says so. It also lists, adds and removes the signed-in user's
// shares.
//
// Once the board is read it subscribes to board:<owner> on the socket
// (LiveClient::subscribe_topic, from the board's seq): events, presence
// (who has the board open) and the end of a share ("Access removed") come
// in through on_topic_event / on_unsubscribed / set_present. While that
// subscription is not live (the socket is down, the subscribe has not been
// answered) the client reads the topic's REST stream (GET
// /api/topics/board:<owner>/events?since=SEQ) every `poll_interval_ms`,
// and at once when the user's own dashboard stream says one of their MOCs
// changed.
//
//   BoardClient board(transport, live);
//   // every frame, after live.update(now):
//   board.update(now);
//   board.want_board("");                 // the signed-in user's own board
//   BoardColumns cols = board.columns();  // confirmed + pending moves
//   board.move("m1", {BuildStatus::Built, rank});
//   for (Toast& t : board.take_toasts()) show(t);
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/idempotency_keys.hpp"
#include "app/live_client.hpp"
#include "app/session_requests.hpp"
#include "app/transport.hpp"
#include "core/client/board.hpp"
#include "core/client/board_codec.hpp"
#include "core/client/board_moves.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

enum class BoardStatus {
  Idle,           // no board asked for
  Loading,        // nothing to show yet
  Shown,          // columns() has it
  Forbidden,      // not shared with this user
  AccessRemoved,  // it was shown, then the share ended
  NotFound,       // no such user
  Failed,         // could not be read; error() says why
};

// One line of the board's recent activity.
struct RecentMove {
  std::string actor;  // "bob" ("you" for the signed-in user)
  std::string title;
  core::BuildStatus to = core::BuildStatus::Added;
  core::UnixMillis at = 0;
};

struct ShareForm {
  bool busy = false;
  std::string error;  // next to the username field
};

// How long a rolled-back move's (or a refused share change's) toast stays up.
inline constexpr std::int64_t kRollbackToastMs = 8000;

struct BoardClientConfig {
  // REST polling of the topic while the socket does not carry it.
  std::int64_t poll_interval_ms = 1000;
};

class BoardClient {
 public:
  BoardClient(Transport& transport, LiveClient& live, BoardClientConfig config = {});
  ~BoardClient();
  BoardClient(const BoardClient&) = delete;
  BoardClient& operator=(const BoardClient&) = delete;

  // Sends due moves, polls the topic, follows the session. Every frame.
  void update(core::UnixMillis now);

  // [SECTION] The board
  // The board of `owner` ("" or the signed-in user's name: their own);
  // call each frame the board page is drawn.
  void want_board(std::string_view owner);
  // The board page is gone: stop polling.
  void leave_board();
  BoardStatus status() const { return status_; }
  const std::string& error() const { return error_; }
  const core::client::Board& board() const { return board_; }
  const std::string& owner() const { return owner_; }
  bool can_move() const { return core::client::can_move(board_.role()) && !access_removed_; }
  // The columns as drawn: the confirmed board with this tab's pending moves.
  const core::client::BoardColumns& columns();
  bool moving(std::string_view id) const { return moves_.pending(id); }
  const core::client::MoveQueue& moves() const { return moves_; }
  // Newest first, at most a few.
  const std::deque<RecentMove>& recent_moves() const { return recent_; }
  // Who has the board open now (from the topic's presence; empty without it).
  const std::vector<std::string>& present() const { return present_; }
  void retry();

  // Moves card `id` to `to` now; sent, then confirmed or rolled back.
  void move(std::string_view id, core::client::BoardPlace to);

  // [SECTION] The topic (the socket's subscription, or the REST poller)
  void on_topic_event(const core::client::BoardEvent& event);
  // The server ended the subscription (`reason`: "ACCESS_REVOKED", ...).
  void on_unsubscribed(std::string_view reason);
  void set_present(std::vector<std::string> users) { present_ = std::move(users); }
  // The topic name of the board shown ("board:alice"); empty when none.
  std::string topic() const;

  // [SECTION] Shares
  void want_shares();
  bool shares_loaded() const { return shares_loaded_; }
  const std::string& shares_error() const { return shares_error_; }
  const std::vector<core::client::Share>& owned_shares() const { return shares_.owned; }
  const std::vector<core::client::Share>& received_shares() const { return shares_.received; }
  void add_share(std::string username, core::client::BoardRole role);
  void remove_share(std::string_view id);
  const ShareForm& share_form() const { return share_form_; }
  void clear_share_error() { share_form_.error.clear(); }
  // True once after a share was added (the form clears its field).
  bool take_share_added() { return std::exchange(share_added_, false); }

  std::vector<Toast> take_toasts() { return std::exchange(toasts_, {}); }
  // True once after the topic brought a card change this tab did not make
  // (another user, or this user in another tab or device): the "Data
  // updated" pill.
  bool take_elsewhere() { return std::exchange(elsewhere_, false); }
  // When update() next has timed work.
  std::optional<core::UnixMillis> next_deadline() const;

 private:
  void reset();
  void load_board();
  void subscribe();
  void unsubscribe();
  void on_topic_update(const core::client::TopicUpdate& update);
  bool topic_live() const;
  void poll_topic();
  void pump();
  void send_move(const core::client::Move& move);
  void on_move_answer(const core::client::Move& move, const HttpResponse& response);
  void roll_back(const core::client::Move& move, core::client::RollbackCause cause);
  void toast_rollback(const core::client::Move& move, core::client::RollbackCause cause);
  void note_move(const core::Moc& after, const std::string& actor, core::UnixMillis at);
  void load_shares();
  bool can_send() const;
  bool online() const;
  void request(HttpRequest req, std::function<void(const HttpResponse&)> done);

  LiveClient& live_;
  // Answers of a board left or a session ended are dropped there.
  SessionRequests requests_;
  IdempotencyKeys keys_;
  BoardClientConfig config_;
  core::UnixMillis now_ = 0;

  std::string owner_;  // the board asked for (resolved: never empty while wanted)
  bool wanted_ = false;
  BoardStatus status_ = BoardStatus::Idle;
  std::string error_;
  bool board_in_flight_ = false;
  bool access_removed_ = false;
  core::client::Board board_;
  core::client::MoveQueue moves_;
  core::client::BoardColumns columns_;
  std::uint64_t columns_board_rev_ = ~0ULL;
  std::uint64_t columns_moves_rev_ = ~0ULL;
  std::string subscribed_;  // the topic subscribed on the socket; empty: none
  bool poll_in_flight_ = false;
  bool poll_again_ = false;  // asked for while one was in flight
  core::UnixMillis next_poll_at_ = 0;
  std::int64_t seen_view_version_ = 0;  // the owner's dashboard stream, last seen
  // Who last changed each card, and the version they made: a 409's toast
  // names them.
  std::map<std::string, std::pair<std::string, std::int64_t>, std::less<>> last_actor_;
  // 409s waiting for the topic to say who moved the card.
  std::vector<core::client::Move> conflicts_;
  std::deque<RecentMove> recent_;
  std::vector<std::string> present_;
  // The version each card's last move from this tab produced (its answer):
  // the topic's echo of it is no news here.
  std::map<std::string, std::int64_t, std::less<>> own_versions_;
  bool elsewhere_ = false;

  core::client::SharesBody shares_;
  bool want_shares_ = false;
  bool shares_loaded_ = false;
  bool shares_in_flight_ = false;
  std::string shares_error_;
  ShareForm share_form_;
  bool share_added_ = false;
  // The share form's key, kept while the same share is asked for again
  // after a failure.
  std::string share_key_;
  std::string share_body_;

  std::vector<Toast> toasts_;
  std::uint64_t live_generation_ = 0;
  std::shared_ptr<std::uint64_t> session_;
};

}  // namespace dashboard::app
