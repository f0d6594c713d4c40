#include "app/session_requests.hpp"

#include <algorithm>
#include <utility>

#include "app/api_error.hpp"

namespace dashboard::app {

SessionRequests::SessionRequests(Transport& transport, LiveClient& live)
    : transport_(transport), live_(live) {}

bool SessionRequests::can_send() const {
  return !live_.token().empty() && !live_.needs_sign_in();
}

core::UnixMillis SessionRequests::clock() const {
  return live_.clock ? live_.clock() : now_;
}

void SessionRequests::send(HttpRequest request, core::UnixMillis now,
                           std::function<void(const HttpResponse&)> done) {
  now_ = std::max(now_, now);
  send_attempt(std::move(request), 0, std::move(done));
}

void SessionRequests::send_attempt(HttpRequest request, int attempt, Done done) {
  request.token = live_.token();
  const std::weak_ptr<std::uint64_t> session = session_;
  const std::uint64_t generation = *session_;
  // The request is kept for a resend: the same key, the same body.
  HttpRequest again = request;
  transport_.http(std::move(request), [this, session, generation, attempt, again = std::move(again),
                                       done = std::move(done)](const HttpResponse& response) {
    const auto alive = session.lock();
    if (!alive || *alive != generation) return;
    const core::UnixMillis now = clock();
    if (response.status == 401) live_.auth_expired(now);
    if (response.status == 409 && !again.idempotency_key.empty() && attempt < kInUseRetries &&
        read_api_error(response).code == "IDEMPOTENCY_KEY_IN_USE") {
      const core::UnixMillis wait =
          response.retry_after_s < 0
              ? kInUseWaitMs
              : std::min<core::UnixMillis>(response.retry_after_s * 1000LL, kInUseMaxWaitMs);
      held_.push_back({again, done, attempt + 1, now + wait});
      return;
    }
    done(response);
  });
}

void SessionRequests::update(core::UnixMillis now) {
  now_ = std::max(now_, now);
  std::vector<Held> due;
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->due <= now_) {
      due.push_back(std::move(*it));
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  for (Held& h : due) send_attempt(std::move(h.request), h.attempt, std::move(h.done));
}

std::optional<core::UnixMillis> SessionRequests::next_deadline() const {
  std::optional<core::UnixMillis> next;
  for (const Held& h : held_) {
    if (!next || h.due < *next) next = h.due;
  }
  return next;
}

void SessionRequests::reset() {
  ++*session_;
  held_.clear();
}

}  // namespace dashboard::app
