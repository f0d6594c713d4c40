// connection_status: what the header's connection indicator shows. The
// realtime client drives the state; the UI only reads it.
#pragma once

#include <string_view>

namespace dashboard::core {

enum class ConnectionStatus {
  Offline,       // no live transport configured or started yet
  Connecting,    // first attempt in flight
  Live,          // events are flowing
  Checking,      // connected, but the server has not answered a probe for a few seconds
  Reconnecting,  // lost, retrying with backoff
  Disconnected,  // gave up or was refused (e.g. AUTH_FAILED)
};

// The traffic-light colour a person reads at a glance.
enum class StatusTone { Neutral, Good, Warning, Bad };

StatusTone tone_of(ConnectionStatus status);

// Short label for the header ("Live", "Reconnecting", ...).
std::string_view label_of(ConnectionStatus status);

// One sentence for the tooltip, saying what the state means for the data.
std::string_view description_of(ConnectionStatus status);

}  // namespace dashboard::core
