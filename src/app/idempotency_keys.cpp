#include "app/idempotency_keys.hpp"

#include <random>

namespace dashboard::app {

std::string random_key_prefix() {
  std::random_device device;
  constexpr const char* kHex = "0123456789abcdef";
  std::string out;
  for (int word = 0; word < 2; ++word) {
    std::uint32_t bits = device();
    for (int digit = 0; digit < 8; ++digit) {
      out.push_back(kHex[bits & 0xFU]);
      bits >>= 4U;
    }
  }
  return out;
}

IdempotencyKeys::IdempotencyKeys() : prefix_(random_key_prefix()) {}

std::string IdempotencyKeys::next() {
  return prefix_ + "-" + std::to_string(next_++);
}

}  // namespace dashboard::app
