// session_requests: the signed-in user's API requests for a page client.
// Each goes out with the session's token; an answer that arrives after the
// session ended (sign-out, another user, reset()) is dropped, and a 401
// asks the live client to renew the session (or show sign-in). A request
// with an Idempotency-Key answered 409 IDEMPOTENCY_KEY_IN_USE (its first
// try is still running on the server: a cut connection, then a resend) is
// sent again, the same, after Retry-After; after kInUseRetries of those
// `done` hears the 409.
//
//   SessionRequests requests(transport, live);
//   requests.send(get_request("/api/conversations", {}), now,
//                 [this](const HttpResponse& r) { ... });
//   requests.update(now);  // every frame: resends what Retry-After held back
//   requests.reset();  // what is on its way belongs to the old session
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "app/live_client.hpp"
#include "app/transport.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

// Resends of one request after 409 IDEMPOTENCY_KEY_IN_USE, at most.
inline constexpr int kInUseRetries = 5;
// Its wait when the answer names none (the server says 1 s), and at most.
inline constexpr core::UnixMillis kInUseWaitMs = 1000;
inline constexpr core::UnixMillis kInUseMaxWaitMs = 10000;

class SessionRequests {
 public:
  SessionRequests(Transport& transport, LiveClient& live);

  // Signed in, and the session not known to be over.
  bool can_send() const;
  // Sends `request` with the token; `done` runs once, unless reset() came first.
  void send(HttpRequest request, core::UnixMillis now,
            std::function<void(const HttpResponse&)> done);
  // Sends the held-back resends that are due. Every frame.
  void update(core::UnixMillis now);
  // When update() next has a resend to make.
  std::optional<core::UnixMillis> next_deadline() const;
  void reset();

 private:
  using Done = std::function<void(const HttpResponse&)>;
  struct Held {
    HttpRequest request;
    Done done;
    int attempt = 0;
    core::UnixMillis due = 0;
  };

  void send_attempt(HttpRequest request, int attempt, Done done);
  core::UnixMillis clock() const;

  Transport& transport_;
  LiveClient& live_;
  // Shared with the callbacks, which outlive nothing: a weak copy tells
  // them whether this object (and its session) still exist.
  std::shared_ptr<std::uint64_t> session_ = std::make_shared<std::uint64_t>(0);
  std::vector<Held> held_;
  core::UnixMillis now_ = 0;
};

}  // namespace dashboard::app
