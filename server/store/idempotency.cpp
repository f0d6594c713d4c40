// Idempotency keys claimed with the change they guard; see idempotency.hpp.
#include "store/idempotency.hpp"

namespace dashboard::server::store {
namespace {

thread_local IdempotencyClaim* active_claim = nullptr;

// Claims the key unless a live claim holds it: a row older than
// expired_before is taken over. Both engines take ON CONFLICT ... WHERE.
constexpr const char* kClaim = R"sql(
INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, created_ms)
VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id, idem_key) DO UPDATE
  SET fingerprint = excluded.fingerprint, created_ms = excluded.created_ms,
      status = NULL, headers = NULL, body = NULL
  WHERE idempotency_keys.created_ms < $5
)sql";

}  // namespace

ClaimScope::ClaimScope(IdempotencyClaim& claim) : previous_(active_claim) {
  active_claim = &claim;
}

ClaimScope::~ClaimScope() {
  active_claim = previous_;
}

void IdempotentDatabase::write(const std::function<void(sql::Session&)>& work) {
  IdempotencyClaim* claim = active_claim;
  if (claim == nullptr || claim->recorded) {
    inner_->write(work);
    return;
  }
  inner_->write([&](sql::Session& session) {
    work(session);
    const std::int64_t claimed = session.exec(kClaim, {claim->user, claim->key, claim->fingerprint,
                                                       claim->now_ms, claim->expired_before_ms});
    if (claimed == 0) {
      claim->conflict = true;
      // Rolls the change back: the key's first request did (or does) it.
      throw sql::Error(sql::Error::Kind::Constraint, "idempotency key already in use");
    }
  });
  claim->recorded = true;
}

std::optional<IdempotentAnswer> find_idempotent_answer(sql::Database& db, std::int64_t user,
                                                       const std::string& key,
                                                       std::int64_t expired_before_ms) {
  std::optional<IdempotentAnswer> found;
  db.read_one([&](sql::Session& session) {
    auto rows = session.query(
        "SELECT fingerprint, created_ms, status, headers, body FROM idempotency_keys "
        "WHERE user_id = $1 AND idem_key = $2 AND created_ms >= $3",
        {user, key, expired_before_ms});
    if (!rows->next()) return;
    IdempotentAnswer answer;
    answer.fingerprint = rows->text(0);
    answer.created_ms = rows->int64(1);
    if (!rows->is_null(2)) {
      answer.status = static_cast<int>(rows->int64(2));
      answer.headers = rows->text(3);
      answer.body = rows->text(4);
    }
    found = std::move(answer);
  });
  return found;
}

void save_idempotent_answer(sql::Database& db, std::int64_t user, const std::string& key,
                            int status, const std::string& headers, const std::string& body) {
  db.write([&](sql::Session& session) {
    session.exec(
        "UPDATE idempotency_keys SET status = $1, headers = $2, body = $3 "
        "WHERE user_id = $4 AND idem_key = $5",
        {status, headers, body, user, key});
  });
}

std::int64_t prune_idempotency_keys(sql::Database& db, std::int64_t before_ms) {
  std::int64_t removed = 0;
  db.write([&](sql::Session& session) {
    removed = session.exec("DELETE FROM idempotency_keys WHERE created_ms < $1", {before_ms});
  });
  return removed;
}

}  // namespace dashboard::server::store
