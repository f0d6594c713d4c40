// metrics: the server's Prometheus metrics (prometheus-cpp's registry and
// text format), served at GET /metrics by our own HTTP stack.
//
//   metrics.events_sent.Increment();
//   std::string text = metrics.render();   // text/plain; version=0.0.4
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "polled_counter.hpp"
#include "process_metrics.hpp"

namespace dashboard::server {

class Metrics {
 public:
  Metrics();

  // HTTP: one count and one latency observation per response.
  void observe_http(unsigned status, double seconds);

  // Realtime.
  prometheus::Gauge& connected_sockets;
  prometheus::Counter& events_sent;  // event frames written to sockets
  prometheus::Counter& bytes_sent;   // WebSocket payload bytes written
  prometheus::Counter& ws_writes;    // writes (writev calls): events_sent / ws_writes = batching
  prometheus::Counter& slow_consumer_disconnects;
  prometheus::Counter& auth_failures;     // socket handshakes refused
  prometheus::Counter& protocol_errors;   // malformed or rate-limited client packets
  prometheus::Counter& hub_outbox_reads;  // fan-outs that read a room's outbox

  // From an event's created_at in the outbox (set in its transaction,
  // before commit) to the hub handing it to its room's sockets; once per
  // event, not per socket.
  prometheus::Histogram& event_delivery_lag;

  // Database: the pool (refreshed at each render), and on PostgreSQL the
  // LISTEN connection. The *_total ones follow running totals kept there.
  prometheus::Gauge& db_pool_in_use;
  prometheus::Gauge& db_pool_open;
  prometheus::Gauge& db_pool_capacity;
  PolledCounter db_pool_waits;
  PolledCounter db_pool_timeouts;
  prometheus::Gauge& listen_connected;    // 1 while the LISTEN connection is up
  PolledCounter notifications_received;   // NOTIFY wake-ups
  PolledCounter catch_up_reads;           // whole-hub catch-ups
  prometheus::Gauge& db_reachable;        // the last probe's answer: 1 or 0
  prometheus::Gauge& db_latency_seconds;  // the last probe's round trip

  // Accounts: one count per audit event (sign_in, sign_in_failed,
  // sign_in_throttled, refresh, refresh_reused, sign_out, sign_out_all,
  // password_changed, sign_up), by outcome.
  void count_auth_event(const std::string& event, const std::string& outcome);

  // Runs at the start of every render(), to copy values kept elsewhere
  // (pool, listener) into the gauges. Set once, before serving.
  std::function<void()> before_render;

  std::string render() const;

 private:
  explicit Metrics(std::shared_ptr<prometheus::Registry> registry);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  // The counter of each status class (1xx..5xx), looked up in the family
  // once: the lookup builds a label map and takes the family's lock, which
  // per request showed in profiles.
  std::array<std::atomic<prometheus::Counter*>, 5> http_by_class_{};
  prometheus::Histogram& http_latency_;
  prometheus::Family<prometheus::Counter>& auth_events_;
  // Refreshed by render(), which is const: the scrape reads /proc then.
  std::unique_ptr<ProcessMetrics> process_;
};

}  // namespace dashboard::server
