// handshake: whether an HTTP request may become a socket.io WebSocket.
//
//   GET /socket.io/?EIO=4&transport=websocket  + Upgrade: websocket  -> accepted
//   anything else on /socket.io/ gets Engine.IO's error answer:
//     400 {"code":0,"message":"Transport unknown"}            (polling, ...)
//     400 {"code":5,"message":"Unsupported protocol version"} (EIO != 4)
//     400 {"code":3,"message":"Bad request"}                  (no upgrade)
//     403 {"code":4,"message":"Forbidden"}                    (origin not allowed)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dashboard::server::realtime {

struct HandshakeRejection {
  unsigned status = 400;
  std::string body;  // Engine.IO's JSON error
};

// True for targets under /socket.io/.
bool is_socketio_target(std::string_view target);

// nullopt when the request may be upgraded. `origin` and `host` are the
// request's headers (empty when absent); `allowed_origins` as in
// RealtimeContext.
std::optional<HandshakeRejection> check_handshake(std::string_view target, bool is_upgrade,
                                                  std::string_view origin, std::string_view host,
                                                  const std::vector<std::string>& allowed_origins);

}  // namespace dashboard::server::realtime
