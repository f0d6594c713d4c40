#include "status/status_board.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>

#include "core/socketio/socketio.hpp"

namespace dashboard::server::status {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr core::UnixMillis kMinute = 60'000;
constexpr core::UnixMillis kHour = 60 * kMinute;

double round_to(double value, double step) {
  return std::round(value / step) * step;
}

void write_point(Writer& w, const HistoryPoint& p) {
  w.StartObject();
  w.Key("t");
  w.String(core::format_rfc3339_utc(p.minute).c_str());
  w.Key("status");
  w.String(to_string(p.status).data());
  w.Key("responseTime");
  if (p.response_ms) {
    w.Double(round_to(*p.response_ms, 0.01));
  } else {
    w.Null();
  }
  w.EndObject();
}

std::string_view overall_word(const std::vector<ServiceState>& services) {
  ServiceStatus overall = ServiceStatus::Up;
  for (const ServiceState& s : services) {
    if (s.checked) overall = worst(overall, s.status);
  }
  switch (overall) {
    case ServiceStatus::Up:
      return "operational";
    case ServiceStatus::Degraded:
      return "degraded";
    case ServiceStatus::Down:
      return "outage";
  }
  return "outage";
}

void write_state(Writer& w, const ServiceState& s) {
  w.StartObject();
  w.Key("serviceId");
  w.String(s.id.c_str());
  w.Key("name");
  w.String(s.name.c_str());
  w.Key("public");
  w.Bool(s.is_public);
  w.Key("status");
  // Before its first check a service is "unknown": the page says "Checking".
  w.String(s.checked ? to_string(s.status).data() : "unknown");
  if (s.response_ms) {
    w.Key("responseTime");
    w.Double(round_to(*s.response_ms, 0.01));
  }
  w.Key("details");
  w.String(s.details.c_str());
  if (s.checked) {
    w.Key("timestamp");
    w.String(core::format_rfc3339_utc(s.checked_at).c_str());
  }
  if (s.uptime_percent) {
    w.Key("uptime");
    w.Double(round_to(*s.uptime_percent, 0.1));
  }
  w.Key("history");
  w.StartArray();
  for (const HistoryPoint& p : s.last_hour) write_point(w, p);
  w.EndArray();
  w.EndObject();
}

}  // namespace

StatusBoard::StatusBoard(std::string nsp) : nsp_(std::move(nsp)) {}

void StatusBoard::add_service(const std::string& id, const std::string& name, bool is_public) {
  std::lock_guard lock(mutex_);
  Service service;
  service.state.id = id;
  service.state.name = name;
  service.state.is_public = is_public;
  services_.push_back(std::move(service));
}

StatusBoard::Service* StatusBoard::find(const std::string& id) {
  for (Service& s : services_) {
    if (s.state.id == id) return &s;
  }
  return nullptr;
}

const StatusBoard::Service* StatusBoard::find(const std::string& id) const {
  for (const Service& s : services_) {
    if (s.state.id == id) return &s;
  }
  return nullptr;
}

bool StatusBoard::has_service(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return find(id) != nullptr;
}

bool StatusBoard::visible(const std::string& id, bool admin) const {
  std::lock_guard lock(mutex_);
  const Service* s = find(id);
  return s != nullptr && (admin || s->state.is_public);
}

ServiceState StatusBoard::public_state(const Service& service) const {
  ServiceState out = service.state;
  const core::UnixMillis now = service.state.checked_at;
  int checks = 0;
  int up = 0;
  for (const HistoryPoint& p : service.history) {
    checks += p.checks;
    up += p.up;
    if (p.minute > now - kHour) out.last_hour.push_back(p);
  }
  if (checks > 0) out.uptime_percent = 100.0 * up / checks;
  return out;
}

std::optional<StatusBoard::SteadyTime> StatusBoard::record(const std::string& id,
                                                           const CheckResult& result,
                                                           core::UnixMillis wall_now,
                                                           SteadyTime steady_now) {
  std::lock_guard lock(mutex_);
  Service* service = find(id);
  if (service == nullptr) return std::nullopt;
  ServiceState& st = service->state;
  st.checked = true;
  st.status = result.status;
  st.response_ms = result.response_ms;
  st.details = result.details;
  st.checked_at = wall_now;

  const core::UnixMillis minute = wall_now - (wall_now % kMinute);
  if (service->history.empty() || service->history.back().minute != minute) {
    HistoryPoint fresh;
    fresh.minute = minute;
    service->history.push_back(fresh);
  }
  HistoryPoint& point = service->history.back();
  point.status = point.checks == 0 ? result.status : worst(point.status, result.status);
  if (result.response_ms) {
    const int with_figure = point.response_ms ? point.checks : 0;
    point.response_ms =
        (point.response_ms.value_or(0) * with_figure + *result.response_ms) / (with_figure + 1);
  }
  point.checks += 1;
  point.up += result.status == ServiceStatus::Down ? 0 : 1;
  const core::UnixMillis oldest =
      wall_now - std::chrono::duration_cast<std::chrono::milliseconds>(kHistorySpan).count();
  while (!service->history.empty() && service->history.front().minute <= oldest) {
    service->history.pop_front();
  }

  // A check that cannot run says so once (and again if the reason changes).
  const std::string misconfigured = result.misconfigured ? result.details : std::string();
  if (misconfigured != service->misconfigured) {
    service->misconfigured = misconfigured;
    if (!misconfigured.empty()) broadcast(*service, error_frame(*service));
  }

  service->pending = true;
  if (steady_now - service->last_delta >= kMinDeltaGap) {
    emit_delta(*service, steady_now);
    return std::nullopt;
  }
  return service->last_delta + kMinDeltaGap;
}

std::optional<StatusBoard::SteadyTime> StatusBoard::flush_due(SteadyTime steady_now) {
  std::lock_guard lock(mutex_);
  std::optional<SteadyTime> next;
  for (Service& service : services_) {
    if (!service.pending) continue;
    const SteadyTime due = service.last_delta + kMinDeltaGap;
    if (steady_now >= due) {
      emit_delta(service, steady_now);
    } else if (!next || due < *next) {
      next = due;
    }
  }
  return next;
}

void StatusBoard::emit_delta(Service& service, SteadyTime steady_now) {
  service.pending = false;
  service.last_delta = steady_now;
  const ServiceState full = public_state(service);
  Told now;
  now.status = full.status;
  now.response_ms =
      full.response_ms ? std::optional(round_to(*full.response_ms, 0.01)) : std::nullopt;
  now.details = full.details;
  if (full.uptime_percent) now.uptime_tenths = round_to(*full.uptime_percent, 0.1);
  if (!full.last_hour.empty()) now.minute = full.last_hour.back();

  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("serviceId");
  w.String(full.id.c_str());
  w.Key("timestamp");
  w.String(core::format_rfc3339_utc(full.checked_at).c_str());
  if (now.status != service.told.status) {
    w.Key("status");
    w.String(to_string(*now.status).data());
  }
  if (now.response_ms != service.told.response_ms) {
    w.Key("responseTime");
    if (now.response_ms) {
      w.Double(*now.response_ms);
    } else {
      w.Null();
    }
  }
  if (now.details != service.told.details) {
    w.Key("details");
    w.String(now.details.c_str());
  }
  if (now.uptime_tenths != service.told.uptime_tenths && now.uptime_tenths) {
    w.Key("uptime");
    w.Double(*now.uptime_tenths);
  }
  const bool minute_changed =
      now.minute.has_value() != service.told.minute.has_value() ||
      (now.minute && (now.minute->minute != service.told.minute->minute ||
                      now.minute->status != service.told.minute->status ||
                      now.minute->response_ms != service.told.minute->response_ms));
  if (minute_changed && now.minute) {
    w.Key("point");
    write_point(w, *now.minute);
  }
  w.EndObject();
  service.told = std::move(now);
  broadcast(service,
            std::make_shared<const std::string>(core::sio::encode_event_frame(
                nsp_, "service:status", std::string_view(buffer.GetString(), buffer.GetSize()))));
}

void StatusBoard::broadcast(const Service& service, const StatusFrame& frame) {
  for (auto it = subscribers_.begin(); it != subscribers_.end();) {
    if (it->second.alive.expired()) {
      it = subscribers_.erase(it);
      continue;
    }
    if (it->second.admin || service.state.is_public) it->second.send(frame);
    ++it;
  }
}

StatusFrame StatusBoard::error_frame(const Service& service) const {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("serviceId");
  w.String(service.state.id.c_str());
  w.Key("code");
  w.String("CHECK_CANNOT_RUN");
  w.Key("message");
  w.String((service.state.name + ": " + service.misconfigured).c_str());
  w.EndObject();
  return std::make_shared<const std::string>(core::sio::encode_event_frame(
      nsp_, "error", std::string_view(buffer.GetString(), buffer.GetSize())));
}

void StatusBoard::subscribe(const void* key, bool admin, std::function<void(StatusFrame)> send,
                            std::weak_ptr<const void> alive) {
  std::lock_guard lock(mutex_);
  std::vector<ServiceState> visible_states;
  for (const Service& s : services_) {
    if (admin || s.state.is_public) visible_states.push_back(public_state(s));
  }
  // The bulk update goes out under the lock: no delta can overtake it.
  send(std::make_shared<const std::string>(core::sio::encode_event_frame(
      nsp_, "service:bulk-update", snapshot_json(visible_states, admin))));
  for (const Service& s : services_) {
    if ((admin || s.state.is_public) && !s.misconfigured.empty()) send(error_frame(s));
  }
  subscribers_[key] = Subscriber{admin, std::move(send), std::move(alive)};
}

void StatusBoard::unsubscribe(const void* key) {
  std::lock_guard lock(mutex_);
  subscribers_.erase(key);
}

std::size_t StatusBoard::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

std::vector<std::pair<std::string, HistoryPoint>> StatusBoard::latest_points() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, HistoryPoint>> out;
  for (const Service& s : services_) {
    // The minute before too: it may have ended since the last save.
    const std::size_t from = s.history.size() > 2 ? s.history.size() - 2 : 0;
    for (std::size_t i = from; i < s.history.size(); ++i)
      out.emplace_back(s.state.id, s.history[i]);
  }
  return out;
}

void StatusBoard::restore(const std::string& id, const std::vector<HistoryPoint>& points) {
  std::lock_guard lock(mutex_);
  Service* service = find(id);
  if (service == nullptr) return;  // a monitor no longer configured
  service->history.assign(points.begin(), points.end());
}

std::vector<ServiceState> StatusBoard::snapshot(bool admin) const {
  std::lock_guard lock(mutex_);
  std::vector<ServiceState> out;
  for (const Service& s : services_) {
    if (admin || s.state.is_public) out.push_back(public_state(s));
  }
  return out;
}

std::optional<ServiceState> StatusBoard::state(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const Service* s = find(id);
  if (s == nullptr) return std::nullopt;
  return public_state(*s);
}

std::string StatusBoard::state_json(const ServiceState& state) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write_state(w, state);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string StatusBoard::snapshot_json(const std::vector<ServiceState>& services, bool admin) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("overall");
  w.String(overall_word(services).data());
  w.Key("role");
  w.String(admin ? "admin" : "member");
  w.Key("services");
  w.StartArray();
  for (const ServiceState& s : services) write_state(w, s);
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace dashboard::server::status
