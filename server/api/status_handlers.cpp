// GET /api/status: the first paint of /status and its polling fallback,
// the same state the socket's service:bulk-update carries.
#include "api/handlers.hpp"
#include "status/status_monitor.hpp"

namespace dashboard::server::api {

ApiResponse get_status(const ApiContext& ctx, const Caller& caller) {
  if (!ctx.status) return error_response(404, "NOT_FOUND", "system status is not served here");
  const bool admin = ctx.status->is_admin(caller.user);
  ApiResponse res = json_response(
      200, status::StatusBoard::snapshot_json(ctx.status->board().snapshot(admin), admin));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace dashboard::server::api
