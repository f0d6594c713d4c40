// clock: time and identifiers enter the server through these interfaces, so
// the store and the auth code are tested with fixed values.
#pragma once

#include <memory>
#include <string>

#include "core/timestamp.hpp"

namespace dashboard::server {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::UnixMillis now() const = 0;
};

// Makes row ids and event ids (UUID v4).
class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual std::string next_uuid() = 0;
};

std::shared_ptr<Clock> system_clock();
std::shared_ptr<IdSource> random_ids();  // Boost.UUID's random generator

}  // namespace dashboard::server
