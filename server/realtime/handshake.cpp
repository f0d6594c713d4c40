#include "realtime/handshake.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace dashboard::server::realtime {
namespace {

HandshakeRejection reject(unsigned status, int code, std::string_view message) {
  return {status,
          "{\"code\":" + std::to_string(code) + ",\"message\":\"" + std::string(message) + "\"}"};
}

// The host[:port] of an Origin such as "http://127.0.0.1:8080".
std::string origin_authority(std::string_view origin) {
  const auto url = boost::urls::parse_uri(origin);
  if (!url) return {};
  return std::string(url->encoded_authority());
}

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;  // not a browser: the token decides
  if (std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) return true;
  if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return true;
  return allowed.empty() && !host.empty() && origin_authority(origin) == host;
}

}  // namespace

bool is_socketio_target(std::string_view target) {
  return target.rfind("/socket.io/", 0) == 0 || target == "/socket.io" ||
         target.rfind("/socket.io?", 0) == 0;
}

std::optional<HandshakeRejection> check_handshake(std::string_view target, bool is_upgrade,
                                                  std::string_view origin, std::string_view host,
                                                  const std::vector<std::string>& allowed_origins) {
  const auto url = boost::urls::parse_origin_form(target);
  if (!url) return reject(400, 3, "Bad request");
  std::string eio;
  std::string transport;
  for (auto param : url->params()) {
    if (param.key == "EIO") eio = param.value;
    if (param.key == "transport") transport = param.value;
  }
  if (eio != "4") return reject(400, 5, "Unsupported protocol version");
  if (transport != "websocket") return reject(400, 0, "Transport unknown");
  if (!origin_allowed(origin, host, allowed_origins)) return reject(403, 4, "Forbidden");
  if (!is_upgrade) return reject(400, 3, "Bad request");
  return std::nullopt;
}

}  // namespace dashboard::server::realtime
