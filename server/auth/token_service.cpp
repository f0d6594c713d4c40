#include "auth/token_service.hpp"

#include <jwt.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>

#include <charconv>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "core/socketio/json_text.hpp"

namespace dashboard::server::auth {
namespace {

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

const unsigned char* key_bytes(const std::string& key) {
  return reinterpret_cast<const unsigned char*>(key.data());
}

// The "alg" of the token's header, read without trusting anything else.
// (libjwt 1.10 reports "none" for any token decoded without a key, so it
// cannot tell us which key to verify with.)
std::optional<std::string> header_alg(const std::string& token) {
  const auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 1024) return std::nullopt;
  std::string b64 = token.substr(0, dot);
  for (char& c : b64) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  std::string json(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(json.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  json.resize(static_cast<std::size_t>(n));
  while (!json.empty() && json.back() == '\0') json.pop_back();  // from the padding
  // Untrusted (read before the signature is checked): the bounded parse.
  rapidjson::Document doc;
  core::Error ignored;
  if (!core::json_text::parse(json, doc, ignored) || !doc.IsObject()) return std::nullopt;
  const auto alg = doc.FindMember("alg");
  if (alg == doc.MemberEnd() || !alg->value.IsString()) return std::nullopt;
  return std::string(alg->value.GetString(), alg->value.GetStringLength());
}

}  // namespace

std::string_view describe(TokenError error) {
  switch (error) {
    case TokenError::Malformed:
      return "malformed token";
    case TokenError::WrongAlgorithm:
      return "token algorithm not accepted";
    case TokenError::BadSignature:
      return "token signature does not verify";
    case TokenError::Expired:
      return "token expired";
    case TokenError::NotYetValid:
      return "token not yet valid";
  }
  return "invalid token";
}

TokenService::TokenService(std::string hs256_secret, std::shared_ptr<Clock> clock,
                           std::optional<std::string> rs256_public_key_pem)
    : secret_(std::move(hs256_secret)),
      clock_(std::move(clock)),
      rs256_public_key_(std::move(rs256_public_key_pem)) {
  if (secret_.size() < 32) throw std::invalid_argument("JWT secret must be at least 32 bytes");
}

std::string TokenService::issue(std::int64_t user, const std::string& username,
                                std::chrono::seconds ttl, const std::string& session_id) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr jwt(raw);
  const long now_s = static_cast<long>(clock_->now() / 1000);
  jwt_add_grant(jwt.get(), "sub", std::to_string(user).c_str());
  jwt_add_grant(jwt.get(), "name", username.c_str());
  if (!session_id.empty()) jwt_add_grant(jwt.get(), "sid", session_id.c_str());
  jwt_add_grant_int(jwt.get(), "iat", now_s);
  jwt_add_grant_int(jwt.get(), "nbf", now_s);
  jwt_add_grant_int(jwt.get(), "exp", now_s + static_cast<long>(ttl.count()));
  jwt_set_alg(jwt.get(), JWT_ALG_HS256, key_bytes(secret_), static_cast<int>(secret_.size()));
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  std::free(encoded);  // libjwt 1.10 allocates with malloc and has no jwt_free_str
  return token;
}

core::Result<TokenClaims, TokenError> TokenService::verify(std::string_view token) const {
  std::string text(token);
  const core::UnixMillis now = clock_->now();
  {
    std::shared_lock lock(cache_mutex_);
    const auto it = verified_.find(text);
    // nbf was checked when cached; only expiry can change the answer.
    if (it != verified_.end() && now < it->second.expires_at) return it->second;
  }
  auto result = verify_uncached(text);
  if (result) {
    std::unique_lock lock(cache_mutex_);
    if (verified_.size() >= kMaxCachedTokens) verified_.clear();  // bounded; refills as used
    verified_.emplace(std::move(text), *result);
  }
  return result;
}

core::Result<TokenClaims, TokenError> TokenService::verify_uncached(
    const std::string& token) const {
  // The header picks which of our keys to try; the pin below makes sure the
  // key is only ever used with its own algorithm.
  const std::optional<std::string> alg_name = header_alg(token);
  if (!alg_name) return TokenError::Malformed;
  const std::string* key = nullptr;
  jwt_alg_t alg = JWT_ALG_INVAL;
  if (*alg_name == "HS256") {
    key = &secret_;
    alg = JWT_ALG_HS256;
  } else if (*alg_name == "RS256" && rs256_public_key_) {
    alg = JWT_ALG_RS256;
    key = &*rs256_public_key_;
  } else {
    return TokenError::WrongAlgorithm;
  }
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), key_bytes(*key), static_cast<int>(key->size())) != 0) {
    return TokenError::BadSignature;
  }
  JwtPtr jwt(raw);
  // libjwt verified with the key we chose; pin again in case it honoured
  // a different header than the one we read.
  if (jwt_get_alg(jwt.get()) != alg) return TokenError::WrongAlgorithm;

  // libjwt 1.10 reads a non-integer claim as 0 without an error, so the
  // claims are read from its JSON with their types checked.
  char* grants_json = jwt_get_grants_json(jwt.get(), nullptr);
  if (grants_json == nullptr) return TokenError::Malformed;
  rapidjson::Document grants;
  grants.Parse(grants_json);
  std::free(grants_json);
  if (grants.HasParseError() || !grants.IsObject()) return TokenError::Malformed;
  const auto member = [&grants](const char* claim) -> const rapidjson::Value* {
    const auto it = grants.FindMember(claim);
    return it == grants.MemberEnd() ? nullptr : &it->value;
  };
  const rapidjson::Value* exp = member("exp");
  const rapidjson::Value* nbf = member("nbf");
  const rapidjson::Value* sub = member("sub");
  const rapidjson::Value* name = member("name");
  const rapidjson::Value* sid = member("sid");
  // exp is required; NumericDate may carry a fraction (RFC 7519).
  if (exp == nullptr || !exp->IsNumber()) return TokenError::Malformed;
  if (nbf != nullptr && !nbf->IsNumber()) return TokenError::Malformed;
  if (sub == nullptr || !sub->IsString() || name == nullptr || !name->IsString()) {
    return TokenError::Malformed;
  }
  const double now_s = static_cast<double>(clock_->now()) / 1000.0;
  if (now_s >= exp->GetDouble()) return TokenError::Expired;
  if (nbf != nullptr && now_s < nbf->GetDouble()) return TokenError::NotYetValid;

  TokenClaims claims;
  const std::string_view sub_text(sub->GetString(), sub->GetStringLength());
  const auto [end_ptr, ec] =
      std::from_chars(sub_text.data(), sub_text.data() + sub_text.size(), claims.user);
  if (ec != std::errc() || end_ptr != sub_text.data() + sub_text.size() || claims.user <= 0) {
    return TokenError::Malformed;
  }
  claims.expires_at = static_cast<core::UnixMillis>(exp->GetDouble() * 1000.0);
  claims.username.assign(name->GetString(), name->GetStringLength());
  // Only our own tokens name a session; an identity provider's "sid" means
  // something else, so it is not read from RS256 tokens.
  if (alg == JWT_ALG_HS256 && sid != nullptr && sid->IsString()) {
    claims.session_id.assign(sid->GetString(), sid->GetStringLength());
  }
  return claims;
}

}  // namespace dashboard::server::auth
