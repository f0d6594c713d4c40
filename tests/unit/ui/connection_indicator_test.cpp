// What the connection indicator says in each state (issue 6): green with the
// round trip, amber with the attempt and countdown, red with the error and
// a Retry button beside it.
#include "ui/connection_indicator.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "imgui_harness.hpp"

namespace dashboard::ui {
namespace {

using core::ConnectionStatus;

TEST(ConnectionIndicator, LiveShowsTheRoundTrip) {
  ConnectionDetails live;
  live.status = ConnectionStatus::Live;
  live.rtt_ms = 12;
  EXPECT_EQ(connection_label(live), "Live");
  EXPECT_EQ(connection_tooltip(live), "Real-time updates active\nRound trip: 12 ms");
}

TEST(ConnectionIndicator, CheckingSaysTheServerHasNotAnswered) {
  ConnectionDetails amber;
  amber.status = ConnectionStatus::Checking;
  amber.error = "No answer from the server for 4 s";
  EXPECT_EQ(connection_label(amber), "Checking connection...");
  EXPECT_EQ(connection_tooltip(amber),
            "The server has not answered for a few seconds; what you see may be out of date.\n"
            "No answer from the server for 4 s");
}

TEST(ConnectionIndicator, ReconnectingShowsAttemptCountdownAndError) {
  ConnectionDetails amber;
  amber.status = ConnectionStatus::Reconnecting;
  amber.attempt = 3;
  amber.retry_in_ms = 2100;
  amber.error = "The connection was lost";
  EXPECT_EQ(connection_label(amber), "Reconnecting in 3 s");
  EXPECT_EQ(connection_tooltip(amber),
            "Connection lost; retrying.\nAttempt 3, next in 3 s\nThe connection was lost");
}

TEST(ConnectionIndicator, DisconnectedShowsTheErrorAndARetryButton) {
  testing::ImGuiHarness h;
  ConnectionDetails red;
  red.status = ConnectionStatus::Disconnected;
  red.error = "The server stopped answering";
  EXPECT_EQ(connection_label(red), "Disconnected");
  EXPECT_EQ(connection_tooltip(red), "Live updates stopped.\nThe server stopped answering");
  std::vector<Semantic> chrome;
  h.frame([&] { return draw_connection_indicator(h.ctx(), ImVec2(10, 10), 28, red, chrome); });
  ASSERT_EQ(chrome.size(), 2u);
  EXPECT_EQ(chrome[0].id, "connection-status");
  EXPECT_EQ(chrome[1].id, "connection-retry");
  // The button sits right of the pill, inside the width the header reserves.
  EXPECT_GT(chrome[1].min.x, chrome[0].max.x);
  EXPECT_LE(chrome[1].max.x, 10 + connection_indicator_width(h.ctx(), red) + 0.5f);
}

TEST(ConnectionIndicator, NoRetryWhileStillTrying) {
  testing::ImGuiHarness h;
  std::vector<Semantic> chrome;
  ConnectionDetails amber;
  amber.status = ConnectionStatus::Reconnecting;
  h.frame([&] { return draw_connection_indicator(h.ctx(), ImVec2(10, 10), 28, amber, chrome); });
  ASSERT_EQ(chrome.size(), 1u);
  EXPECT_EQ(chrome[0].id, "connection-status");
}

}  // namespace
}  // namespace dashboard::ui
