// status_model: the /status page's data, as the socket tells it. A
// `service:bulk-update` (the GET /api/status body) replaces every card;
// a `service:status` delta carries only the fields that changed and
// updates one card; the banner's word follows from the cards. Pure: the
// page, the dashboard's System card and the unit tests share it.
//
//   StatusModel model;
//   model.apply_bulk(R"({"overall":"operational","services":[...]})");
//   StatusChange c = *model.apply_delta(R"({"serviceId":"database","status":"degraded",...})");
//   c.announcement;              // "Database degraded" (the live region's line)
//   overall_label(model.overall());  // "Degraded"
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

// Unknown: before its first check ("Checking").
enum class ServiceHealth { Unknown, Up, Degraded, Down };

// "up" -> Up, ...; nullopt for a word the page does not know.
std::optional<ServiceHealth> parse_health(std::string_view word);
// The word a card shows beside its dot: "Up", "Degraded", "Down", "Checking".
const char* health_label(ServiceHealth health);

// One minute of history (a sparkline point).
struct StatusPoint {
  UnixMillis minute = 0;
  ServiceHealth health = ServiceHealth::Up;
  std::optional<double> response_ms;
};

struct ServiceCard {
  std::string id;    // "database", "http:covers"
  std::string name;  // "Database", "covers"
  bool is_public = false;
  ServiceHealth health = ServiceHealth::Unknown;
  std::optional<double> response_ms;
  std::string details;
  UnixMillis checked_at = 0;  // 0: not checked yet
  std::optional<double> uptime_percent;
  std::vector<StatusPoint> history;  // oldest first, at most the last hour
};

// The banner.
enum class Overall { Operational, Degraded, Outage };
// "All systems operational", "Degraded", "Outage".
const char* overall_label(Overall overall);

// What one delta changed.
struct StatusChange {
  std::string service_id;
  bool health_changed = false;
  std::string announcement;  // "Database degraded" when the health changed, else empty
};

class StatusModel {
 public:
  // Replaces every card with the body's services; answers how many. Fails
  // (the model kept as it was) when the body is not one.
  Result<std::size_t> apply_bulk(std::string_view json);
  // Applies a `service:status` delta. A delta for a service the model does
  // not hold is ignored (nullopt, no error); a malformed one is an error.
  Result<std::optional<StatusChange>> apply_delta(std::string_view json);
  // A card the refresh ack returned in full ({ok:true, service:{...}}):
  // replaces the card with the same id. Same result as a delta.
  Result<std::optional<StatusChange>> apply_service(std::string_view json);

  bool loaded() const { return loaded_; }
  // The reader's role as the body said it ("admin" or "member"; empty:
  // not said). Only admins get the dashboard's System card.
  const std::string& role() const { return role_; }
  const std::vector<ServiceCard>& services() const { return services_; }
  const ServiceCard* find(std::string_view id) const;
  // The worst health of the checked services (unchecked ones do not count).
  Overall overall() const;
  // Services by health, for the dashboard's System card.
  int count(ServiceHealth health) const;
  // Bumps whenever a card changes (the page's redraw key).
  std::uint64_t revision() const { return revision_; }
  void clear();

 private:
  std::vector<ServiceCard> services_;
  std::string role_;
  bool loaded_ = false;
  std::uint64_t revision_ = 0;
};

// Merges `point` into `history` by minute (a point for the newest minute
// replaces it, a newer one is appended) and keeps the hour ending at the
// newest point, oldest first.
void merge_point(std::vector<StatusPoint>& history, const StatusPoint& point);

// The sparkline's values: response time per point, a missing figure as
// the previous one (0 before any). Empty history: empty.
std::vector<float> sparkline_values(const std::vector<StatusPoint>& history);

// "42 ms", "1.2 s", "—" when none.
std::string response_time_label(std::optional<double> ms);
// "99.9 %", "—" when none.
std::string uptime_label(std::optional<double> percent);

}  // namespace dashboard::core::client
