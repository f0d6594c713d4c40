// http_exchange: one HTTP/1.1 request and its response on a fresh TCP
// connection, for NativeTransport's I/O thread. Plain TCP, no keep-alive:
// the client makes a handful of requests a minute.
//
//   start_http_exchange(io, origin, get_request("/api/dashboard", token),
//                       std::chrono::seconds(15),
//                       [](HttpResponse r) { /* on the I/O thread */ });
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "app/transport.hpp"
#include "platform/native/native_transport.hpp"

namespace dashboard::platform {

// Resolves, then connects, writes `request` and reads the response within
// `timeout` (name resolution itself is not timed); `done` runs once on the I/O thread with the
// status and body, or with status 0 and the step that failed ("connect: Connection refused").
void start_http_exchange(boost::asio::io_context& io, const Origin& origin,
                         app::HttpRequest request, std::chrono::milliseconds timeout,
                         std::function<void(app::HttpResponse)> done);

}  // namespace dashboard::platform
