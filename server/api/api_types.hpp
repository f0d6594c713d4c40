// api_types: the JSON API's view of a request and its answer, free of
// Beast, so handlers are plain functions tested without sockets.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/token_service.hpp"
#include "clock.hpp"
#include "store/messaging.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::status {
class DatabaseProbe;
class StatusMonitor;
}  // namespace dashboard::server::status

namespace dashboard::server::api {

struct ApiRequest {
  std::string_view method;         // "GET", "POST", ...
  std::string_view target;         // path and query, as received
  std::string_view authorization;  // the Authorization header, if any
  std::string_view content_type;
  std::string_view accept_encoding;
  std::string_view body;
  std::string_view if_match;  // the version an edit started from: "4" (quoted, as an ETag)
  // X-Request-Id, or one the HTTP layer made up: the trace id of the
  // changes this request makes (echoed in the response and the log line).
  std::string_view request_id{};
  // For sign-in sessions: the Cookie header (the refresh token), the peer
  // ("203.0.113.7:51234") and what a load balancer says about the client.
  std::string_view cookie{};
  std::string_view remote{};
  std::string_view forwarded_for{};
  std::string_view forwarded_proto{};
  // Idempotency-Key: a retry with the same key gets the first answer
  // (api/idempotent_requests.hpp).
  std::string_view idempotency_key{};
};

struct ApiResponse {
  unsigned status = 200;
  std::string body;   // JSON
  std::string allow;  // for 405: the methods the route takes
  // Instead of `body`: bytes shared with a cache, sent without a copy.
  std::shared_ptr<const std::string> shared_body;
  bool gzip = false;           // shared_body is gzip-encoded JSON
  bool vary_encoding = false;  // the answer depends on Accept-Encoding
  // Further headers: ETag, Retry-After.
  std::vector<std::pair<std::string, std::string>> headers;
};

ApiResponse json_response(unsigned status, std::string body);

// Every error has this body: {"error":{"code":"...","message":"..."}}.
ApiResponse error_response(unsigned status, std::string_view code, std::string_view message);
// 400 VALIDATION_FAILED. With a core::Error, the body also carries
// "field": its path, so a form can show the message under that field.
ApiResponse bad_request(std::string_view message);
ApiResponse bad_request(const core::Error& error);
ApiResponse not_found(std::string_view message);
// NotFound->404, Forbidden->403, Conflict->409 (with "current" when the
// store sent the entity), Gone->410, Unavailable->503 with Retry-After,
// Internal->500 (logged, never detailed).
ApiResponse store_failure(const store::StoreError& error);
ApiResponse service_unavailable();

struct ApiOptions {
  std::chrono::seconds token_ttl{std::chrono::hours(12)};  // the access tokens sign-in issues
  int max_events_per_page = 1000;
  // How long the outbox keeps events (--event-retention-seconds): the
  // horizon of GET /api/events/missed.
  std::chrono::seconds event_retention{std::chrono::hours(72)};
};

// What handlers share: the store, the token service, the snapshot cache,
// and (when serving) the database probe /healthz reports.
class SnapshotCache;
struct AccountsContext;
struct ApiContext {
  std::shared_ptr<store::DashboardStore> store;
  std::shared_ptr<const auth::TokenService> tokens;
  std::shared_ptr<SnapshotCache> snapshots;
  ApiOptions options;
  std::shared_ptr<const status::DatabaseProbe> database_probe{};
  // Request ids when the HTTP layer gave none (tests call handle() directly).
  std::shared_ptr<IdSource> ids{};
  // GET /api/status; null: 404.
  std::shared_ptr<status::StatusMonitor> status{};
  // The time for retention horizons; the system clock when unset.
  std::shared_ptr<const Clock> clock{};
  // Sign-in sessions, sign-up, throttling (api/account_handlers.cpp); null
  // in tests that only exercise the collection.
  std::shared_ptr<const AccountsContext> accounts{};
  // Messages and notifications (the same SqlStore as `store`); nullptr: 404.
  std::shared_ptr<store::MessagingStore> messaging{};
  // Where Idempotency-Keys are kept; null: the header is ignored.
  std::shared_ptr<store::sql::Database> idempotency_database{};
};

// The authenticated caller.
using Caller = auth::TokenClaims;

}  // namespace dashboard::server::api
