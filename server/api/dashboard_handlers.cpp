// GET /api/dashboard and GET /api/events: the snapshot and the outbox.
#include <charconv>

#include "api/entity_json.hpp"
#include "api/gzip.hpp"
#include "api/handlers.hpp"
#include "api/snapshot_cache.hpp"
#include "core/json_codec.hpp"
#include "http/static_files.hpp"

namespace dashboard::server::api {
namespace {

// A non-negative integer query parameter.
std::optional<std::int64_t> parse_count(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

// Sends the cached bytes, gzipped when the client takes gzip.
ApiResponse snapshot_response(const EncodedSnapshot& snapshot, bool gzip) {
  ApiResponse res;
  res.shared_body = gzip ? snapshot.gzip : snapshot.json;
  res.gzip = gzip;
  res.vary_encoding = true;
  return res;
}

std::optional<ApiResponse> reject_other_user(const Caller& caller, const Query& query) {
  if (!query.user_id) return std::nullopt;
  const auto asked = parse_count(*query.user_id);
  if (!asked) return bad_request("userId: must be an integer >= 0");
  if (*asked != caller.user) {
    return error_response(403, "FORBIDDEN", "userId: you may only use your own collection");
  }
  return std::nullopt;
}

ApiResponse get_dashboard(const ApiContext& ctx, const Caller& caller,
                          std::string_view accept_encoding) {
  const auto version = ctx.store->last_seq(caller.user);
  if (!version) {
    if (version.error().kind == store::StoreError::Kind::NotFound) {
      return error_response(401, "UNAUTHORIZED", "the token's user no longer exists");
    }
    return store_failure(version.error());
  }
  const bool gzip = http::accepts_gzip(accept_encoding);
  if (auto cached = ctx.snapshots->find(caller.user, *version)) {
    return snapshot_response(*cached, gzip);
  }
  const auto view = ctx.store->dashboard(caller.user);
  if (!view) return store_failure(view.error());
  auto json = std::make_shared<const std::string>(core::encode_dashboard_view(*view));
  auto encoded = std::make_shared<const EncodedSnapshot>(EncodedSnapshot{
      view->version, json, std::make_shared<const std::string>(gzip_compress(*json))});
  ctx.snapshots->remember(caller.user, encoded);
  return snapshot_response(*encoded, gzip);
}

ApiResponse get_events(const ApiContext& ctx, const Caller& caller, const Query& query) {
  if (!query.since) return bad_request("since: is required");
  const auto since = parse_count(*query.since);
  if (!since) return bad_request("since: must be an integer >= 0");
  std::int64_t limit = 100;
  if (query.limit) {
    const auto parsed = parse_count(*query.limit);
    if (!parsed || *parsed < 1 || *parsed > ctx.options.max_events_per_page) {
      return bad_request("limit: must be an integer from 1 to " +
                         std::to_string(ctx.options.max_events_per_page));
    }
    limit = *parsed;
  }
  const auto page = ctx.store->events_since(caller.user, *since, static_cast<int>(limit));
  if (!page) return store_failure(page.error());
  return json_response(200, encode_events_page(*page));
}

}  // namespace dashboard::server::api
