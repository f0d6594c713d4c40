#include "auth/refresh_cookie.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>

namespace dashboard::server::auth {

std::string new_refresh_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  std::string b64(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  b64.resize(static_cast<std::size_t>(n));
  std::string token;
  for (char c : b64) {  // base64url without padding: a cookie value needs no quoting
    if (c == '=') break;
    token.push_back(c == '+' ? '-' : c == '/' ? '_' : c);
  }
  return token;
}

std::string hash_refresh_token(std::string_view token) {
  return sha256_hex(token);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

namespace {

std::string cookie(std::string_view value, long long max_age, bool secure) {
  std::string out(kRefreshCookieName);
  out += "=";
  out += value;
  out += "; Path=";
  out += kRefreshCookiePath;
  out += "; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Strict";
  if (secure) out += "; Secure";
  return out;
}

}  // namespace

std::string refresh_cookie(std::string_view token, std::chrono::seconds max_age, bool secure) {
  return cookie(token, max_age.count(), secure);
}

std::string cleared_refresh_cookie(bool secure) {
  return cookie("", 0, secure);
}

std::optional<std::string> refresh_token_from(std::string_view header) {
  // "a=1; dashboard_refresh=xyz; b=2"
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != kRefreshCookieName) continue;
    const std::string_view value = pair.substr(eq + 1);
    if (value.empty() || value.size() > 128) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace dashboard::server::auth
