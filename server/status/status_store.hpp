// status_store: the status history and the instances' heartbeats in the
// database (schema step "system status" on both engines), so /status keeps
// its 24 h across restarts and every instance of a cluster is seen alive.
//
//   StatusStore store(database);
//   store.save_minute("database", point);      // upsert: the minute so far
//   store.prune(now - 24h);
//   store.beat("host:4242", now);
//   auto alive = store.instances(now - 30s);
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/timestamp.hpp"
#include "status/service_status.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server::status {

class StatusStore {
 public:
  explicit StatusStore(std::shared_ptr<store::sql::Database> db);

  // One minute of one service, replacing what was saved for it before.
  void save_minute(const std::string& service_id, const HistoryPoint& point);
  // Points whose minute is before `oldest`; returns how many went.
  std::int64_t prune(core::UnixMillis oldest);
  // Every service's points from `since` on, oldest first.
  std::map<std::string, std::vector<HistoryPoint>> load(core::UnixMillis since);

  void beat(const std::string& instance_id, core::UnixMillis at);
  // Instances whose last beat is at or after `since`, by id.
  std::vector<std::pair<std::string, core::UnixMillis>> instances(core::UnixMillis since);

 private:
  std::shared_ptr<store::sql::Database> db_;
};

}  // namespace dashboard::server::status
