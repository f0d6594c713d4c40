#include "status/service_status.hpp"

namespace dashboard::server::status {

std::string_view to_string(ServiceStatus status) {
  switch (status) {
    case ServiceStatus::Up:
      return "up";
    case ServiceStatus::Degraded:
      return "degraded";
    case ServiceStatus::Down:
      return "down";
  }
  return "down";
}

ServiceStatus worst(ServiceStatus a, ServiceStatus b) {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

ServiceStatus Thresholds::classify(double value) const {
  if (value > down_above) return ServiceStatus::Down;
  if (value > degraded_above) return ServiceStatus::Degraded;
  return ServiceStatus::Up;
}

}  // namespace dashboard::server::status
