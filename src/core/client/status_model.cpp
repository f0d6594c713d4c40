#include "core/client/status_model.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/json_fields.hpp"

namespace dashboard::core::client {
namespace {

constexpr UnixMillis kHourMs = 60 * 60'000;

bool read_health(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
                 ServiceHealth& out, Error& error) {
  const rapidjson::Value* member = find_member(v, key);
  if (member == nullptr || !member->IsString()) {
    return fail(error, path.field(key), "must be up, degraded, down or unknown");
  }
  const std::optional<ServiceHealth> health =
      parse_health(std::string_view(member->GetString(), member->GetStringLength()));
  if (!health) return fail(error, path.field(key), "must be up, degraded, down or unknown");
  out = *health;
  return true;
}

// An optional number: absent leaves `out`; null clears it.
bool read_optional_number(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
                          std::optional<double>& out, Error& error) {
  const rapidjson::Value* member = find_member(v, key);
  if (member == nullptr) return true;
  if (member->IsNull()) {
    out.reset();
    return true;
  }
  if (!member->IsNumber()) return fail(error, path.field(key), "must be a number or null");
  out = member->GetDouble();
  return true;
}

bool read_time(const rapidjson::Value& v, std::string_view key, const JsonPath& path,
               UnixMillis& out, Error& error) {
  std::string text;
  if (!read_timestamp(v, key, path, text, error)) return false;
  out = parse_rfc3339(text).value_or(0);
  return true;
}

bool decode_point(const rapidjson::Value& v, const JsonPath& path, StatusPoint& out, Error& error) {
  return expect_object(v, path, error) && read_time(v, "t", path, out.minute, error) &&
         read_health(v, "status", path, out.health, error) &&
         read_optional_number(v, "responseTime", path, out.response_ms, error);
}

bool decode_service(const rapidjson::Value& v, const JsonPath& path, ServiceCard& out,
                    Error& error) {
  if (!expect_object(v, path, error) || !read_string(v, "serviceId", path, out.id, error) ||
      !read_string(v, "name", path, out.name, error) ||
      !read_health(v, "status", path, out.health, error) ||
      !read_optional_number(v, "responseTime", path, out.response_ms, error) ||
      !read_optional_number(v, "uptime", path, out.uptime_percent, error)) {
    return false;
  }
  if (const rapidjson::Value* pub = find_member(v, "public"); pub != nullptr && pub->IsBool()) {
    out.is_public = pub->GetBool();
  }
  if (const rapidjson::Value* details = find_member(v, "details"); details != nullptr) {
    if (!details->IsString()) return fail(error, path.field("details"), "must be a string");
    out.details.assign(details->GetString(), details->GetStringLength());
  }
  if (find_member(v, "timestamp") != nullptr &&
      !read_time(v, "timestamp", path, out.checked_at, error)) {
    return false;
  }
  if (const rapidjson::Value* history = find_member(v, "history"); history != nullptr) {
    const JsonPath at = path.field("history");
    if (!expect_array(*history, at, error)) return false;
    for (rapidjson::SizeType i = 0; i < history->Size(); ++i) {
      StatusPoint point;
      if (!decode_point((*history)[i], at.at(i), point, error)) return false;
      merge_point(out.history, point);
    }
  }
  return true;
}

std::string lower_word(ServiceHealth health) {
  switch (health) {
    case ServiceHealth::Up:
      return "up";
    case ServiceHealth::Degraded:
      return "degraded";
    case ServiceHealth::Down:
      return "down";
    case ServiceHealth::Unknown:
      break;
  }
  return "checking";
}

StatusChange change_of(const ServiceCard& before, const ServiceCard& after) {
  StatusChange change;
  change.service_id = after.id;
  // A first verdict after "Checking" is news too, but only a bad one is
  // worth interrupting a screen reader for.
  change.health_changed = before.health != after.health;
  if (change.health_changed &&
      (before.health != ServiceHealth::Unknown || after.health != ServiceHealth::Up)) {
    change.announcement = after.name + " " + lower_word(after.health);
  }
  return change;
}

}  // namespace

std::optional<ServiceHealth> parse_health(std::string_view word) {
  if (word == "up") return ServiceHealth::Up;
  if (word == "degraded") return ServiceHealth::Degraded;
  if (word == "down") return ServiceHealth::Down;
  if (word == "unknown") return ServiceHealth::Unknown;
  return std::nullopt;
}

const char* health_label(ServiceHealth health) {
  switch (health) {
    case ServiceHealth::Up:
      return "Up";
    case ServiceHealth::Degraded:
      return "Degraded";
    case ServiceHealth::Down:
      return "Down";
    case ServiceHealth::Unknown:
      break;
  }
  return "Checking";
}

const char* overall_label(Overall overall) {
  switch (overall) {
    case Overall::Operational:
      return "All systems operational";
    case Overall::Degraded:
      return "Degraded";
    case Overall::Outage:
      return "Outage";
  }
  return "Outage";
}

Result<std::size_t> StatusModel::apply_bulk(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  if (!parse_json(json, doc, error) || !expect_object(doc, root, error)) return error;
  const rapidjson::Value* services = find_member(doc, "services");
  if (services == nullptr) return Error{"services", "is missing"};
  const JsonPath at = root.field("services");
  if (!expect_array(*services, at, error)) return error;
  std::vector<ServiceCard> cards(services->Size());
  for (rapidjson::SizeType i = 0; i < services->Size(); ++i) {
    if (!decode_service((*services)[i], at.at(i), cards[i], error)) return error;
  }
  const rapidjson::Value* role = find_member(doc, "role");
  role_ = role != nullptr && role->IsString()
              ? std::string(role->GetString(), role->GetStringLength())
              : std::string();
  services_ = std::move(cards);
  loaded_ = true;
  ++revision_;
  return services_.size();
}

Result<std::optional<StatusChange>> StatusModel::apply_delta(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  std::string id;
  if (!parse_json(json, doc, error) || !expect_object(doc, root, error) ||
      !read_string(doc, "serviceId", root, id, error)) {
    return error;
  }
  const auto it = std::find_if(services_.begin(), services_.end(),
                               [&id](const ServiceCard& s) { return s.id == id; });
  if (it == services_.end()) return std::optional<StatusChange>();
  ServiceCard next = *it;
  if (find_member(doc, "status") != nullptr &&
      !read_health(doc, "status", root, next.health, error)) {
    return error;
  }
  if (!read_optional_number(doc, "responseTime", root, next.response_ms, error) ||
      !read_optional_number(doc, "uptime", root, next.uptime_percent, error)) {
    return error;
  }
  if (const rapidjson::Value* details = find_member(doc, "details"); details != nullptr) {
    if (!details->IsString()) return Error{"details", "must be a string"};
    next.details.assign(details->GetString(), details->GetStringLength());
  }
  if (find_member(doc, "timestamp") != nullptr &&
      !read_time(doc, "timestamp", root, next.checked_at, error)) {
    return error;
  }
  if (const rapidjson::Value* point = find_member(doc, "point"); point != nullptr) {
    StatusPoint p;
    if (!decode_point(*point, root.field("point"), p, error)) return error;
    merge_point(next.history, p);
  }
  StatusChange change = change_of(*it, next);
  *it = std::move(next);
  ++revision_;
  return std::optional<StatusChange>(std::move(change));
}

Result<std::optional<StatusChange>> StatusModel::apply_service(std::string_view json) {
  rapidjson::Document doc;
  Error error;
  ServiceCard card;
  if (!parse_json(json, doc, error) || !decode_service(doc, JsonPath(), card, error)) return error;
  const auto it = std::find_if(services_.begin(), services_.end(),
                               [&card](const ServiceCard& s) { return s.id == card.id; });
  if (it == services_.end()) return std::optional<StatusChange>();
  StatusChange change = change_of(*it, card);
  *it = std::move(card);
  ++revision_;
  return std::optional<StatusChange>(std::move(change));
}

const ServiceCard* StatusModel::find(std::string_view id) const {
  for (const ServiceCard& s : services_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Overall StatusModel::overall() const {
  Overall overall = Overall::Operational;
  for (const ServiceCard& s : services_) {
    if (s.health == ServiceHealth::Down) return Overall::Outage;
    if (s.health == ServiceHealth::Degraded) overall = Overall::Degraded;
  }
  return overall;
}

int StatusModel::count(ServiceHealth health) const {
  return static_cast<int>(
      std::count_if(services_.begin(), services_.end(),
                    [health](const ServiceCard& s) { return s.health == health; }));
}

void StatusModel::clear() {
  services_.clear();
  role_.clear();
  loaded_ = false;
  ++revision_;
}

void merge_point(std::vector<StatusPoint>& history, const StatusPoint& point) {
  if (!history.empty() && point.minute < history.back().minute) {
    // An older minute (out of order): put it in its place.
    const auto at =
        std::lower_bound(history.begin(), history.end(), point.minute,
                         [](const StatusPoint& p, UnixMillis minute) { return p.minute < minute; });
    if (at != history.end() && at->minute == point.minute) {
      *at = point;
    } else {
      history.insert(at, point);
    }
  } else if (!history.empty() && point.minute == history.back().minute) {
    history.back() = point;
  } else {
    history.push_back(point);
  }
  const UnixMillis newest = history.back().minute;
  std::erase_if(history, [newest](const StatusPoint& p) { return p.minute <= newest - kHourMs; });
}

std::vector<float> sparkline_values(const std::vector<StatusPoint>& history) {
  std::vector<float> values;
  values.reserve(history.size());
  float last = 0;
  for (const StatusPoint& p : history) {
    if (p.response_ms) last = static_cast<float>(*p.response_ms);
    values.push_back(last);
  }
  return values;
}

std::string response_time_label(std::optional<double> ms) {
  if (!ms) return "\xE2\x80\x94";
  char text[32];
  if (*ms >= 1000) {
    std::snprintf(text, sizeof text, "%.1f s", *ms / 1000);
  } else if (*ms >= 10) {
    std::snprintf(text, sizeof text, "%.0f ms", *ms);
  } else {
    std::snprintf(text, sizeof text, "%.1f ms", *ms);
  }
  return text;
}

std::string uptime_label(std::optional<double> percent) {
  if (!percent) return "\xE2\x80\x94";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", *percent);
  return text;
}

}  // namespace dashboard::core::client
