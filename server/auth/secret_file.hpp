// secret_file: the HS256 signing secret when none is configured: generated
// once (256 random bits from OpenSSL) and kept in the data dir, readable by
// the server's user only, so tokens survive restarts and `dashboard-server
// token` signs with the same secret the server verifies with.
#pragma once

#include <filesystem>
#include <string>

namespace dashboard::server::auth {

inline constexpr const char* kSecretFileName = "jwt-secret";

// Reads data_dir/jwt-secret, creating it (mode 0600) when absent. Tightens
// the mode of an existing file that others could read. Throws
// std::runtime_error when the file cannot be read or written.
std::string load_or_create_secret(const std::filesystem::path& data_dir);

// `bytes` random bytes (OpenSSL) as lowercase hex: a new secret.
std::string random_hex(std::size_t bytes);

}  // namespace dashboard::server::auth
