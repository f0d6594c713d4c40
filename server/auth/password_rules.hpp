// password_rules: what a new password must be, in the rules people know:
// at least 10 characters (at most 1,024: argon2 hashes whatever it gets,
// a megabyte "password" only costs us), not the username, and not one of
// the most common passwords (common_passwords.txt, compiled in), nor one
// with digits or symbols added at the end, compared without regard to case.
//
//   if (auto why = password_problem("alice", "alicealice")) return bad_request(*why);
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dashboard::server::auth {

inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// nullopt when `password` may be used by `username`; otherwise the reason,
// a sentence fit for the person choosing it.
std::optional<std::string> password_problem(std::string_view username, std::string_view password);

// A username the API and the CLI accept: 1-64 of [A-Za-z0-9._-].
std::optional<std::string> username_problem(std::string_view username);

}  // namespace dashboard::server::auth
