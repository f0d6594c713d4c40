#include "status/status_store.hpp"

namespace dashboard::server::status {
namespace {

ServiceStatus status_from(const std::string& text) {
  if (text == "up") return ServiceStatus::Up;
  if (text == "degraded") return ServiceStatus::Degraded;
  return ServiceStatus::Down;
}

}  // namespace

StatusStore::StatusStore(std::shared_ptr<store::sql::Database> db) : db_(std::move(db)) {}

void StatusStore::save_minute(const std::string& service_id, const HistoryPoint& point) {
  const std::string status(to_string(point.status));
  db_->write([&](store::sql::Session& s) {
    s.exec(
        "INSERT INTO status_history (service_id, minute, status, response_ms, checks, up) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (service_id, minute) DO UPDATE SET "
        "status = excluded.status, response_ms = excluded.response_ms, "
        "checks = excluded.checks, up = excluded.up",
        {service_id, point.minute, status,
         point.response_ms ? store::sql::Param(*point.response_ms) : store::sql::Param(nullptr),
         static_cast<std::int64_t>(point.checks), static_cast<std::int64_t>(point.up)});
  });
}

std::int64_t StatusStore::prune(core::UnixMillis oldest) {
  std::int64_t removed = 0;
  db_->write([&](store::sql::Session& s) {
    removed = s.exec("DELETE FROM status_history WHERE minute < $1", {oldest});
  });
  return removed;
}

std::map<std::string, std::vector<HistoryPoint>> StatusStore::load(core::UnixMillis since) {
  std::map<std::string, std::vector<HistoryPoint>> out;
  db_->read_one([&](store::sql::Session& s) {
    auto rows = s.query(
        "SELECT service_id, minute, status, response_ms, checks, up FROM status_history "
        "WHERE minute >= $1 ORDER BY service_id, minute",
        {since});
    while (rows->next()) {
      HistoryPoint p;
      p.minute = rows->int64(1);
      p.status = status_from(rows->text(2));
      if (!rows->is_null(3)) p.response_ms = rows->real(3);
      p.checks = static_cast<int>(rows->int64(4));
      p.up = static_cast<int>(rows->int64(5));
      out[rows->text(0)].push_back(p);
    }
  });
  return out;
}

void StatusStore::beat(const std::string& instance_id, core::UnixMillis at) {
  db_->write([&](store::sql::Session& s) {
    s.exec(
        "INSERT INTO status_heartbeats (instance_id, beat_at) VALUES ($1, $2) "
        "ON CONFLICT (instance_id) DO UPDATE SET beat_at = excluded.beat_at",
        {instance_id, at});
  });
}

std::vector<std::pair<std::string, core::UnixMillis>> StatusStore::instances(
    core::UnixMillis since) {
  std::vector<std::pair<std::string, core::UnixMillis>> out;
  db_->read_one([&](store::sql::Session& s) {
    auto rows = s.query(
        "SELECT instance_id, beat_at FROM status_heartbeats WHERE beat_at >= $1 "
        "ORDER BY instance_id",
        {since});
    while (rows->next()) out.emplace_back(rows->text(0), rows->int64(1));
  });
  return out;
}

}  // namespace dashboard::server::status
