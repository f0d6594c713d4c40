// idempotency: a mutating request sent again with the same Idempotency-Key
// does its work once (the IETF httpapi idempotency-key draft's semantics).
//
// The key is claimed inside the same transaction as the change it guards:
// while a claim is active on a thread, the first write transaction of that
// thread also inserts (user, key, fingerprint). If another request already
// holds the key, that insert finds it and the whole change rolls back; so
// a change and its key commit together or not at all, on both engines and
// across instances. The answer is stored right after, for replays.
//
//   IdempotencyClaim claim{user, key, fingerprint, now_ms, now_ms - 24h};
//   {
//     ClaimScope scope(claim);
//     response = route(request);   // its store->write(...) claims the key
//   }
//   if (claim.recorded) save_idempotent_answer(db, user, key, answer);
//   if (claim.conflict) ...409: the key is in use
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/sql/database.hpp"

namespace dashboard::server::store {

// How long a key (and its answer) is kept.
constexpr std::int64_t kIdempotencyKeptMs = std::int64_t{24} * 3600 * 1000;

struct IdempotencyClaim {
  std::int64_t user = 0;
  std::string key;
  std::string fingerprint;  // of method, target and body
  std::int64_t now_ms = 0;
  std::int64_t expired_before_ms = 0;  // an older row with this key counts as gone
  bool recorded = false;               // a write transaction committed with the key
  bool conflict = false;               // another request holds the key: rolled back
};

// Makes `claim` the calling thread's active claim until the scope ends.
class ClaimScope {
 public:
  explicit ClaimScope(IdempotencyClaim& claim);
  ClaimScope(const ClaimScope&) = delete;
  ClaimScope& operator=(const ClaimScope&) = delete;
  ~ClaimScope();

 private:
  IdempotencyClaim* previous_;
};

// Wraps the store's database: the first write() on a thread with an active
// claim also claims its key, in the same transaction.
class IdempotentDatabase final : public sql::Database {
 public:
  explicit IdempotentDatabase(std::shared_ptr<sql::Database> inner) : inner_(std::move(inner)) {}

  sql::Dialect dialect() const override { return inner_->dialect(); }
  void write(const std::function<void(sql::Session&)>& work) override;
  void read(const std::function<void(sql::Session&)>& work) override { inner_->read(work); }
  void read_one(const std::function<void(sql::Session&)>& work) override { inner_->read_one(work); }
  sql::PoolStats pool_stats() const override { return inner_->pool_stats(); }

 private:
  std::shared_ptr<sql::Database> inner_;
};

// What a key's first request answered; status is empty while that request
// is still running (or died between its change and storing its answer).
struct IdempotentAnswer {
  std::string fingerprint;
  std::int64_t created_ms = 0;
  std::optional<int> status;
  std::string headers;  // "Name: value\n" lines
  std::string body;
};

std::optional<IdempotentAnswer> find_idempotent_answer(sql::Database& db, std::int64_t user,
                                                       const std::string& key,
                                                       std::int64_t expired_before_ms);
void save_idempotent_answer(sql::Database& db, std::int64_t user, const std::string& key,
                            int status, const std::string& headers, const std::string& body);
// Forgets keys claimed before `before_ms`; returns how many.
std::int64_t prune_idempotency_keys(sql::Database& db, std::int64_t before_ms);

}  // namespace dashboard::server::store
