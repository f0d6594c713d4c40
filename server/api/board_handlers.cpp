// The build board: GET /api/board/{username}, shares, and gap repair of a
// topic stream (GET /api/topics/{topic}/events?since=).
#include <charconv>

#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"

namespace dashboard::server::api {
namespace {

std::optional<std::int64_t> non_negative(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

ApiResponse get_board(const ApiContext& ctx, const Caller& caller, const std::string& owner) {
  const auto board = ctx.store->board(caller.user, owner);
  if (!board) return store_failure(board.error());
  return json_response(200, encode_board(*board));
}

ApiResponse list_shares(const ApiContext& ctx, const Caller& caller) {
  const auto shares = ctx.store->list_shares(caller.user);
  if (!shares) return store_failure(shares.error());
  return json_response(200, encode_shares(*shares));
}

ApiResponse create_share(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto share = decode_share(req.body);
  if (!share) return bad_request(share.error());
  const auto created = ctx.store->share_board(
      store::Actor{caller.user, std::string(req.request_id)}, share->username, share->role);
  if (!created) {
    // A share with nobody, or with oneself, is the form's username field.
    const auto kind = created.error().kind;
    if (kind == store::StoreError::Kind::NotFound || kind == store::StoreError::Kind::Conflict) {
      const std::string& message = created.error().message;
      return error_response(
          kind == store::StoreError::Kind::NotFound ? 404 : 400,
          kind == store::StoreError::Kind::NotFound ? "NOT_FOUND" : "VALIDATION_FAILED", message);
    }
    return store_failure(created.error());
  }
  return json_response(201, encode_share(*created));
}

ApiResponse delete_share(const ApiContext& ctx, const Caller& caller, const std::string& id,
                         const ApiRequest& req) {
  const auto done =
      ctx.store->revoke_share(store::Actor{caller.user, std::string(req.request_id)}, id);
  if (!done) return store_failure(done.error());
  return json_response(204, "");
}

ApiResponse get_topic_events(const ApiContext& ctx, const Caller& caller, const std::string& topic,
                             const Query& query) {
  if (!query.since) return bad_request("since: is required");
  const auto since = non_negative(*query.since);
  if (!since) return bad_request("since: must be an integer >= 0");
  std::int64_t limit = 100;
  if (query.limit) {
    const auto parsed = non_negative(*query.limit);
    if (!parsed || *parsed < 1 || *parsed > ctx.options.max_events_per_page) {
      return bad_request("limit: must be an integer from 1 to " +
                         std::to_string(ctx.options.max_events_per_page));
    }
    limit = *parsed;
  }
  const auto access = ctx.store->topic_access(caller.user, topic);
  if (!access) return store_failure(access.error());
  if (access->role == store::BoardRole::None) {
    return error_response(403, "FORBIDDEN", topic + " is not shared with you");
  }
  const auto page = ctx.store->topic_events_since(topic, *since, static_cast<int>(limit));
  if (!page) return store_failure(page.error());
  return json_response(200, encode_topic_page(topic, *page));
}

}  // namespace dashboard::server::api
