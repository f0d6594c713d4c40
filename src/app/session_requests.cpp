#include "app/session_requests.hpp"

#include <utility>

namespace dashboard::app {

SessionRequests::SessionRequests(Transport& transport, LiveClient& live)
    : transport_(transport), live_(live) {}

bool SessionRequests::can_send() const {
  return !live_.token().empty() && !live_.needs_sign_in();
}

void SessionRequests::send(HttpRequest request, core::UnixMillis now,
                           std::function<void(const HttpResponse&)> done) {
  request.token = live_.token();
  const std::weak_ptr<std::uint64_t> session = session_;
  const std::uint64_t generation = *session_;
  transport_.http(std::move(request), [this, session, generation, now,
                                       done = std::move(done)](const HttpResponse& response) {
    const auto alive = session.lock();
    if (!alive || *alive != generation) return;
    if (response.status == 401) live_.auth_expired(live_.clock ? live_.clock() : now);
    done(response);
  });
}

}  // namespace dashboard::app
