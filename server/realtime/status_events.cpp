#include "realtime/status_events.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string>

#include "core/socketio/engineio.hpp"
#include "log.hpp"
#include "status/status_monitor.hpp"

namespace dashboard::server::realtime {
namespace sio = core::sio;
namespace eio = core::eio;

namespace {

Frame ack_frame(std::uint64_t ack_id, const std::string& payload) {
  return std::make_shared<const std::string>(
      eio::encode_packet(eio::PacketType::Message,
                         sio::encode_packet({.type = sio::PacketType::Ack,
                                             .nsp = std::string(status::StatusMonitor::kNamespace),
                                             .ack_id = ack_id,
                                             .data = "[" + payload + "]"})));
}

std::string refusal(std::string_view code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("ok");
  w.Bool(false);
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

// The service id of a refresh: {"serviceId":"database"} or "database".
std::optional<std::string> service_id_of(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) return std::nullopt;
  if (doc.IsString()) return std::string(doc.GetString(), doc.GetStringLength());
  if (doc.IsObject() && doc.HasMember("serviceId") && doc["serviceId"].IsString()) {
    return std::string(doc["serviceId"].GetString(), doc["serviceId"].GetStringLength());
  }
  return std::nullopt;
}

}  // namespace

StatusEvents::StatusEvents(std::shared_ptr<status::StatusMonitor> monitor)
    : monitor_(std::move(monitor)) {}

bool StatusEvents::handle(store::UserId user, const sio::EventMessage& event,
                          std::optional<std::uint64_t> ack_id,
                          const std::shared_ptr<Subscriber>& socket) {
  if (event.name == "subscribe:status") {
    const bool admin = monitor_->is_admin(user);
    std::weak_ptr<Subscriber> weak = socket;
    monitor_->board().subscribe(
        socket.get(), admin,
        [weak](const status::StatusFrame& frame) {
          if (const auto live = weak.lock()) live->deliver(frame);
        },
        std::weak_ptr<const void>(socket));
    if (ack_id) socket->deliver(ack_frame(*ack_id, R"({"ok":true})"));
    return true;
  }
  if (event.name == "unsubscribe:status") {
    monitor_->board().unsubscribe(socket.get());
    if (ack_id) socket->deliver(ack_frame(*ack_id, R"({"ok":true})"));
    return true;
  }
  if (event.name == "request:refresh") {
    refresh(user, event, ack_id, socket);
    return true;
  }
  return false;
}

void StatusEvents::refresh(store::UserId user, const sio::EventMessage& event,
                           std::optional<std::uint64_t> ack_id,
                           const std::shared_ptr<Subscriber>& socket) {
  const auto answer = [&](const std::string& payload) {
    if (ack_id) socket->deliver(ack_frame(*ack_id, payload));
  };
  const auto id = service_id_of(event.first_arg_json);
  if (!id) {
    answer(refusal("BAD_REQUEST", "serviceId: must be a string"));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    auto bucket = refresh_buckets_.try_emplace(socket.get(), kRefreshPerSecond, kRefreshBurst,
                                               std::chrono::steady_clock::now());
    if (!bucket.first->second.try_take(std::chrono::steady_clock::now())) {
      answer(refusal("RATE_LIMITED", "too many refreshes; try again in a few seconds"));
      return;
    }
  }
  if (!monitor_->board().has_service(*id)) {
    answer(refusal("NOT_FOUND", "serviceId: no service \"" + *id + "\""));
    return;
  }
  if (!monitor_->board().visible(*id, monitor_->is_admin(user))) {
    log::info("status refresh refused", {{"user", user}, {"service", *id}});
    answer(refusal("FORBIDDEN", "serviceId: \"" + *id + "\" is not visible to you"));
    return;
  }
  std::weak_ptr<Subscriber> weak = socket;
  monitor_->refresh(*id, [weak, ack_id](const status::ServiceState& state) {
    const auto live = weak.lock();
    if (!live || !ack_id) return;
    live->deliver(ack_frame(
        *ack_id, R"({"ok":true,"service":)" + status::StatusBoard::state_json(state) + "}"));
  });
}

void StatusEvents::forget(const Subscriber* socket) {
  monitor_->board().unsubscribe(socket);
  std::lock_guard lock(mutex_);
  refresh_buckets_.erase(socket);
}

}  // namespace dashboard::server::realtime
