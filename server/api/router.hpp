// router: /api/* requests to their handlers.
//
//   POST   /api/auth/login                      (no token) token + refresh cookie
//   POST   /api/auth/refresh                    (cookie) rotates: new token + cookie
//   POST   /api/auth/logout                     (cookie or token) ends this session
//   POST   /api/auth/logout-all                 ends every session of the caller
//   POST   /api/auth/password                   {currentPassword, newPassword}
//   POST   /api/auth/signup                     (no token; --allow-signup)
//   GET    /api/auth/config                     {"signup": bool}
//   GET    /api/dashboard[?userId=]             snapshot {version, summary, ...}
//   GET    /api/events?since=SEQ[&limit=N]      outbox after SEQ; 410 past retention
//   GET|POST /api/mocs[?cursor=&limit=&q=&theme=&buildStatus=&coverageStatus=&sort=]
//   GET|PATCH|DELETE /api/mocs/{id}   (If-Match: "<version>")
//   POST   /api/mocs/{id}/restore       undo a delete
//   GET|POST /api/wishlist  DELETE /api/wishlist/{id}
//   POST   /api/sets        DELETE /api/sets/{id}
//   GET    /api/themes
//   GET    /api/status                          the services the caller may see
//   GET    /api/board/{username}            a board and its topic's seq
//   GET|POST /api/shares   DELETE /api/shares/{id}
//   GET    /api/topics/{topic}/events?since=SEQ  gap repair of a topic stream
//   /api/conversations..., /api/notifications..., /api/announcements
//                                          messages and notifications (messaging_handlers.cpp)
//
// Everything but login needs "Authorization: Bearer <jwt>" (401 otherwise);
// bodies must be application/json (415); unknown paths 404, known paths
// with another method 405 with Allow.
#pragma once

#include <string>
#include <vector>

#include "api/api_types.hpp"
#include "api/handlers.hpp"

namespace dashboard::server::api {

// True for the first path segments route_messaging answers.
bool is_messaging_resource(std::string_view first_segment);

class ApiRouter {
 public:
  explicit ApiRouter(ApiContext context);

  // Never throws: whatever a handler throws (the store's driver, an
  // allocation) is logged and answered with the shared 500 body, which
  // names nothing internal.
  ApiResponse handle(const ApiRequest& incoming) const;

  // The authenticated caller for a request's Authorization header, shared
  // with the realtime handshake; nullopt with the reason in `why`.
  std::optional<Caller> authenticate(std::string_view authorization, std::string& why) const;

  // The body of GET /healthz: the process answers (so a load balancer
  // keeps sending it traffic and keeps its sockets) and how the database
  // was at the last probe: {"status":"ok","database":{"reachable":true,...}}.
  // Never touches the database itself.
  std::string health_json() const;

  const ApiContext& context() const { return context_; }

  // A parsed /api/... target.
  struct Target {
    std::vector<std::string> segments;  // decoded, after "api"
    Query query;
  };

 private:
  ApiResponse answer(const ApiRequest& req) const;
  ApiResponse route(const ApiRequest& req) const;
  ApiResponse route_auth(const ApiRequest& req, const std::string& action) const;
  ApiResponse route_collection(const ApiRequest& req, const Target& target,
                               const Caller& caller) const;
  // conversations, notifications, announcements (messaging_handlers.cpp).
  ApiResponse route_messaging(const ApiRequest& req, const Target& target) const;

  ApiContext context_;
};

}  // namespace dashboard::server::api
