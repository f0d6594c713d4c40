// Outbox retention: SqlStore::prune_outbox. Expired events go in batches of
// kPruneBatch rows, oldest first through the created_at index, each batch
// its own short transaction: writers wait for one batch at most, never for
// the whole purge, and neither the users nor the topic_streams rows (which
// every writer locks first) are written or locked. How far a stream was
// pruned is not recorded: a read that finds the seqs after its resume point
// missing answers Gone (sql_store.cpp events_since, board_store.cpp).
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "store/sql_store.hpp"

namespace dashboard::server::store {
namespace {

// Small enough that a batch holds its locks for milliseconds, large enough
// that a day's events on a busy server go in a few hundred statements.
constexpr std::int64_t kPruneBatch = 1000;

// A batch of one stream table's expired rows, found by its created_at index
// and deleted by row address. With keep_min > 0 each stream's newest
// keep_min events stay; the stream's last seq is only read (no lock).
// PostgreSQL deletes by ctid (a TID scan): given "(key, seq) IN (...)" its
// planner joined the batch against a sequential scan of the whole table.
// Event rows are never updated, so their ctids hold still.
std::string batch_delete(sql::Dialect dialect, const char* table, const char* stream_column,
                         const char* streams_table, const char* streams_key, bool keep_newest) {
  const std::string t(table);
  const std::string key(stream_column);
  const bool postgres = dialect == sql::Dialect::Postgres;
  std::string batch = std::string("SELECT ") + (postgres ? "e.ctid" : "e." + key + ", e.seq") +
                      " FROM " + t + " e WHERE e.created_at < $1";
  if (keep_newest) {
    batch += std::string(" AND e.seq <= (SELECT s.last_seq FROM ") + streams_table + " s WHERE s." +
             streams_key + " = e." + key + ") - $3";
  }
  batch += " ORDER BY e.created_at LIMIT $2";
  if (postgres) return "DELETE FROM " + t + " WHERE ctid = ANY(ARRAY(" + batch + "))";
  return "DELETE FROM " + t + " WHERE (" + key + ", seq) IN (" + batch + ")";
}

}  // namespace

StoreResult<std::int64_t> SqlStore::prune_outbox(core::UnixMillis keep_after_ms,
                                                 std::int64_t keep_min) {
  try {
    const std::string horizon = core::format_rfc3339_utc(keep_after_ms);
    const bool keep_newest = keep_min > 0;
    std::vector<sql::Param> params{horizon, kPruneBatch};
    if (keep_newest) params.emplace_back(keep_min);
    const auto drain = [&](const std::string& statement) {
      std::int64_t total = 0;
      for (;;) {
        std::int64_t deleted = 0;
        db_->write([&](sql::Session& s) { deleted = s.exec(statement, params); });
        total += deleted;
        if (deleted < kPruneBatch) return total;
      }
    };
    const std::int64_t events =
        drain(batch_delete(db_->dialect(), "outbox", "user_id", "users", "id", keep_newest));
    drain(batch_delete(db_->dialect(), "topic_events", "topic", "topic_streams", "topic",
                       keep_newest));
    // A deleted MOC can be restored for as long as its events can be replayed.
    db_->write([&](sql::Session& s) {
      s.exec("DELETE FROM mocs WHERE deleted_at IS NOT NULL AND deleted_at < $1", {horizon});
    });
    return events;
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

}  // namespace dashboard::server::store
