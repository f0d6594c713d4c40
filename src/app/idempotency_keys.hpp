// idempotency_keys: the Idempotency-Key each edit carries. A key is made
// once, when the edit is made, and stays with it: every resend of the edit
// (the person's Retry, a retry after 409 IDEMPOTENCY_KEY_IN_USE) carries
// the same key, so the server does it at most once; a new edit gets a new
// key. Keys must not repeat for one user within 24 h across tabs and
// devices: each generator takes a random prefix (64 bits from
// std::random_device, which Emscripten backs with the browser's
// crypto.getRandomValues) and counts up behind it.
//
//   IdempotencyKeys keys;                // "9f0c1d2e3a4b5c6d-1", "...-2", ...
//   edit.idempotency_key = keys.next();  // stored on the edit
//   req.idempotency_key = edit.idempotency_key;
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace dashboard::app {

class IdempotencyKeys {
 public:
  // A random prefix.
  IdempotencyKeys();
  // A given prefix (tests); "<prefix>-<n>" must stay within 255 visible
  // ASCII characters.
  explicit IdempotencyKeys(std::string prefix) : prefix_(std::move(prefix)) {}

  // "<prefix>-<n>", never the same twice from one generator.
  std::string next();
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  std::uint64_t next_ = 1;
};

// 16 lowercase hex digits from std::random_device.
std::string random_key_prefix();

}  // namespace dashboard::app
