// POST /api/auth/login: username and password for a token.
#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"
#include "auth/password.hpp"

namespace dashboard::server::api {

ApiResponse login(const ApiContext& ctx, const ApiRequest& req) {
  const auto credentials = decode_login(req.body);
  if (!credentials) return bad_request(credentials.error());
  const auto user = ctx.store->find_user(credentials->username);
  const bool valid = user ? auth::verify_password(user->password_hash, credentials->password)
                          : (auth::verify_dummy_password(credentials->password), false);
  // One message for both cases: which usernames exist is not the caller's business.
  if (!valid) return error_response(401, "UNAUTHORIZED", "invalid username or password");
  const std::string token = ctx.tokens->issue(user->id, user->username, ctx.options.token_ttl);
  const auto claims = ctx.tokens->verify(token);
  return json_response(200, encode_login(token, claims ? claims->expires_at : 0, *user));
}

}  // namespace dashboard::server::api
