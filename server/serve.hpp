// The "serve" command: binds the listener, runs the I/O threads, and shuts
// down gracefully on SIGINT/SIGTERM (stop accepting, let in-flight requests
// finish, give up after a hard deadline). Returns the process exit code.
#pragma once

#include <chrono>

#include "config.hpp"

namespace dashboard::server {

inline constexpr std::chrono::seconds kShutdownDeadline{10};

int serve(const Config& config);

}  // namespace dashboard::server
