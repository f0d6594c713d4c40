// live_client: keeps the dashboard current. It loads the snapshot, holds
// the socket.io connection, feeds events through the sync engine and runs
// the connection machine's timers (backoff, degraded-mode polling), all
// through the Transport seam, so the same logic drives the browser and the
// native client and is tested against a scripted transport.
//
//   LiveClient live(transport, LiveConfig{}, random);
//   live.start(saved_token, saved_username, now);        // empty: the sign-in prompt shows
//   // every frame, and from a timer while the page is hidden:
//   live.update(now);
//   app.set_live(live.state(now));         // what the UI draws
//   // on pagehide / exit:
//   live.stop();
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/transport.hpp"
#include "core/client/connection_machine.hpp"
#include "core/client/socketio_client.hpp"
#include "core/client/sync_engine.hpp"
#include "core/client/topic_subscriptions.hpp"
#include "core/connection_status.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

struct LiveConfig {
  core::client::ConnectionConfig connection;
  std::string socket_path = "/socket.io/?EIO=4&transport=websocket";
  // The round-trip probe (an acknowledged dashboard:ping) doubles as the
  // client's heartbeat: Engine.IO's own (the server's ping every 30 s, dead
  // after 10 s without a pong) notices a link that drops packets without a
  // reset only after 40 s. A probe goes every rtt_probe_interval_ms; left
  // unanswered for probe_checking_after_ms the indicator turns amber
  // ("Checking connection..."), for probe_timeout_ms the socket is replaced
  // and the stream resumes from the last seq. So no green "Live" shows over
  // a link silent for longer than interval + checking_after.
  std::int64_t rtt_probe_interval_ms = 10000;
  std::int64_t probe_checking_after_ms = 3000;
  std::int64_t probe_timeout_ms = 10000;
  // Probes go out from update(), or (false) only from send_due_probe(): the
  // web page calls it from a task of its own right after a frame, so the
  // pong arrives while the page is idle and the round trip shown is the
  // socket's, not the socket's plus the rest of the frame it was sent in.
  bool probe_in_update = true;
};

// Where the snapshot stands.
enum class SnapshotState { Loading, Loaded, Failed };

// A short message in the corner: "Reconnected", a dashboard:error, an edit
// that failed (with Retry) or a deletion (with Undo).
struct Toast {
  enum class Kind { Info, Error } kind = Kind::Info;
  std::string title;
  std::string detail;      // e.g. "Error code: QUOTA_EXCEEDED"
  std::string action;      // a button's label ("Retry", "Undo"); empty: none
  std::string action_key;  // handed back when the button is clicked
  std::int64_t duration_ms = 5000;
};

// Everything about the live link the header, banner and tooltip show.
struct LinkState {
  core::ConnectionStatus status = core::ConnectionStatus::Offline;
  int attempt = 0;                          // reconnect attempt number, when reconnecting
  std::optional<std::int64_t> retry_in_ms;  // countdown to the next attempt
  std::optional<std::int64_t> rtt_ms;       // last round trip, when live
  std::string error;                        // why the link is down, when it is
  bool degraded = false;                    // polling instead of streaming
  std::int64_t poll_interval_ms = 0;        // for the banner's wording
};

class LiveClient {
 public:
  LiveClient(Transport& transport, LiveConfig config, std::function<double()> random);

  // Loads the snapshot and connects with `token` (saved with `username`);
  // with no token the client waits for sign_in().
  void start(std::string token, std::string username, core::UnixMillis now);

  // POST /api/auth/login; on success the token is kept, handed to
  // on_token, and loading/connecting resume.
  void sign_in(const std::string& username, const std::string& password, core::UnixMillis now);

  // Ends the session on the server (POST /api/auth/logout; with
  // `everywhere`, /api/auth/logout-all: every browser of the user goes back
  // to sign-in), forgets the token and the data; the sign-in prompt shows.
  void sign_out(core::UnixMillis now, bool everywhere = false);

  // A sign-in answered some other way ({token, expiresAt, user} from
  // sign-up or a password change): kept as sign-in's would be; the snapshot
  // loads and the socket (re)connects with it. False when the body is not one.
  bool begin_session(std::string_view login_json, core::UnixMillis now);

  // The Retry buttons: reload a failed snapshot and connect now.
  void retry(core::UnixMillis now);

  // Runs what is due: connection timers, heartbeat, sync requests.
  void update(core::UnixMillis now);

  // Sends the round-trip probe when one is due and the socket is open.
  void send_due_probe(core::UnixMillis now);

  // True while a probe sent less than `quiet_ms` ago awaits its ack. The
  // web page draws no frame then, so the ack is read when it arrives, not
  // after a frame: once per probe interval a frame waits the round trip
  // (never more than quiet_ms, however slow the link).
  bool probe_in_flight(core::UnixMillis now, std::int64_t quiet_ms) const;

  // Says goodbye and closes the socket (pagehide, exit); no reconnects after.
  void stop(core::UnixMillis now);

  // [SECTION] What the UI reads
  const core::DashboardView* view() const;
  SnapshotState snapshot_state() const { return snapshot_state_; }
  const std::string& snapshot_error() const { return snapshot_error_; }
  LinkState link(core::UnixMillis now) const;
  bool needs_sign_in() const { return token_.empty() || auth_failed_; }
  bool signing_in() const { return signing_in_; }
  const std::string& sign_in_error() const { return sign_in_error_; }
  const std::string& username() const { return username_; }

  // Slices changed since the last call (the cards flash them).
  core::client::SliceMask take_changed();
  std::vector<Toast> take_toasts();

  // The stream as the collection pages follow it (SyncEngine::take_steps,
  // take_adopted_snapshot).
  std::vector<core::client::StreamStep> take_steps() { return sync_.take_steps(); }
  std::optional<std::int64_t> take_adopted_snapshot() { return sync_.take_adopted_snapshot(); }
  // The messaging events, for the messaging pages (SyncEngine::take_messaging).
  core::client::MessagingSteps take_messaging() { return sync_.take_messaging(); }

  // The signed-in user's token, for the collection pages' requests.
  const std::string& token() const { return token_; }
  // Bumps on every sign-in and sign-out: requests made under another
  // generation answer for a session that is gone.
  std::uint64_t generation() const { return generation_; }
  // A request with the token was answered 401: the session is over; the
  // sign-in form shows and nothing more goes out until it is used.
  void auth_expired(core::UnixMillis now);

  // [SECTION] Topic subscriptions (board:<user>, moc:<id>)
  // Subscribes on the socket (now, or once it is connected), resubscribes
  // with the last seq after every reconnect, polls REST while it is down;
  // see core/client/topic_subscriptions.hpp for the callback's updates.
  void subscribe_topic(const std::string& topic, core::client::TopicOptions options,
                       core::client::TopicCallback callback, core::UnixMillis now);
  void unsubscribe_topic(const std::string& topic, core::UnixMillis now);
  // After a ResyncRequired update and a refetch: resume after `seq`.
  void resume_topic(const std::string& topic, std::int64_t seq, core::UnixMillis now);
  // State, last seq and presence of each subscription.
  const core::client::TopicSubscriptions& topics() const { return topics_; }

  // [SECTION] Other socket events (system status)
  // Emits `event` with one JSON argument and an ack id when the socket is
  // connected (false otherwise: nothing sent); `on_ack` gets the ack's
  // argument array, or is dropped with the socket (a new one must ask again).
  bool emit(std::string_view event, std::string_view arg_json,
            std::function<void(std::string_view args_json)> on_ack = {});
  // Bumps every time the socket joins the namespace: a subscription made on
  // another value must be made again.
  std::uint64_t connections() const { return connections_; }
  // The status events (core::client::is_status_event_name) as they arrive.
  std::function<void(const core::client::ServerEvent& event)> on_status_event;

  // When update() next has timed work, so an idle page can sleep till then.
  std::optional<core::UnixMillis> next_deadline() const;

  // Hooks for the platform: persist the token; log a line (skipped events,
  // failures) to the console.
  std::function<void(const std::string& token, const std::string& username)> on_token;
  std::function<void(std::string_view line)> log;

  // The time, read when the transport calls back between update() calls (a
  // frame, an open, a close, a response). Without it callbacks use the time
  // of the latest call, which is stale while a hidden page ticks once a
  // second (once a minute when Chromium throttles it): a ping would count as
  // heard at the previous tick and the heartbeat could close a healthy socket.
  std::function<core::UnixMillis()> clock;

 private:
  void load_snapshot(core::UnixMillis now);
  void perform_connection_actions(core::UnixMillis now);
  void perform_sync_requests();
  void request_failed(const std::string& error);
  void open_socket(core::UnixMillis now);
  void on_socket_open();
  void on_socket_message(std::string_view frame);
  void on_socket_closed(std::string reason);
  void note(std::string_view line) const;
  void socket_down();
  void perform_topic_requests();
  void catch_up_clock();
  void begin_catch_up();
  void finish_catch_up();
  std::string auth_json() const;
  // Takes {token, expiresAt, user} from sign-in or refresh; false when the
  // body is not one.
  bool take_login(std::string_view body);
  // POST /api/auth/refresh (the HttpOnly cookie goes along): a fresh access
  // token before this one expires, so the socket and requests never meet
  // an expired one. `refused`: the server just refused the token (401,
  // AUTH_FAILED); a failed refresh then shows the sign-in form.
  void refresh_session(bool refused);
  void refresh_failed(bool refused, int status);

  Transport& transport_;
  LiveConfig config_;
  core::client::SyncEngine sync_;
  core::client::ConnectionMachine machine_;
  core::client::SocketioClient socket_;
  core::client::TopicSubscriptions topics_;
  std::map<std::uint64_t, std::uint64_t> topic_acks_;  // socket ack id -> subscription ticket
  std::map<std::uint64_t, std::function<void(std::string_view)>> emit_acks_;  // emit()'s
  std::uint64_t connections_ = 0;
  std::string token_;
  std::string username_;
  bool auth_failed_ = false;
  // When the access token is renewed: two thirds into its lifetime. 0: its
  // expiry is unknown (a saved token), renewed only once the server refuses it.
  core::UnixMillis refresh_at_ = 0;
  bool refreshing_ = false;
  bool refresh_after_refusal_ = false;  // a refusal waits on the refresh in flight
  bool signing_in_ = false;
  std::string sign_in_error_;
  SnapshotState snapshot_state_ = SnapshotState::Loading;
  std::string snapshot_error_;
  bool sync_request_in_flight_ = false;
  core::UnixMillis next_request_at_ = 0;  // a failed request waits until then
  std::int64_t request_backoff_ms_ = 0;
  bool socket_open_ = false;
  bool stopped_ = false;
  core::UnixMillis now_ = 0;  // the latest call's or callback's time (catch_up_clock)
  std::vector<Toast> toasts_;
  // After a reconnect: the seq the view had, and the server's last seq as
  // GET /api/events answered it right after CONNECT (nullopt until then; 0
  // when it could not say). Once the view reaches it and nothing is being
  // repaired, the "Reconnected" toast says how many updates were caught up.
  std::optional<std::int64_t> catching_up_from_;
  std::optional<std::int64_t> catch_up_target_;
  // Guards callbacks that outlive a sign-out or stop: each generation's
  // requests carry the number they were sent under.
  std::uint64_t generation_ = 0;
};

}  // namespace dashboard::app
