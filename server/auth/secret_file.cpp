#include "auth/secret_file.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dashboard::server::auth {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0F]);
  }
  return out;
}

std::string load_or_create_secret(const std::filesystem::path& data_dir) {
  const std::filesystem::path file = data_dir / kSecretFileName;
  if (std::filesystem::exists(file)) {
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::ifstream in(file);
    std::string secret;
    std::getline(in, secret);
    if (secret.size() < 32) throw std::runtime_error(file.string() + " holds no usable secret");
    return secret;
  }
  std::string secret = random_hex(32);
  // O_EXCL: two processes starting at once must not both write a secret.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return load_or_create_secret(data_dir);
    throw std::runtime_error("cannot create " + file.string());
  }
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write " + file.string());
  return secret;
}

}  // namespace dashboard::server::auth
