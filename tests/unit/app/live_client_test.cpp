#include "app/live_client.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/scripted_transport.hpp"  // tests/unit/app
#include "core/fixtures.hpp"
#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"

namespace dashboard::app {
namespace {

using core::ConnectionStatus;
using testing::ScriptedTransport;

constexpr core::UnixMillis kStart = 1'800'000'000'000;

std::string snapshot_json(std::int64_t version = 42, std::int64_t total = 3) {
  core::DashboardView view = core::testing::sample_view();
  view.version = version;
  view.summary.total_mocs = total;
  return core::encode_dashboard_view(view);
}

core::DashboardEvent summary_event(std::int64_t seq, std::int64_t total) {
  core::DashboardSummary summary = core::testing::sample_view().summary;
  summary.total_mocs = total;
  core::DashboardEvent event = core::testing::sample_event(summary);
  event.seq = seq;
  return event;
}

std::string frame_of(const core::DashboardEvent& event) {
  return core::sio::encode_event_frame("/dashboard", core::to_string(event.type()),
                                       core::encode_event(event));
}

std::string page_of(const std::vector<core::DashboardEvent>& events, std::int64_t last_seq) {
  std::string body = R"({"events":[)";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) body += ',';
    body += core::encode_event(events[i]);
  }
  return body + R"(],"lastSeq":)" + std::to_string(last_seq) + "}";
}

class LiveClientTest : public ::testing::Test {
 protected:
  LiveClientTest() : live(transport, LiveConfig{}, [] { return 0.5; }) {}

  // Started with a token, snapshot answered, socket connected and live.
  void go_live() {
    live.start("tok", "alice", kStart);
    ASSERT_EQ(transport.answer(200, snapshot_json()), "/api/dashboard");
    transport.server_accepts();
    transport.frame(R"(40/dashboard,{"sid":"x"})");
    ASSERT_EQ(live.link(kStart).status, ConnectionStatus::Live);
  }

  ScriptedTransport transport;
  LiveClient live;
};

TEST_F(LiveClientTest, LoadsTheSnapshotAndConnectsWithTheToken) {
  live.start("tok", "alice", kStart);
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.pending.front().request.path, "/api/dashboard");
  EXPECT_EQ(transport.pending.front().request.token, "tok");
  EXPECT_EQ(transport.opened_paths.size(), 1u);
  EXPECT_EQ(live.snapshot_state(), SnapshotState::Loading);
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Connecting);

  transport.answer(200, snapshot_json());
  ASSERT_NE(live.view(), nullptr);
  EXPECT_EQ(live.view()->summary.total_mocs, 3);
  transport.server_accepts();
  ASSERT_FALSE(transport.sent.empty());
  EXPECT_EQ(transport.sent.back(), R"(40/dashboard,{"token":"tok","lastSeq":42})");
  transport.frame(R"(40/dashboard,{"sid":"x"})");
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Live);
}

TEST_F(LiveClientTest, AppliesLiveEventsAndReportsTheChangedSlice) {
  go_live();
  live.take_changed();
  transport.frame(frame_of(summary_event(43, 4)));
  EXPECT_EQ(live.view()->summary.total_mocs, 4);
  EXPECT_EQ(live.view()->version, 43);
  EXPECT_EQ(live.take_changed(), core::client::kSummary);
}

TEST_F(LiveClientTest, RepairsAGapFromTheEventsEndpoint) {
  go_live();
  transport.frame(frame_of(summary_event(45, 6)));  // 43 and 44 are missing
  EXPECT_EQ(live.view()->summary.total_mocs, 3);
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.pending.front().request.path.rfind("/api/events?since=42", 0), 0u);
  transport.answer(200, page_of({summary_event(43, 4), summary_event(44, 5)}, 45));
  EXPECT_EQ(live.view()->summary.total_mocs, 6);
  EXPECT_EQ(live.view()->version, 45);
}

TEST_F(LiveClientTest, FallsBackToASnapshotWhenTheEventsAreGone) {
  go_live();
  transport.frame(frame_of(summary_event(50, 9)));
  transport.answer(410, R"({"error":{"code":"GONE","message":"too old"}})");
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.answer(200, snapshot_json(50, 9)), "/api/dashboard");
  EXPECT_EQ(live.view()->version, 50);
  EXPECT_EQ(live.view()->summary.total_mocs, 9);
}

TEST_F(LiveClientTest, SkipsAnInvalidEventAndStaysConnected) {
  go_live();
  transport.frame(
      R"(42/dashboard,["dashboard:summaryUpdated",{"eventId":"x","type":"dashboard:summaryUpdated","timestamp":"2026-11-30T10:00:00Z","seq":43,"payload":{}}])");
  EXPECT_EQ(live.view()->version, 42);
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Live);
  EXPECT_EQ(transport.closes, 0);
}

TEST_F(LiveClientTest, ShowsADashboardErrorAsAToastWithItsCode) {
  go_live();
  core::DashboardEvent error = core::testing::sample_event(core::ErrorPayload{"QUOTA", "Too many"});
  transport.frame(frame_of(error));
  const std::vector<Toast> toasts = live.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].kind, Toast::Kind::Error);
  EXPECT_EQ(toasts[0].title, "Too many");
  EXPECT_EQ(toasts[0].detail, "Error code: QUOTA");
}

TEST_F(LiveClientTest, ReconnectsWithBackoffAndResumesFromTheLastSeq) {
  go_live();
  transport.frame(frame_of(summary_event(43, 4)));
  transport.server_drops();
  const LinkState down = live.link(kStart);
  EXPECT_EQ(down.status, ConnectionStatus::Reconnecting);
  ASSERT_TRUE(down.retry_in_ms);
  EXPECT_GE(*down.retry_in_ms, 500);
  EXPECT_LE(*down.retry_in_ms, 1500);

  live.update(kStart + *down.retry_in_ms - 1);
  EXPECT_EQ(transport.opened_paths.size(), 1u);  // not yet
  live.update(kStart + *down.retry_in_ms);
  ASSERT_EQ(transport.opened_paths.size(), 2u);
  transport.server_accepts();
  EXPECT_EQ(transport.sent.back(), R"(40/dashboard,{"token":"tok","lastSeq":43})");
  transport.frame(R"(40/dashboard,{"sid":"y"})");
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Live);
  EXPECT_EQ(transport.sent.back(), R"(42/dashboard,2["dashboard:ping"])");  // the round trip
  // Where the stream stands, so the toast waits for the whole replay.
  EXPECT_TRUE(live.take_toasts().empty());
  EXPECT_EQ(transport.answer(200, page_of({}, 43)), "/api/events?since=43&limit=1");
  const std::vector<Toast> toasts = live.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title, "Reconnected");
  EXPECT_EQ(toasts[0].detail, "Nothing was missed");
}

TEST_F(LiveClientTest, TheReconnectedToastCountsTheUpdatesCaughtUp) {
  go_live();
  transport.server_drops();
  live.update(kStart + 60'000);
  transport.server_accepts();
  transport.frame(R"(40/dashboard,{"sid":"y"})");
  // The server stands at 47: the toast waits for all of it.
  transport.answer_first("GET /api/events?since=42&limit=1", 200, page_of({}, 47));
  // The replay, with a hole the events endpoint fills.
  transport.frame(frame_of(summary_event(43, 4)));
  transport.frame(frame_of(summary_event(46, 7)));
  EXPECT_TRUE(live.take_toasts().empty());  // still repairing
  transport.answer_first("GET /api/events?since=43", 200,
                         page_of({summary_event(44, 5), summary_event(45, 6)}, 46));
  EXPECT_TRUE(live.take_toasts().empty());  // 47 is still on its way
  transport.frame(frame_of(summary_event(47, 8)));
  const std::vector<Toast> toasts = live.take_toasts();
  ASSERT_EQ(toasts.size(), 1u);
  EXPECT_EQ(toasts[0].title, "Reconnected");
  EXPECT_EQ(toasts[0].detail, "Caught up on 5 updates");
  EXPECT_EQ(live.view()->version, 47);
}

// A link that drops packets without a reset: the probe goes unanswered.
// Amber after 3 s of it, a new socket after 10 s, resuming from the last
// seq; and never green over a link silent for more than interval + 5 s.
TEST_F(LiveClientTest, ASilentLinkTurnsAmberThenIsReplacedAndResumes) {
  go_live();
  transport.frame("43/dashboard,1[]");
  transport.frame(frame_of(summary_event(43, 4)));
  const core::UnixMillis last_answer = kStart;
  for (core::UnixMillis t = kStart; t <= kStart + 19'999; t += 250) {
    live.update(t);
    const LinkState link = live.link(t);
    if (link.status == ConnectionStatus::Live) {
      EXPECT_LE(t - last_answer, 10'000 + 5'000) << "green after " << t - last_answer << " ms";
    }
  }
  EXPECT_EQ(transport.closes, 0);
  EXPECT_EQ(live.link(kStart + 12'999).status, ConnectionStatus::Live);
  const LinkState checking = live.link(kStart + 13'000);
  EXPECT_EQ(checking.status, ConnectionStatus::Checking);
  EXPECT_EQ(checking.error, "No answer from the server for 3 s");
  live.update(kStart + 20'000);
  EXPECT_EQ(transport.closes, 1);
  const LinkState down = live.link(kStart + 20'000);
  EXPECT_EQ(down.status, ConnectionStatus::Reconnecting);
  EXPECT_EQ(down.error, "No answer from the server for 10 s");
  live.update(kStart + 20'000 + *down.retry_in_ms);
  ASSERT_EQ(transport.opened_paths.size(), 2u);
  transport.server_accepts();
  EXPECT_EQ(transport.sent.back(), R"(40/dashboard,{"token":"tok","lastSeq":43})");
}

TEST_F(LiveClientTest, AnAnswerInTimeKeepsTheLinkGreen) {
  go_live();
  live.update(kStart + 2'999);
  EXPECT_EQ(live.link(kStart + 2'999).status, ConnectionStatus::Live);
  transport.frame("43/dashboard,1[]");
  EXPECT_EQ(live.link(kStart + 9'000).status, ConnectionStatus::Live);
  EXPECT_EQ(transport.closes, 0);
}

// A hidden page calls update() only from a slow timer. A ping that arrives
// between two ticks is heard when it arrives, not at the previous tick, so
// a short heartbeat window does not close a healthy socket.
TEST_F(LiveClientTest, HearsAFrameWhenItArrivesBetweenUpdates) {
  core::UnixMillis now = kStart;
  live.clock = [&now] { return now; };
  live.start("tok", "alice", kStart);
  transport.answer(200, snapshot_json());
  if (transport.handlers.on_open) transport.handlers.on_open();
  transport.frame(
      R"(0{"sid":"s1","upgrades":[],"pingInterval":250,"pingTimeout":500,"maxPayload":1000000})");
  transport.frame(R"(40/dashboard,{"sid":"x"})");
  ASSERT_EQ(live.link(kStart).status, ConnectionStatus::Live);

  now = kStart + 900;  // no update() since the start: the page is hidden
  transport.frame("2");
  EXPECT_EQ(transport.sent.back(), "3");
  live.update(kStart + 1000);  // 100 ms after the ping, well inside 750 ms
  EXPECT_EQ(transport.closes, 0);
  EXPECT_EQ(live.link(kStart + 1000).status, ConnectionStatus::Live);
  live.update(kStart + 1651);  // 751 ms of silence since the ping
  EXPECT_EQ(transport.closes, 1);
}

// The web page sends its probes from a task of their own after each frame
// (probe_in_update false), and the round trip is read when the ack arrives,
// whatever the frames' times: the socket's round trip, not the frame's.
TEST(LiveClientProbes, SentOnlyWhenAskedAndTimedAtTheAck) {
  ScriptedTransport transport;
  LiveConfig config;
  config.probe_in_update = false;
  LiveClient live(transport, config, [] { return 0.5; });
  core::UnixMillis now = kStart;
  live.clock = [&now] { return now; };
  live.start("tok", "alice", kStart);
  transport.answer(200, snapshot_json());
  transport.server_accepts();
  transport.frame(R"(40/dashboard,{"sid":"x"})");
  EXPECT_EQ(transport.sent.back(), R"(42/dashboard,1["dashboard:ping"])");  // on connect, at once
  now = kStart + 4;
  transport.frame("43/dashboard,1[]");
  EXPECT_EQ(live.link(now).rtt_ms, 4);

  const std::size_t sent = transport.sent.size();
  live.update(kStart + 10'000);  // a probe is due, but frames do not send it
  EXPECT_EQ(transport.sent.size(), sent);
  EXPECT_FALSE(live.probe_in_flight(kStart + 10'001, 20));
  live.send_due_probe(kStart + 10'001);
  ASSERT_EQ(transport.sent.size(), sent + 1);
  EXPECT_TRUE(live.probe_in_flight(kStart + 10'002, 20));   // frames hold off
  EXPECT_FALSE(live.probe_in_flight(kStart + 10'021, 20));  // not for longer than 20 ms
  EXPECT_EQ(transport.sent.back(), R"(42/dashboard,2["dashboard:ping"])");
  live.send_due_probe(kStart + 10'002);  // one at a time
  EXPECT_EQ(transport.sent.size(), sent + 1);
  now = kStart + 10'003;  // the ack's arrival, however late the next frame
  transport.frame("43/dashboard,2[]");
  EXPECT_FALSE(live.probe_in_flight(kStart + 10'004, 20));  // answered: frames go on
  live.update(kStart + 10'040);
  EXPECT_EQ(live.link(kStart + 10'040).rtt_ms, 2);
}

TEST_F(LiveClientTest, AuthFailedStopsRetryingAndAsksToSignIn) {
  live.start("expired", "alice", kStart);
  transport.answer(200, snapshot_json());
  transport.server_accepts();
  transport.frame(R"(44/dashboard,{"message":"AUTH_FAILED"})");
  // The refresh cookie is tried first; the session is over too.
  EXPECT_EQ(transport.answer(401, R"({"error":{"code":"UNAUTHORIZED","message":"ended"}})"),
            "/api/auth/refresh");
  EXPECT_TRUE(live.needs_sign_in());
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Disconnected);
  live.update(kStart + 10 * 60'000);
  EXPECT_EQ(transport.opened_paths.size(), 1u);  // no retries

  std::string saved;
  live.on_token = [&saved](const std::string& token, const std::string&) { saved = token; };
  live.sign_in("alice", "alice-bricks", kStart + 1);
  ASSERT_EQ(transport.pending.front().request.path, "/api/auth/login");
  EXPECT_EQ(transport.pending.front().request.body,
            R"({"username":"alice","password":"alice-bricks"})");
  transport.answer(200, R"({"token":"fresh","user":{"id":1,"username":"alice"}})");
  EXPECT_EQ(saved, "fresh");
  EXPECT_FALSE(live.needs_sign_in());
  EXPECT_EQ(transport.opened_paths.size(), 2u);
  ASSERT_FALSE(transport.pending.empty());
  EXPECT_EQ(transport.pending.front().request.token, "fresh");
}

TEST_F(LiveClientTest, ASnapshotRefusedWithA401AsksToSignInAndStopsAsking) {
  live.start("expired", "alice", kStart);
  transport.answer(401, R"({"error":{"code":"UNAUTHORIZED","message":"token expired"}})");
  EXPECT_EQ(transport.answer(401, R"({"error":{"code":"UNAUTHORIZED","message":"no session"}})"),
            "/api/auth/refresh");
  EXPECT_TRUE(live.needs_sign_in());
  for (int i = 1; i <= 100; ++i) live.update(kStart + i * 100);
  EXPECT_TRUE(transport.pending.empty()) << transport.pending.front().request.path;
}

// The login/refresh body with a token that expires `ttl_ms` after `now`.
std::string login_json(const std::string& token, core::UnixMillis now, std::int64_t ttl_ms) {
  return R"({"token":")" + token + R"(","expiresAt":")" + core::format_rfc3339_utc(now + ttl_ms) +
         R"(","user":{"id":1,"username":"alice"}})";
}

TEST_F(LiveClientTest, RefreshesTwoThirdsIntoTheTokensLifeAndTheSocketStays) {
  std::vector<std::string> saved;
  live.on_token = [&saved](const std::string& token, const std::string&) {
    saved.push_back(token);
  };
  live.start("", "", kStart);
  live.sign_in("alice", "alice-bricks", kStart);
  transport.answer(200, login_json("t1", kStart, 900'000));
  ASSERT_EQ(transport.answer(200, snapshot_json()), "/api/dashboard");
  transport.server_accepts();
  transport.frame(R"(40/dashboard,{"sid":"x"})");
  live.update(kStart + 599'000);
  EXPECT_TRUE(transport.pending.empty());
  ASSERT_EQ(live.next_deadline().value_or(0), kStart + 600'000);
  live.update(kStart + 600'000);
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.pending.front().request.path, "/api/auth/refresh");
  EXPECT_EQ(transport.pending.front().request.method, "POST");
  EXPECT_EQ(transport.pending.front().request.token, "");  // the cookie is the credential
  // (No pings were scripted over these 10 fake minutes, so the heartbeat
  // has closed the socket by now; the refresh itself closes nothing.)
  const int closes = transport.closes;
  transport.answer(200, login_json("t2", kStart + 600'000, 900'000));
  EXPECT_EQ(saved, (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(live.token(), "t2");
  EXPECT_EQ(transport.closes, closes);
  // The next dial carries t2.
  live.update(kStart + 600'000 + 60'000);
  transport.server_accepts();
  EXPECT_EQ(transport.sent.back(), R"(40/dashboard,{"token":"t2","lastSeq":42})");
}

TEST_F(LiveClientTest, ARefusedTokenIsRefreshedAndTheClientGoesOn) {
  go_live();
  transport.server_drops();
  live.update(kStart + 60'000);
  transport.server_accepts();
  transport.frame(R"(44/dashboard,{"message":"AUTH_FAILED"})");
  EXPECT_FALSE(live.needs_sign_in());
  transport.answer(200, login_json("fresh", kStart + 60'000, 900'000));
  EXPECT_FALSE(live.needs_sign_in());
  live.update(kStart + 61'000);
  transport.server_accepts();
  EXPECT_EQ(transport.sent.back(), R"(40/dashboard,{"token":"fresh","lastSeq":42})");
}

TEST_F(LiveClientTest, AnEarlyRefreshWithoutASessionKeepsTheTokenUntilRefused) {
  live.start("", "", kStart);
  live.sign_in("alice", "alice-bricks", kStart);
  transport.answer(200, login_json("t1", kStart, 900'000));
  transport.answer(200, snapshot_json());
  live.update(kStart + 600'000);
  EXPECT_EQ(transport.answer(401, R"({"error":{"code":"UNAUTHORIZED","message":"no"}})"),
            "/api/auth/refresh");
  EXPECT_FALSE(live.needs_sign_in());
  live.update(kStart + 700'000);
  EXPECT_TRUE(transport.pending.empty());
}

TEST_F(LiveClientTest, SignOutEndsTheSessionOnTheServer) {
  go_live();
  live.sign_out(kStart, true);
  ASSERT_EQ(transport.pending.size(), 1u);
  EXPECT_EQ(transport.pending.front().request.path, "/api/auth/logout-all");
  EXPECT_EQ(transport.pending.front().request.token, "tok");
  EXPECT_TRUE(live.needs_sign_in());
}

TEST_F(LiveClientTest, AWrongPasswordShowsAnErrorAndKeepsTheForm) {
  live.start("", "", kStart);
  EXPECT_TRUE(live.needs_sign_in());
  EXPECT_TRUE(transport.pending.empty());
  live.sign_in("alice", "nope", kStart);
  transport.answer(401, R"({"error":{"code":"UNAUTHORIZED","message":"bad credentials"}})");
  EXPECT_TRUE(live.needs_sign_in());
  EXPECT_EQ(live.sign_in_error(), "Wrong username or password.");
}

TEST_F(LiveClientTest, AThrottledSignInSaysWhenToTryAgain) {
  live.start("", "", kStart);
  live.sign_in("alice", "nope", kStart);
  transport.answer(429, R"({"error":{"code":"TOO_MANY_ATTEMPTS",)"
                        R"("message":"too many failed sign-ins; try again in 60 seconds"}})");
  EXPECT_TRUE(live.needs_sign_in());
  EXPECT_EQ(live.sign_in_error(), "Too many failed sign-ins; try again in 60 seconds.");
}

TEST_F(LiveClientTest, AFailedSnapshotShowsTheErrorAndRetryLoadsIt) {
  live.start("tok", "alice", kStart);
  transport.answer(500, R"({"error":{"code":"INTERNAL_ERROR","message":"Something went wrong"}})");
  EXPECT_EQ(live.snapshot_state(), SnapshotState::Failed);
  EXPECT_EQ(live.snapshot_error(), "Something went wrong");
  live.retry(kStart + 1);
  EXPECT_EQ(transport.answer(200, snapshot_json()), "/api/dashboard");
  EXPECT_EQ(live.snapshot_state(), SnapshotState::Loaded);
}

TEST_F(LiveClientTest, StopSaysGoodbyeAndNeverReconnects) {
  go_live();
  live.stop(kStart);
  EXPECT_EQ(transport.sent.back(), "41/dashboard,");
  EXPECT_EQ(transport.closes, 1);
  live.update(kStart + 60'000);
  EXPECT_EQ(transport.opened_paths.size(), 1u);
}

TEST_F(LiveClientTest, EntersDegradedModeAndPollsAfterRepeatedFailures) {
  go_live();
  core::UnixMillis now = kStart;
  // The loss of the live socket, then attempts that fail: the 8th
  // consecutive failed attempt (the default) enters degraded mode.
  transport.server_drops();
  int failed_attempts = 0;
  while (!live.link(now).degraded && failed_attempts < 20) {
    now += *live.link(now).retry_in_ms;
    live.update(now);
    transport.server_drops();
    ++failed_attempts;
  }
  EXPECT_EQ(failed_attempts, 8);
  const LinkState link = live.link(now);
  EXPECT_TRUE(link.degraded);
  EXPECT_EQ(link.status, ConnectionStatus::Disconnected);
  // Entering degraded mode polls the snapshot at once.
  bool polled = false;
  for (const auto& p : transport.pending) polled |= p.request.path == "/api/dashboard";
  EXPECT_TRUE(polled);
}

TEST_F(LiveClientTest, SignOutForgetsTheDataAndTheToken) {
  go_live();
  std::string saved = "unset";
  live.on_token = [&saved](const std::string& token, const std::string&) { saved = token; };
  live.sign_out(kStart);
  EXPECT_EQ(saved, "");
  EXPECT_TRUE(live.needs_sign_in());
  EXPECT_EQ(live.view(), nullptr);
  EXPECT_EQ(live.link(kStart).status, ConnectionStatus::Offline);
}

}  // namespace
}  // namespace dashboard::app
