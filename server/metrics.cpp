#include "metrics.hpp"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <sstream>

namespace dashboard::server {
namespace {

// Built before the members that reference its families.
std::shared_ptr<prometheus::Registry> make_registry() {
  return std::make_shared<prometheus::Registry>();
}

prometheus::Counter& counter(prometheus::Registry& r, const std::string& name,
                             const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(r).Add({});
}

prometheus::Gauge& gauge(prometheus::Registry& r, const std::string& name,
                         const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r).Add({});
}

}  // namespace

Metrics::Metrics() : Metrics(make_registry()) {}

Metrics::Metrics(std::shared_ptr<prometheus::Registry> registry)
    : connected_sockets(prometheus::BuildGauge()
                            .Name("dashboard_connected_sockets")
                            .Help("Open socket.io connections on /dashboard")
                            .Register(*registry)
                            .Add({})),
      events_sent(
          counter(*registry, "dashboard_events_sent_total", "Event frames written to sockets")),
      bytes_sent(
          counter(*registry, "dashboard_ws_bytes_sent_total", "WebSocket payload bytes written")),
      ws_writes(counter(*registry, "dashboard_ws_writes_total",
                        "Writes to WebSockets; each sends every frame queued for its socket")),
      slow_consumer_disconnects(counter(*registry, "dashboard_slow_consumer_disconnects_total",
                                        "Sockets closed because their send queue overflowed")),
      auth_failures(counter(*registry, "dashboard_auth_failures_total",
                            "Socket handshakes refused with AUTH_FAILED")),
      protocol_errors(counter(*registry, "dashboard_protocol_errors_total",
                              "Malformed, oversized or rate-limited client packets")),
      hub_outbox_reads(counter(*registry, "dashboard_hub_outbox_reads_total",
                               "Fan-outs that read a room's events from the outbox")),
      event_delivery_lag(
          prometheus::BuildHistogram()
              .Name("dashboard_event_delivery_lag_seconds")
              .Help("From an event's creation in the outbox to its fan-out")
              .Register(*registry)
              .Add({},
                   prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1, 0.25, 0.5, 1, 2.5, 5, 10})),
      db_pool_in_use(
          gauge(*registry, "dashboard_db_pool_in_use", "Database connections lent out right now")),
      db_pool_open(gauge(*registry, "dashboard_db_pool_open", "Database connections open")),
      db_pool_capacity(gauge(*registry, "dashboard_db_pool_capacity",
                             "The most database connections this instance may open")),
      db_pool_waits(counter(*registry, "dashboard_db_pool_waits_total",
                            "Requests that waited for a free database connection")),
      db_pool_timeouts(counter(*registry, "dashboard_db_pool_timeouts_total",
                               "Requests that found no free connection in time (answered 503)")),
      listen_connected(gauge(*registry, "dashboard_listen_connected",
                             "1 while the PostgreSQL LISTEN connection is up")),
      notifications_received(counter(*registry, "dashboard_notifications_received_total",
                                     "PostgreSQL NOTIFY wake-ups received")),
      catch_up_reads(counter(*registry, "dashboard_catch_up_reads_total",
                             "Catch-ups of every room from the outbox (reconnect, periodic)")),
      db_reachable(
          gauge(*registry, "dashboard_db_reachable", "1 when the last database probe succeeded")),
      db_latency_seconds(gauge(*registry, "dashboard_db_probe_latency_seconds",
                               "Round trip of the last database probe")),
      registry_(std::move(registry)),
      http_requests_(prometheus::BuildCounter()
                         .Name("dashboard_http_requests_total")
                         .Help("HTTP responses by status class")
                         .Register(*registry_)),
      http_latency_(prometheus::BuildHistogram()
                        .Name("dashboard_http_request_duration_seconds")
                        .Help("Time from request start to response written")
                        .Register(*registry_)
                        .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002,
                                                                         0.005, 0.01, 0.025, 0.05,
                                                                         0.1, 0.25, 0.5, 1, 2.5})),
      auth_events_(prometheus::BuildCounter()
                       .Name("dashboard_auth_events_total")
                       .Help("Sign-in, refresh, sign-out and password events by outcome")
                       .Register(*registry_)),
      process_(std::make_unique<ProcessMetrics>(*registry_)) {
  // Which binary is answering, for dashboards that join on it: always 1.
  prometheus::BuildGauge()
      .Name("dashboard_build_info")
      .Help("The build of this dashboard-server (labels); the value is always 1")
      .Register(*registry_)
      .Add({{"version", DASHBOARD_VERSION},
            {"compiler", DASHBOARD_COMPILER},
            {"build_type", DASHBOARD_BUILD_TYPE}})
      .Set(1);
}

void Metrics::observe_http(unsigned status, double seconds) {
  const unsigned code_class = std::clamp(status / 100, 1U, 5U);
  std::atomic<prometheus::Counter*>& cached = http_by_class_.at(code_class - 1);
  prometheus::Counter* counter = cached.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Two threads may both get here: Add() returns the same series to both.
    counter = &http_requests_.Add({{"code", std::to_string(code_class) + "xx"}});
    cached.store(counter, std::memory_order_release);
  }
  counter->Increment();
  http_latency_.Observe(seconds);
}

std::string Metrics::render() const {
  if (before_render) before_render();
  process_->refresh();
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

void Metrics::count_auth_event(const std::string& event, const std::string& outcome) {
  // Rare (a person signing in), so the family's lookup per call is fine.
  auth_events_.Add({{"event", event}, {"outcome", outcome}}).Increment();
}

}  // namespace dashboard::server
