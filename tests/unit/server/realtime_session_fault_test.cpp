// RealtimeSession under injected I/O faults: the happy path (handshake,
// CONNECT, one delivered event, close) is run with the server's stream
// failing at its 1st, 2nd, 3rd, ... operation until it completes with the
// fault never reached. Whatever step fails, the session must end cleanly:
// nothing thrown, no work left on the io_context, the session released and
// the connected-sockets gauge back where it started.
#include <gtest/gtest.h>

#include <boost/beast/_experimental/test/fail_count.hpp>
#include <memory>
#include <string>

#include "core/socketio/socketio.hpp"
#include "realtime_session_harness.hpp"

namespace dashboard::server::testing {
namespace {

namespace websocket = boost::beast::websocket;
using boost::beast::test::fail_count;

enum class Closer { kClient, kServer };

// Far more operations than the happy path performs.
constexpr std::size_t kMaxFaultPoint = 200;

// Runs the happy path; true when every step succeeded.
bool run_happy_path(SessionHarness& h, fail_count& faults, Closer closer, store::UserId user) {
  if (!h.open(&faults)) return false;
  const Received open = h.receive();
  if (open.ec || open.text.substr(0, 1) != "0") return false;
  if (h.send(SessionHarness::connect_frame(h.token_for(user, "alice")))) return false;
  const Received ack = h.receive();
  if (ack.ec || ack.text.substr(0, 13) != "40/dashboard,") return false;

  const auto frame = std::make_shared<const std::string>(
      core::sio::encode_event_frame("/dashboard", "dashboard:summaryUpdated", R"({"seq":1})"));
  if (auto session = h.session()) {
    session->deliver(frame);
  } else {
    return false;
  }
  const Received event = h.receive();
  if (event.ec || event.text != *frame) return false;

  if (closer == Closer::kClient) return h.close_from_client();
  if (auto session = h.session()) session->close_gracefully();
  const Received end = h.receive();
  return end.ec == websocket::error::closed && h.close_code() == websocket::close_code::going_away;
}

class RealtimeSessionFaults : public RealtimeSessionTest,
                              public ::testing::WithParamInterface<Closer> {};

TEST_P(RealtimeSessionFaults, EndsCleanlyWhicheverOperationFails) {
  std::shared_ptr<store::DashboardStore> store(std::shared_ptr<void>(), store_.get());
  std::size_t failed_runs = 0;
  std::size_t clean_in_a_row = 0;
  std::size_t n = 1;
  // The last faults (the server's teardown after the close frames) are
  // invisible to the client, so "never reached" is two clean runs in a row.
  for (; n <= kMaxFaultPoint && clean_in_a_row < 2; ++n) {
    SCOPED_TRACE("fault at server operation " + std::to_string(n));
    fail_count faults(n);
    bool completed = false;
    {
      SessionHarness h(store);
      EXPECT_NO_THROW(completed = run_happy_path(h, faults, GetParam(), alice_));
      // A failed step ends the session by itself: a peer that keeps its end
      // open must not keep a finished session (and its socket) alive.
      EXPECT_TRUE(h.session_released());
      EXPECT_EQ(h.connected_sockets(), 0);
      EXPECT_EQ(h.state().size(), 0u);
      EXPECT_NO_THROW(h.drop_client());
      EXPECT_TRUE(h.out_of_work());
      if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << "session log:\n" << h.log_text();
        return;
      }
    }
    clean_in_a_row = completed ? clean_in_a_row + 1 : 0;
    if (!completed) ++failed_runs;
  }
  EXPECT_EQ(clean_in_a_row, 2u) << "the happy path never completed";
  EXPECT_GE(failed_runs, 5u) << "too few fault points: is the fail count wired up?";
  RecordProperty("fault_points", static_cast<int>(n - 1));
}

INSTANTIATE_TEST_SUITE_P(RealtimeSessionTest, RealtimeSessionFaults,
                         ::testing::Values(Closer::kClient, Closer::kServer),
                         [](const ::testing::TestParamInfo<Closer>& param) {
                           return param.param == Closer::kClient ? "ClientCloses" : "ServerCloses";
                         });

}  // namespace
}  // namespace dashboard::server::testing
