#include "core/connection_status.hpp"

#include <gtest/gtest.h>

namespace dashboard::core {
namespace {

TEST(ConnectionStatus, ToneIsTrafficLight) {
  EXPECT_EQ(tone_of(ConnectionStatus::Live), StatusTone::Good);
  EXPECT_EQ(tone_of(ConnectionStatus::Connecting), StatusTone::Warning);
  EXPECT_EQ(tone_of(ConnectionStatus::Reconnecting), StatusTone::Warning);
  EXPECT_EQ(tone_of(ConnectionStatus::Checking), StatusTone::Warning);
  EXPECT_EQ(tone_of(ConnectionStatus::Disconnected), StatusTone::Bad);
  EXPECT_EQ(tone_of(ConnectionStatus::Offline), StatusTone::Neutral);
}

TEST(ConnectionStatus, LiveTooltipSaysUpdatesAreActive) {
  EXPECT_EQ(description_of(ConnectionStatus::Live), "Real-time updates active");
  EXPECT_EQ(label_of(ConnectionStatus::Reconnecting), "Reconnecting");
}

TEST(ConnectionStatus, EveryStateHasDistinctLabel) {
  const ConnectionStatus all[] = {ConnectionStatus::Offline,      ConnectionStatus::Connecting,
                                  ConnectionStatus::Live,         ConnectionStatus::Checking,
                                  ConnectionStatus::Reconnecting, ConnectionStatus::Disconnected};
  for (ConnectionStatus a : all) {
    EXPECT_FALSE(description_of(a).empty());
    for (ConnectionStatus b : all) {
      if (a != b) {
        EXPECT_NE(label_of(a), label_of(b));
      }
    }
  }
}

}  // namespace
}  // namespace dashboard::core
