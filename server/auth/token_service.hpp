// token_service: issues and verifies the JWTs that authenticate REST calls
// and socket handshakes. A thin wrapper around libjwt 1.10 that does what
// libjwt leaves to the caller:
//   - pins the algorithm (HS256 with our secret; RS256 only when a public
//     key for an external identity provider is configured), so "alg: none"
//     and algorithm-confusion tokens are refused;
//   - always passes a key, so no token is accepted unverified;
//   - checks exp (required) and nbf (optional) against the injected clock.
//
//   TokenService tokens(secret, clock);
//   std::string t = tokens.issue({.user = 1, .username = "alice"}, std::chrono::hours(12));
//   auto claims = tokens.verify(t);   // TokenClaims or TokenError
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clock.hpp"
#include "core/result.hpp"

namespace dashboard::server::auth {

struct TokenClaims {
  std::int64_t user = 0;  // "sub": the user id
  std::string username;   // "name"
  core::UnixMillis expires_at = 0;
  // "sid": the sign-in session an access token belongs to (empty for the
  // `token` command's tokens and an identity provider's): revoking the
  // session ends the token's sockets and requests.
  std::string session_id;
};

enum class TokenError {
  Malformed,       // not a JWT, or claims missing / of the wrong type
  WrongAlgorithm,  // none, or an algorithm we were not configured for
  BadSignature,
  Expired,
  NotYetValid,
};

std::string_view describe(TokenError error);

class TokenService {
 public:
  // `hs256_secret` signs and verifies our own tokens; `rs256_public_key_pem`,
  // when set, additionally verifies RS256 tokens from an identity provider.
  TokenService(std::string hs256_secret, std::shared_ptr<Clock> clock,
               std::optional<std::string> rs256_public_key_pem = std::nullopt);

  // An HS256 token for `claims.user` that expires after `ttl`; with a
  // session id, an access token of that sign-in session.
  std::string issue(std::int64_t user, const std::string& username, std::chrono::seconds ttl,
                    const std::string& session_id = {}) const;

  // Verified tokens are remembered (bounded) until they expire, so a client
  // polling with the same token pays the signature check once.
  core::Result<TokenClaims, TokenError> verify(std::string_view token) const;

 private:
  core::Result<TokenClaims, TokenError> verify_uncached(const std::string& token) const;

  static constexpr std::size_t kMaxCachedTokens = 10000;
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, TokenClaims> verified_;

  std::string secret_;
  std::shared_ptr<Clock> clock_;
  std::optional<std::string> rs256_public_key_;
};

}  // namespace dashboard::server::auth
