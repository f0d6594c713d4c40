// status_client: the /status page's feed. While a page wants it, it sends
// `subscribe:status` on the live socket (again after every reconnect: the
// server forgets subscriptions with the socket), applies the
// `service:bulk-update` and `service:status` events to a StatusModel,
// remembers when each card's health changed (the card flashes) and what
// to announce ("Database degraded"), and turns `error` events into toasts.
// Refresh sends `request:refresh` with an ack and applies the answer; the
// card's button stays disabled until then.
//
// The dashboard's System card needs only a summary, and only for admins:
// it reads GET /api/status (whose `role` says whether the reader is an
// admin) when the dashboard opens and every `summary_interval_ms` while it
// stays open, rather than holding a subscription whose deltas would wake
// the dashboard every few seconds.
//
//   StatusClient status(transport, live);  // sets live.on_status_event
//   // every frame:
//   status.update(now, StatusWant::Live);  // the page that shows it is open
//   const StatusModel& m = status.model();
//   status.refresh("database");
//   for (Toast& t : status.take_toasts()) show(t);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/live_client.hpp"
#include "core/client/status_model.hpp"
#include "core/timestamp.hpp"

namespace dashboard::app {

enum class StatusWant {
  None,     // no page shows it
  Summary,  // the dashboard's System card (admins): polled over REST
  Live,     // the /status page: subscribed on the socket
};

class StatusClient {
 public:
  StatusClient(Transport& transport, LiveClient& live, std::int64_t summary_interval_ms = 30000);
  ~StatusClient();
  StatusClient(const StatusClient&) = delete;
  StatusClient& operator=(const StatusClient&) = delete;

  // Subscribes while Live is wanted (and the socket is connected),
  // unsubscribes once it is not; polls while Summary is. Every frame.
  void update(core::UnixMillis now, StatusWant want);
  // True once the feed said the reader is an admin.
  bool admin() const { return model_.role() == "admin"; }

  const core::client::StatusModel& model() const { return model_; }
  // True from subscribing until the bulk update arrived.
  bool loading() const { return !model_.loaded(); }

  // Runs the check of `service_id` now; its answer updates the card.
  void refresh(const std::string& service_id);
  bool refreshing(std::string_view service_id) const;

  // When the card's health last changed (0: not since the page opened).
  core::UnixMillis changed_at(std::string_view service_id) const;
  // The latest announcement ("Database degraded"); empty until one.
  const std::string& announcement() const { return announcement_; }

  std::vector<Toast> take_toasts() { return std::exchange(toasts_, {}); }

 private:
  void on_event(const core::client::ServerEvent& event);
  void on_refresh_answer(const std::string& service_id, std::string_view args_json);
  void note_change(const core::client::StatusChange& change);

  void fetch_summary();

  Transport& transport_;
  LiveClient& live_;
  std::int64_t summary_interval_ms_;
  core::client::StatusModel model_;
  core::UnixMillis next_fetch_at_ = 0;
  bool fetch_in_flight_ = false;
  core::UnixMillis now_ = 0;
  bool subscribed_ = false;
  std::uint64_t subscribed_on_ = 0;  // LiveClient::connections() when subscribed
  std::uint64_t generation_ = 0;     // LiveClient::generation() (the signed-in user)
  std::set<std::string, std::less<>> refreshing_;
  std::map<std::string, core::UnixMillis, std::less<>> changed_at_;
  std::string announcement_;
  std::vector<Toast> toasts_;
  // Acks outlive this object in LiveClient's map: they check this first.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace dashboard::app
