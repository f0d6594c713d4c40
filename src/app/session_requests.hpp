// session_requests: the signed-in user's API requests for a page client.
// Each goes out with the session's token; an answer that arrives after the
// session ended (sign-out, another user, reset()) is dropped, and a 401
// asks the live client to renew the session (or show sign-in).
//
//   SessionRequests requests(transport, live);
//   requests.send(get_request("/api/conversations", {}), now,
//                 [this](const HttpResponse& r) { ... });
//   requests.reset();  // what is on its way belongs to the old session
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "app/live_client.hpp"
#include "app/transport.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

class SessionRequests {
 public:
  SessionRequests(Transport& transport, LiveClient& live);

  // Signed in, and the session not known to be over.
  bool can_send() const;
  // Sends `request` with the token; `done` runs once, unless reset() came first.
  void send(HttpRequest request, core::UnixMillis now,
            std::function<void(const HttpResponse&)> done);
  void reset() { ++*session_; }

 private:
  Transport& transport_;
  LiveClient& live_;
  // Shared with the callbacks, which outlive nothing: a weak copy tells
  // them whether this object (and its session) still exist.
  std::shared_ptr<std::uint64_t> session_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace dashboard::app
