// common_headers: the header fields every response carries (server name and
// the security policy), kept in one list so Beast-built responses and the
// prebuilt static ones (static_site.hpp) cannot drift apart.
#pragma once

#include <array>
#include <string_view>

namespace dashboard::server::http {

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob: https:; font-src 'self'; connect-src 'self' ws: wss:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

inline constexpr std::array<HeaderField, 6> kCommonHeaders{{
    {"Server", "dashboard-server"},
    {"Content-Security-Policy", kContentSecurityPolicy},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
}};

}  // namespace dashboard::server::http
