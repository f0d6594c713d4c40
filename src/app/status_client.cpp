#include "app/status_client.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app/transport.hpp"
#include "core/json_fields.hpp"

namespace dashboard::app {
namespace {

std::string string_member(const rapidjson::Value& v, const char* key) {
  const rapidjson::Value* m = core::find_member(v, key);
  return m != nullptr && m->IsString() ? std::string(m->GetString(), m->GetStringLength())
                                       : std::string();
}

std::string json_string(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

StatusClient::StatusClient(Transport& transport, LiveClient& live, std::int64_t summary_interval_ms)
    : transport_(transport), live_(live), summary_interval_ms_(summary_interval_ms) {
  live_.on_status_event = [this](const core::client::ServerEvent& event) { on_event(event); };
}

StatusClient::~StatusClient() {
  *alive_ = false;
  live_.on_status_event = nullptr;
}

void StatusClient::update(core::UnixMillis now, StatusWant want) {
  now_ = now;
  if (live_.generation() != generation_) {
    // Another user signed in (or none): their services are not these.
    generation_ = live_.generation();
    model_.clear();
    subscribed_ = false;
    refreshing_.clear();
    changed_at_.clear();
    next_fetch_at_ = 0;
  }
  if (want != StatusWant::Live) {
    if (subscribed_) {
      if (subscribed_on_ == live_.connections()) live_.emit("unsubscribe:status", "{}");
      next_fetch_at_ = now + summary_interval_ms_;  // what the page showed is fresh
    }
    subscribed_ = false;
    // A member gets no System card: one answer saying so is enough.
    if (want == StatusWant::Summary && now >= next_fetch_at_ && !fetch_in_flight_ &&
        model_.role() != "member" && !live_.needs_sign_in()) {
      next_fetch_at_ = now + summary_interval_ms_;
      fetch_summary();
    }
    return;
  }
  if (subscribed_ && subscribed_on_ == live_.connections()) return;
  // A new socket: the old one's refreshes will not be answered.
  refreshing_.clear();
  if (live_.emit("subscribe:status", "{}")) {
    subscribed_ = true;
    subscribed_on_ = live_.connections();
  }
}

void StatusClient::fetch_summary() {
  fetch_in_flight_ = true;
  std::weak_ptr<bool> alive = alive_;
  const std::uint64_t generation = live_.generation();
  transport_.http(get_request("/api/status", live_.token()),
                  [this, alive, generation](const HttpResponse& response) {
                    const auto a = alive.lock();
                    if (!a || !*a) return;
                    fetch_in_flight_ = false;
                    if (generation != live_.generation() || subscribed_) return;
                    if (response.status == 401) {
                      live_.auth_expired(now_);
                      return;
                    }
                    if (response.status != 200) return;  // the card keeps what it had
                    const auto applied = model_.apply_bulk(response.body);
                    if (!applied && live_.log) {
                      live_.log("skipped GET /api/status: " + applied.error().to_string());
                    }
                  });
}

void StatusClient::on_event(const core::client::ServerEvent& event) {
  if (!subscribed_) return;  // a late event after leaving the page
  if (event.name == "service:bulk-update") {
    const core::client::StatusModel before = model_;
    const auto applied = model_.apply_bulk(event.arg_json);
    if (!applied) {
      if (live_.log) live_.log("skipped service:bulk-update: " + applied.error().to_string());
      return;
    }
    // A bulk update after a reconnect may carry changes made meanwhile.
    if (before.loaded()) {
      for (const core::client::ServiceCard& card : model_.services()) {
        const core::client::ServiceCard* old = before.find(card.id);
        if (old != nullptr && old->health != card.health) {
          note_change({.service_id = card.id,
                       .health_changed = true,
                       .announcement = card.name + " " + core::client::health_label(card.health)});
        }
      }
    }
    return;
  }
  if (event.name == "service:status") {
    const auto change = model_.apply_delta(event.arg_json);
    if (!change) {
      if (live_.log) live_.log("skipped service:status: " + change.error().to_string());
      return;
    }
    if (*change) note_change(**change);
    return;
  }
  if (event.name == "error") {
    rapidjson::Document doc;
    core::Error error;
    if (!core::parse_json(event.arg_json, doc, error) || !doc.IsObject()) {
      if (live_.log) live_.log("skipped error event: " + event.arg_json);
      return;
    }
    std::string message = string_member(doc, "message");
    const std::string code = string_member(doc, "code");
    const std::string service = string_member(doc, "serviceId");
    if (message.empty()) message = "A status check cannot run";
    std::string detail = code.empty() ? std::string() : "Error code: " + code;
    if (!service.empty()) detail = service + (detail.empty() ? "" : " \xC2\xB7 " + detail);
    toasts_.push_back({Toast::Kind::Error, std::move(message), std::move(detail), "", "", 8000});
  }
}

void StatusClient::note_change(const core::client::StatusChange& change) {
  if (!change.health_changed) return;
  changed_at_[change.service_id] = now_;
  if (!change.announcement.empty()) announcement_ = change.announcement;
}

void StatusClient::refresh(const std::string& service_id) {
  if (refreshing(service_id)) return;
  std::weak_ptr<bool> alive = alive_;
  const bool sent =
      live_.emit("request:refresh", R"({"serviceId":)" + json_string(service_id) + "}",
                 [this, alive, service_id](std::string_view args) {
                   if (const auto a = alive.lock(); a && *a) on_refresh_answer(service_id, args);
                 });
  if (sent) {
    refreshing_.insert(service_id);
  } else {
    toasts_.push_back({Toast::Kind::Error, "Cannot refresh while offline", "", "", "", 5000});
  }
}

bool StatusClient::refreshing(std::string_view service_id) const {
  return refreshing_.find(service_id) != refreshing_.end();
}

void StatusClient::on_refresh_answer(const std::string& service_id, std::string_view args_json) {
  refreshing_.erase(service_id);
  rapidjson::Document doc;
  core::Error error;
  if (!core::parse_json(args_json, doc, error) || !doc.IsArray() || doc.Empty() ||
      !doc[0].IsObject()) {
    if (live_.log) live_.log("skipped request:refresh answer: " + std::string(args_json));
    return;
  }
  const rapidjson::Value& answer = doc[0];
  const rapidjson::Value* ok = core::find_member(answer, "ok");
  if (ok != nullptr && ok->IsBool() && ok->GetBool()) {
    if (const rapidjson::Value* service = core::find_member(answer, "service");
        service != nullptr && service->IsObject()) {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
      service->Accept(w);
      const auto change =
          model_.apply_service(std::string_view(buffer.GetString(), buffer.GetSize()));
      if (change && *change) note_change(**change);
    }
    return;
  }
  std::string message = "Refresh failed";
  std::string code;
  if (const rapidjson::Value* e = core::find_member(answer, "error");
      e != nullptr && e->IsObject()) {
    if (std::string m = string_member(*e, "message"); !m.empty()) message = std::move(m);
    code = string_member(*e, "code");
  }
  toasts_.push_back({Toast::Kind::Error, std::move(message),
                     code.empty() ? std::string() : "Error code: " + code, "", "", 5000});
}

core::UnixMillis StatusClient::changed_at(std::string_view service_id) const {
  const auto it = changed_at_.find(service_id);
  return it == changed_at_.end() ? 0 : it->second;
}

}  // namespace dashboard::app
