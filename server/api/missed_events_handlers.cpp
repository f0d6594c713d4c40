// GET /api/events/missed?since=<RFC 3339 timestamp>: the caller's events
// created after an instant, for clients that kept a time rather than a seq.
// Same body as GET /api/events; a client continues past a full page with
// GET /api/events?since=<the page's last seq>.
#include <algorithm>
#include <charconv>

#include "api/entity_json.hpp"
#include "api/handlers.hpp"

namespace dashboard::server::api {

ApiResponse get_missed_events(const ApiContext& ctx, const Caller& caller, const Query& query) {
  if (!query.since) return bad_request("since: is required (an RFC 3339 timestamp)");
  // A '+' offset sent unencoded arrives as a space (form decoding); RFC 3339
  // has no spaces, so it can only have been that.
  std::string text = *query.since;
  std::replace(text.begin(), text.end(), ' ', '+');
  const std::optional<core::UnixMillis> since = core::parse_rfc3339(text);
  if (!since) {
    return bad_request("since: must be an RFC 3339 timestamp such as 2026-11-23T10:00:00Z, not \"" +
                       *query.since + "\"");
  }
  std::int64_t limit = 100;
  if (query.limit) {
    std::int64_t parsed = 0;
    const std::string& l = *query.limit;
    const auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), parsed);
    if (ec != std::errc() || end != l.data() + l.size() || parsed < 1 ||
        parsed > ctx.options.max_events_per_page) {
      return bad_request("limit: must be an integer from 1 to " +
                         std::to_string(ctx.options.max_events_per_page));
    }
    limit = parsed;
  }
  // Pruning removes only events older than now - retention, so from an
  // instant inside the window the outbox is complete; before it, it may not be.
  const core::UnixMillis now = ctx.clock ? ctx.clock->now() : system_clock()->now();
  const core::UnixMillis horizon =
      now -
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.options.event_retention).count();
  if (*since < horizon) {
    return error_response(410, "GONE",
                          "since: events before " + core::format_rfc3339_utc(horizon) +
                              " are no longer kept; fetch a fresh snapshot (GET /api/dashboard)");
  }
  const auto page = ctx.store->events_after_time(caller.user, core::format_rfc3339_utc(*since),
                                                 static_cast<int>(limit));
  if (!page) return store_failure(page.error());
  return json_response(200, encode_events_page(*page));
}

}  // namespace dashboard::server::api
