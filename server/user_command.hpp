// user_command: `dashboard-server user add|passwd|remove|list`, the
// operator's accounts. Passwords come from a prompt (twice, not echoed) or
// the first line of stdin with --password-stdin, and must pass
// auth::password_problem(). A new password and a removal end the user's
// sessions: a running server closes their sockets within a second.
#pragma once

#include "config.hpp"

namespace dashboard::server {

// Returns the process exit code; messages go to stdout (done) and stderr
// (refused, with the reason).
int user_command(const Config& config);

}  // namespace dashboard::server
