// refresh_cookie: the refresh token and the cookie that carries it.
//
// The token is 32 random bytes (base64url); the store keeps only its
// SHA-256. The cookie is HttpOnly (page scripts never hold it),
// SameSite=Strict (no other site's page sends it), scoped to /api/auth
// (no other request carries it) and Secure when the page came over HTTPS.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dashboard::server::auth {

inline constexpr std::string_view kRefreshCookieName = "dashboard_refresh";
inline constexpr std::string_view kRefreshCookiePath = "/api/auth";

std::string new_refresh_token();
std::string sha256_hex(std::string_view bytes);          // lowercase hex
std::string hash_refresh_token(std::string_view token);  // sha256_hex of it

// The Set-Cookie value that stores `token` for `max_age`.
std::string refresh_cookie(std::string_view token, std::chrono::seconds max_age, bool secure);
// The Set-Cookie value that deletes it.
std::string cleared_refresh_cookie(bool secure);

// The refresh token in a Cookie header, if there is one.
std::optional<std::string> refresh_token_from(std::string_view cookie_header);

}  // namespace dashboard::server::auth
