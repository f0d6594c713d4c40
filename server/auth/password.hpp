// password: argon2id password hashes (libargon2, OWASP's minimum
// parameters: 19 MiB, 2 passes, 1 lane) in the PHC encoded form.
#pragma once

#include <string>
#include <string_view>

namespace dashboard::server::auth {

// A fresh salt every call. Throws std::runtime_error if hashing fails.
std::string hash_password(std::string_view password);

bool verify_password(const std::string& encoded_hash, std::string_view password);

// Spends the same time as a real verification, so "no such user" and
// "wrong password" cannot be told apart by timing.
void verify_dummy_password(std::string_view password);

}  // namespace dashboard::server::auth
