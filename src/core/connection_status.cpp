#include "core/connection_status.hpp"

namespace dashboard::core {

StatusTone tone_of(ConnectionStatus status) {
  switch (status) {
    case ConnectionStatus::Live:
      return StatusTone::Good;
    case ConnectionStatus::Connecting:
    case ConnectionStatus::Checking:
    case ConnectionStatus::Reconnecting:
      return StatusTone::Warning;
    case ConnectionStatus::Disconnected:
      return StatusTone::Bad;
    case ConnectionStatus::Offline:
      break;
  }
  return StatusTone::Neutral;
}

std::string_view label_of(ConnectionStatus status) {
  switch (status) {
    case ConnectionStatus::Offline:
      return "Offline";
    case ConnectionStatus::Connecting:
      return "Connecting";
    case ConnectionStatus::Live:
      return "Live";
    case ConnectionStatus::Checking:
      return "Checking connection...";
    case ConnectionStatus::Reconnecting:
      return "Reconnecting";
    case ConnectionStatus::Disconnected:
      return "Disconnected";
  }
  return "Unknown";
}

std::string_view description_of(ConnectionStatus status) {
  switch (status) {
    case ConnectionStatus::Offline:
      return "Live updates are not connected.";
    case ConnectionStatus::Connecting:
      return "Connecting to live updates.";
    case ConnectionStatus::Live:
      return "Real-time updates active";
    case ConnectionStatus::Checking:
      return "The server has not answered for a few seconds; what you see may be out of date.";
    case ConnectionStatus::Reconnecting:
      return "Connection lost; retrying.";
    case ConnectionStatus::Disconnected:
      return "Live updates stopped.";
  }
  return "";
}

}  // namespace dashboard::core
