// realtime_session_detail: what the parts of RealtimeSessionT's
// definitions share (realtime_session_impl.hpp includes them all): the
// includes, namespace aliases and the small helpers of session_detail.
#pragma once

#include <rapidjson/document.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdint>
#include <utility>

#include "core/client/socketio_client.hpp"
#include "core/socketio/engineio.hpp"
#include "core/socketio/socketio.hpp"
#include "log.hpp"
#include "realtime/realtime_session.hpp"
#include "realtime/topic_request.hpp"

namespace dashboard::server::realtime {
namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = boost::beast::websocket;
namespace eio = core::eio;
namespace sio = core::sio;
namespace client = core::client;

namespace session_detail {

inline constexpr std::string_view kNamespace = "/dashboard";

// A message is read this many bytes at a time. Beast's whole-message read
// prepares ~1.5 KB of buffer before any byte arrives and holds it for as
// long as it waits, which for an idle socket is between pongs, i.e. always:
// at 10,000 sockets that was a quarter of the memory per connection.
inline constexpr std::size_t kReadPiece = 128;

// How long a close may take. A peer that stopped reading (a full TCP
// window) never lets the write in flight finish, so the close frame would
// wait behind it forever, and the session with its descriptor.
inline constexpr std::chrono::seconds kCloseGrace{5};

// A server's WebSocket frame header (RFC 6455 5.2): FIN, text, unmasked,
// the payload length in 7, 7+16 or 7+64 bits.
inline constexpr std::size_t kMaxFrameHeader = 10;
inline std::size_t encode_text_header(std::size_t payload_size,
                                      std::array<char, kMaxFrameHeader>& out) {
  out[0] = static_cast<char>(0x81);
  if (payload_size < 126) {
    out[1] = static_cast<char>(payload_size);
    return 2;
  }
  if (payload_size <= 0xffff) {
    out[1] = static_cast<char>(126);
    out[2] = static_cast<char>((payload_size >> 8) & 0xff);
    out[3] = static_cast<char>(payload_size & 0xff);
    return 4;
  }
  out[1] = static_cast<char>(127);
  for (std::size_t i = 0; i < 8; ++i) {
    out.at(2 + i) =
        static_cast<char>((static_cast<std::uint64_t>(payload_size) >> (56 - 8 * i)) & 0xff);
  }
  return 10;
}

inline std::int64_t millis_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
      .count();
}

}  // namespace session_detail

}  // namespace dashboard::server::realtime
