// Idempotency-Key on mutating requests; see idempotent_requests.hpp.
#include "api/idempotent_requests.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "auth/refresh_cookie.hpp"
#include "log.hpp"
#include "store/idempotency.hpp"

namespace dashboard::server::api {
namespace {

constexpr std::size_t kMaxKeyLength = 255;
// A first request runs for seconds at most (the database's deadlines).
constexpr std::int64_t kAnswerLostAfterMs = 60 * 1000;

// Printable ASCII without spaces: what a UUID or a client's token uses, and
// nothing that could smuggle a header line.
bool valid_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxKeyLength &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string fingerprint(const ApiRequest& req) {
  std::string text;
  text.reserve(req.method.size() + req.target.size() + req.body.size() + 2);
  text.append(req.method).append(" ").append(req.target).append("\n").append(req.body);
  return auth::sha256_hex(text);
}

// The headers worth replaying (Location, ETag, ...): not the per-request id.
std::string stored_headers(const ApiResponse& res) {
  std::string out;
  for (const auto& [name, value] : res.headers) {
    if (name == "X-Request-Id") continue;
    out.append(name).append(": ").append(value).append("\n");
  }
  return out;
}

ApiResponse replay(const store::IdempotentAnswer& answer) {
  ApiResponse res = json_response(static_cast<unsigned>(*answer.status), answer.body);
  std::string_view lines = answer.headers;
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    if (const std::size_t colon = line.find(": "); colon != std::string_view::npos) {
      res.headers.emplace_back(std::string(line.substr(0, colon)),
                               std::string(line.substr(colon + 2)));
    }
    lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 1);
  }
  res.headers.emplace_back("Idempotent-Replayed", "true");
  return res;
}

ApiResponse key_in_use() {
  ApiResponse res = error_response(
      409, "IDEMPOTENCY_KEY_IN_USE",
      "Idempotency-Key: a request with this key is still being processed; try again shortly");
  res.headers.emplace_back("Retry-After", "1");
  return res;
}

}  // namespace

bool wants_idempotency(const ApiRequest& req) {
  const std::string_view m = req.method;
  return !req.idempotency_key.empty() &&
         (m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE");
}

ApiResponse answer_idempotently(const ApiContext& context, const ApiRequest& req,
                                const Caller& caller, const std::function<ApiResponse()>& route) {
  if (!context.idempotency_database) return route();
  if (!valid_key(req.idempotency_key)) {
    return error_response(400, "INVALID_IDEMPOTENCY_KEY",
                          "Idempotency-Key must be 1 to 255 visible ASCII characters");
  }
  store::sql::Database& db = *context.idempotency_database;
  const std::int64_t now = context.clock ? context.clock->now()
                                         : std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count();
  store::IdempotencyClaim claim{.user = caller.user,
                                .key = std::string(req.idempotency_key),
                                .fingerprint = fingerprint(req),
                                .now_ms = now,
                                .expired_before_ms = now - store::kIdempotencyKeptMs};
  if (const auto earlier =
          store::find_idempotent_answer(db, claim.user, claim.key, claim.expired_before_ms)) {
    if (earlier->fingerprint != claim.fingerprint) {
      return error_response(422, "IDEMPOTENCY_KEY_REUSED",
                            "Idempotency-Key: this key was used for a different request");
    }
    if (!earlier->status && now - earlier->created_ms > kAnswerLostAfterMs) {
      // Its change committed but the process ended before the answer was
      // kept: doing it again would duplicate it.
      return error_response(409, "IDEMPOTENT_ANSWER_LOST",
                            "Idempotency-Key: this request was applied, but its answer was "
                            "lost; reload to see the result");
    }
    if (!earlier->status) return key_in_use();
    return replay(*earlier);
  }

  ApiResponse res;
  {
    store::ClaimScope scope(claim);
    res = route();
  }
  if (claim.conflict) return key_in_use();  // a twin request won the race
  if (!claim.recorded) return res;          // nothing changed: nothing to remember
  const std::string body = res.shared_body && !res.gzip ? *res.shared_body : res.body;
  try {
    store::save_idempotent_answer(db, claim.user, claim.key, static_cast<int>(res.status),
                                  stored_headers(res), body);
  } catch (const std::exception& e) {
    // The change is in; a retry will hear 409 for this key instead of
    // doing it again. Worse would be failing the request that did it.
    log::warn("idempotent answer not stored", {{"key", claim.key}, {"error", e.what()}});
  }
  return res;
}

}  // namespace dashboard::server::api
