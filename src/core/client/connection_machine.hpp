// connection_machine: when the dashboard client connects, retries, gives up,
// falls back to polling, and what it tells the person about it. Pure and
// deterministic: time comes in as `now` on every call and randomness through
// the backoff's random source; the machine never sleeps and does no I/O. Its
// owner reports what the socket did, calls tick() every frame (or when
// next_deadline() passes), and performs the actions the machine emits.
//
//   Offline --start--> Connecting --connected--> Live --lost--> Reconnecting
//   Connecting --lost, or no CONNECT within 20 s--> Reconnecting: wait the
//     backoff delay (1 s .. 30 s, +/- 50 %), then Connect again
//   N consecutive failed attempts --> degraded (status Disconnected): poll the
//     snapshot every poll interval, keep trying every 30 s; a connect ends it
//   CONNECT_ERROR AUTH_FAILED --> Disconnected, auth_required(): no retries
//     until on_new_token()
//
//   ConnectionMachine machine(ConnectionConfig{}, [&] { return uniform01(rng); });
//   machine.start(now);                                 // emits Connect
//   // socket.io CONNECT acknowledged:                  machine.on_connected(now);
//   // transport closed, or CONNECT_ERROR other than AUTH_FAILED:
//   //                                                  machine.on_lost(now, "ping timeout");
//   // CONNECT_ERROR {"message":"AUTH_FAILED"}:         machine.on_auth_failed(now);
//   machine.tick(now);
//   for (ConnectionAction action : machine.take_actions()) {
//     switch (action) {
//       case ConnectionAction::Connect: transport.open(token); break;
//       case ConnectionAction::Close: transport.close(); break;
//       case ConnectionAction::PollSnapshot: fetch("/api/dashboard"); break;
//     }
//   }
//   indicator(machine.status(), machine.attempt(), machine.ms_until_retry(now),
//             machine.last_error());
//   if (machine.degraded()) banner(degraded_banner_text(machine.poll_interval_ms()));
//   if (machine.take_reconnected()) toast("Reconnected");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/client/backoff.hpp"
#include "core/connection_status.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

// Allowed range of ConnectionConfig::degraded_after_failures.
inline constexpr int kMinDegradedAfterFailures = 5;
inline constexpr int kMaxDegradedAfterFailures = 10;
// Allowed range of ConnectionConfig::poll_interval_ms.
inline constexpr std::int64_t kMinPollIntervalMs = 30000;
inline constexpr std::int64_t kMaxPollIntervalMs = 60000;

struct ConnectionConfig {
  BackoffPolicy backoff;
  // An attempt without a socket.io CONNECT by then is closed and counts as failed.
  std::int64_t connect_timeout_ms = 20000;
  // Consecutive failed attempts before degraded mode; 5 to 10.
  int degraded_after_failures = 8;
  // How often GET /api/dashboard is polled while degraded; 30 s to 60 s.
  std::int64_t poll_interval_ms = 30000;

  bool operator==(const ConnectionConfig&) const = default;
};

// The config with every field brought into range: the backoff through
// clamp_policy, connect_timeout_ms >= 1, degraded_after_failures into
// [5, 10], poll_interval_ms into [30 s, 60 s].
ConnectionConfig clamp_config(ConnectionConfig config);

// What the owner must do; emitted in order, collected by take_actions().
enum class ConnectionAction {
  Connect,       // open a transport and send socket.io CONNECT with the current token
  Close,         // close the current transport (attempt timed out, AUTH_FAILED, stop())
  PollSnapshot,  // fetch GET /api/dashboard once (degraded mode)
};

// The degraded-mode banner, e.g. "Live updates paused, refreshing every 30 s".
std::string degraded_banner_text(std::int64_t poll_interval_ms);

class ConnectionMachine {
 public:
  // `config` is clamped (clamp_config); `random` feeds the backoff jitter.
  ConnectionMachine(ConnectionConfig config, RandomSource random);

  // [SECTION] Events from the owner. Each is ignored when it makes no sense
  // in the current state (a late report from a transport already closed).

  // Offline -> Connecting: emits Connect. Ignored unless Offline.
  void start(UnixMillis now);
  // The socket.io CONNECT succeeded: Live. Ends degraded mode, resets the
  // backoff, and arms the "Reconnected" toast if it was Live before.
  void on_connected(UnixMillis now);
  // The transport closed or failed, while connecting or Live. `reason` shows
  // in the tooltip. Schedules the next attempt after the backoff delay (the
  // backoff cap while degraded).
  void on_lost(UnixMillis now, std::string reason);
  // CONNECT_ERROR with message AUTH_FAILED: emits Close, goes Disconnected
  // with auth_required() and schedules nothing.
  void on_auth_failed(UnixMillis now);
  // A new token after sign-in: connecting starts afresh (emits Connect).
  // Ignored unless auth_required(); other states use the token on their
  // next Connect.
  void on_new_token(UnixMillis now);
  // The Retry button: connect now instead of when the countdown ends. The
  // backoff schedule and failure count carry on. Ignored unless can_retry().
  void retry_now(UnixMillis now);
  // Stop for good (app exit): emits Close if a transport may be open, then
  // Offline with no timers. start() begins again.
  void stop(UnixMillis now);
  // Runs the timers due at `now`: connect timeout (emits Close, counts a
  // failure), retry due (emits Connect), poll due (emits PollSnapshot).
  void tick(UnixMillis now);

  // [SECTION] Output.

  // The actions emitted since the last call, oldest first.
  std::vector<ConnectionAction> take_actions();
  // When tick() next has work to do, so the owner may sleep until then;
  // nullopt when only an outside event can change anything.
  std::optional<UnixMillis> next_deadline() const;

  // [SECTION] What the UI shows.

  // For the header indicator: Offline before start() and after stop();
  // Connecting for the first attempt after start() or a new token; Live;
  // Reconnecting while retrying; Disconnected while degraded or when
  // AUTH_FAILED.
  ConnectionStatus status() const;
  // The 1-based number of the attempt in flight, or of the next one while
  // waiting; 0 when Live, Offline or auth_required().
  int attempt() const;
  // Failed attempts in a row since the last successful connect.
  int consecutive_failures() const { return failures_; }
  // The countdown to the next attempt while waiting for it; nullopt when
  // no attempt is scheduled (connecting, Live, Offline, auth_required()).
  std::optional<std::int64_t> ms_until_retry(UnixMillis now) const;
  // Whether the Retry button does anything: an attempt is scheduled.
  bool can_retry() const { return phase_ == Phase::Waiting; }
  // Degraded mode: live updates paused, the snapshot is polled. Shows the banner.
  bool degraded() const { return degraded_; }
  // The degraded-mode polling interval, for wording the banner.
  std::int64_t poll_interval_ms() const { return config_.poll_interval_ms; }
  // Why the connection is not Live, for the tooltip; empty when Live.
  const std::string& last_error() const { return last_error_; }
  // AUTH_FAILED was received: show the sign-in prompt; on_new_token() resumes.
  bool auth_required() const { return phase_ == Phase::AuthRequired; }
  // True once after a connect that followed an earlier Live period; the
  // UI shows the "Reconnected" toast when it reads true.
  bool take_reconnected();

  // The config in effect, after clamping.
  const ConnectionConfig& config() const { return config_; }

 private:
  enum class Phase { Idle, Connecting, Live, Waiting, AuthRequired };

  void begin_attempt(UnixMillis now);
  void fail_attempt(UnixMillis now, std::string reason);
  void schedule_retry(UnixMillis now);
  void enter_degraded(UnixMillis now);
  void start_fresh(UnixMillis now);
  // Back to a clean slate after a connect, a new token or stop(): no failure
  // streak, no degraded mode, no error to show, the backoff from its minimum.
  // stop() resets the backoff too; start() would reset it anyway.
  void forget_failures();

  ConnectionConfig config_;
  Backoff backoff_;
  Phase phase_ = Phase::Idle;
  bool recovering_ = false;  // a failure or loss happened since the last fresh start
  bool degraded_ = false;
  bool was_live_ = false;            // has been Live at least once
  bool reconnected_ = false;         // the one-shot toast flag
  int attempts_started_ = 0;         // since the last connect or fresh start
  int failures_ = 0;                 // consecutive failed attempts
  UnixMillis attempt_deadline_ = 0;  // Connecting: connect timeout
  UnixMillis retry_at_ = 0;          // Waiting: next attempt
  UnixMillis next_poll_at_ = 0;      // degraded: next PollSnapshot
  std::string last_error_;
  std::vector<ConnectionAction> actions_;
};

}  // namespace dashboard::core::client
