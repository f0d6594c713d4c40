// Server lifecycle for the serve command; see serve.hpp.
#include "serve.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/accounts_context.hpp"
#include "api/router.hpp"
#include "api/snapshot_cache.hpp"
#include "backend.hpp"
#include "cluster_balance.hpp"
#include "database_workers.hpp"
#include "http/io_contexts.hpp"
#include "http/listener.hpp"
#include "http/request_handler.hpp"
#include "http/shared_state.hpp"
#include "log.hpp"
#include "metrics.hpp"
#include "outbox_pruner.hpp"
#include "realtime/hub.hpp"
#include "realtime/realtime_context.hpp"
#include "realtime/topic_hub.hpp"
#include "service_notify.hpp"
#include "status/database_probe.hpp"
#include "status/status_monitor.hpp"
#include "store/auth_sessions.hpp"
#include "store/demo_data.hpp"
#include "store/idempotency.hpp"
#include "store/postgres/postgres_listener.hpp"
#include "store/topic_presence.hpp"

namespace dashboard::server {
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

// A literal address, or else the first result of resolving a host name.
std::optional<tcp::endpoint> endpoint_for(net::io_context& ioc, const Config& config) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(config.host, ec);
  if (!ec) return tcp::endpoint{address, config.port};
  tcp::resolver resolver{ioc};
  const auto results = resolver.resolve(config.host, std::to_string(config.port), ec);
  if (ec || results.empty()) {
    log::error("cannot resolve host", {{"host", config.host}, {"error", ec.message()}});
    return std::nullopt;
  }
  return results.begin()->endpoint();
}

std::string dashboard_url(const std::string& host, unsigned short port) {
  const bool v6_literal = host.find(':') != std::string::npos;
  return "http://" + (v6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port) +
         "/dashboard";
}

status::StatusOptions status_options(const Config& config) {
  status::StatusOptions options;
  options.interval = std::chrono::milliseconds(config.status_interval_ms);
  options.limits.database_ms = {static_cast<double>(config.database_degraded_ms),
                                static_cast<double>(config.database_timeout_ms)};
  options.limits.disk_used_percent = {static_cast<double>(config.disk_degraded_percent),
                                      static_cast<double>(config.disk_down_percent)};
  options.limits.undelivered_events = {static_cast<double>(config.undelivered_degraded_events),
                                       static_cast<double>(config.undelivered_down_events)};
  options.http.timeout = std::chrono::milliseconds(config.monitor_timeout_ms);
  options.http.latency_ms = {static_cast<double>(config.monitor_degraded_ms),
                             static_cast<double>(config.monitor_timeout_ms)};
  for (const std::string& monitor : config.monitors) {
    const auto eq = monitor.find('=');
    options.monitors.push_back({monitor.substr(0, eq), monitor.substr(eq + 1)});
  }
  options.public_ids = config.public_status;
  options.data_dir = config.data_dir;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  options.instance_id = std::string(host) + ":" + std::to_string(::getpid());
  return options;
}

// The demo accounts have published passwords (the README, this log), so
// they appear only when asked for; a server started without them says how
// to make the first administrator. "Empty" is judged by the users table,
// not by whether the file exists: `dashboard-server token` run first
// creates an empty database.
void prepare_accounts(const Config& config, const Backend& backend) {
  if (backend.store->has_users()) {
    if (config.demo) log::info("--demo: the database already has users; nothing seeded", {});
    return;
  }
  if (!config.demo) {
    log::warn("no users yet",
              {{"hint",
                "create the first administrator with `dashboard-server user add --admin NAME` "
                "and this server's --data-dir or --database; --demo seeds demo users instead"}});
    return;
  }
  std::string logins;
  for (const store::DemoLogin& login : store::seed_demo(backend.database).logins) {
    if (!logins.empty()) logins += ", ";
    logins += login.username + " / " + login.password;
  }
  log::warn("demo users created",
            {{"logins", logins},
             {"warning",
              "these passwords are public: use --demo only on a server nobody else can reach"}});
}

}  // namespace

int serve(const Config& config) {
  // A peer that has gone must cost its connection, not the process: Asio's
  // writes pass MSG_NOSIGNAL, but sendfile (files served from disk) and a
  // write to a closed log pipe raise SIGPIPE, whose default action killed
  // the server mid-test (CI, e2e.collection_pages). Ignored, they fail
  // with EPIPE, which the callers already handle.
  std::signal(SIGPIPE, SIG_IGN);
  std::error_code fs_ec;
  std::filesystem::create_directories(config.data_dir, fs_ec);
  if (fs_ec) {
    log::error("cannot create data dir",
               {{"path", config.data_dir.string()}, {"error", fs_ec.message()}});
    return 1;
  }
  if (!std::filesystem::is_directory(config.static_dir, fs_ec)) {
    log::warn("static dir missing; only /healthz will answer",
              {{"path", config.static_dir.string()}});
  }

  Backend backend = open_backend(config);
  prepare_accounts(config, backend);
  Metrics metrics;
  auto database_probe =
      std::make_shared<status::DatabaseProbe>(backend.database, std::chrono::seconds(1));
  database_probe->probe_now();  // /healthz knows before the first request
  const status::StatusOptions watched = status_options(config);
  if (const std::string problem = status::status_options_problem(watched); !problem.empty()) {
    log::error("bad status configuration", {{"error", problem}});
    return 2;
  }
  const std::chrono::seconds access_ttl{config.access_token_ttl_seconds};
  // Sessions ended anywhere close their sockets here within the poll's 250 ms.
  auto revocations = std::make_shared<auth::RevocationWatcher>(
      backend.database, backend.clock,
      std::chrono::duration_cast<std::chrono::milliseconds>(access_ttl + std::chrono::seconds(60)));
  // Sessions that ended (expired or revoked) a week ago are of no use to anyone.
  store::prune_auth_sessions(*backend.database,
                             backend.clock->now() - std::int64_t{7} * 24 * 3600 * 1000);
  auto accounts = std::make_shared<api::AccountsContext>();
  accounts->database = backend.database;
  accounts->clock = backend.clock;
  accounts->ids = random_ids();
  accounts->revocations = revocations;
  accounts->metrics = &metrics;
  accounts->session_ttl = std::chrono::hours(24) * config.session_ttl_days;
  accounts->allow_signup = config.allow_signup;
  accounts->user_throttle.free_failures = static_cast<int>(config.signin_free_failures_user);
  accounts->address_throttle.free_failures = static_cast<int>(config.signin_free_failures_address);
  accounts->user_throttle.max_delay = std::chrono::seconds(config.signin_max_delay_seconds);
  accounts->address_throttle.max_delay = std::chrono::seconds(config.signin_max_delay_seconds);
  accounts->trust_forwarded_for = config.trust_forwarded_for;
  accounts->user_throttle.first_delay = std::chrono::seconds(config.signin_first_delay_seconds);
  accounts->address_throttle.first_delay = std::chrono::seconds(config.signin_first_delay_seconds);
  accounts->refresh_race_grace = std::chrono::seconds(config.refresh_reuse_grace_seconds);
  api::ApiOptions api_options{access_ttl};
  api_options.event_retention = std::chrono::seconds(config.event_retention_seconds);
  api::ApiContext api_context{backend.store, backend.tokens, std::make_shared<api::SnapshotCache>(),
                              api_options,   database_probe, random_ids()};
  api_context.clock = backend.clock;
  api_context.accounts = accounts;
  api_context.messaging = backend.messaging;
  api_context.idempotency_database = backend.database;

  // One io_context per I/O thread; the main one also runs signals, timers,
  // the acceptor and the hub.
  // Everything that may wait on the database runs here, never on `io`: a
  // frozen database must not stall sockets, static files or /healthz.
  // Declared first, so destroyed last: sessions that `io` destroys at exit
  // still hold the hubs, whose timers live on these workers' context.
  DatabaseWorkers workers{config.database_workers, config.database_queue};
  http::IoContexts io{config.threads};
  net::io_context& ioc = io.main();
  const auto endpoint = endpoint_for(ioc, config);
  if (!endpoint) return 1;

  auto state = std::make_shared<http::SharedState>();
  auto hub = std::make_shared<realtime::Hub>(workers.executor(), backend.store, metrics);
  OutboxPruner pruner(workers.context(), backend.store, backend.clock,
                      std::chrono::seconds(config.event_retention_seconds));
  auto status_monitor = std::make_shared<status::StatusMonitor>(
      watched,
      status::StatusSources{
          .database = backend.database,
          .probe = database_probe,
          .store = backend.store,
          .sockets_open = [&metrics] { return metrics.connected_sockets.Value(); },
          .slow_consumer_total = [&metrics] { return metrics.slow_consumer_disconnects.Value(); },
          .count_undelivered =
              [hub](std::function<void(std::int64_t)> done) {
                hub->count_undelivered(std::move(done));
              },
          .outbox_retention =
              [&pruner] {
                const OutboxPruner::Health health = pruner.health();
                return status::StreamFigures{.retention = health.retention,
                                             .prune_interval = health.interval,
                                             .since_pruned = health.since_success,
                                             .pruned_once = health.succeeded_once};
              },
          .hub_executor = workers.executor()});
  api_context.status = status_monitor;
  auto api_router = std::make_shared<const api::ApiRouter>(std::move(api_context));
  // Set before serving: every commit from now on wakes the hub. A weak
  // reference: the hub owns the store, so a strong one would be a cycle.
  backend.store->set_commit_listener(
      [weak_hub = std::weak_ptr<realtime::Hub>(hub)](store::UserId user, std::int64_t last_seq) {
        if (const auto live_hub = weak_hub.lock()) live_hub->notify_commit(user, last_seq);
      });
  auto topic_hub = std::make_shared<realtime::TopicHub>(workers.executor(), backend.store);
  backend.store->set_topic_commit_listener(
      [weak_hub = std::weak_ptr<realtime::TopicHub>(topic_hub)](const std::string& topic,
                                                                std::int64_t last_seq) {
        if (const auto live_hub = weak_hub.lock()) live_hub->notify_commit(topic, last_seq);
      });
  // Several instances share PostgreSQL: another instance's commits reach
  // this hub through LISTEN/NOTIFY (and the periodic catch-up), and who has
  // a topic open is the whole cluster's. One SQLite process keeps it in memory.
  std::unique_ptr<store::PostgresListener> listener_connection;
  if (backend.database->dialect() == store::sql::Dialect::Postgres) {
    topic_hub->share_presence(std::make_shared<realtime::ClusterPresence>(
        std::make_shared<store::PresenceTable>(backend.database, watched.instance_id),
        backend.clock, realtime::ClusterPresence::Options{}));
    listener_connection = std::make_unique<store::PostgresListener>(
        config.database_url,
        store::ListenerCallbacks{
            .on_commit = [hub](store::UserId user,
                               std::int64_t last_seq) { hub->notify_commit(user, last_seq); },
            .on_catch_up =
                [hub, topic_hub] {
                  hub->catch_up_all();
                  topic_hub->catch_up_all();
                },
            .on_topic_commit =
                [topic_hub](const std::string& topic, std::int64_t last_seq) {
                  topic_hub->notify_commit(topic, last_seq);
                },
            .on_presence =
                [topic_hub](const std::string& topic) { topic_hub->presence_changed(topic); },
            .on_state =
                [topic_hub](bool connected, const std::string& why) {
                  if (connected) {
                    topic_hub->refresh_presence();  // wake-ups were lost while it was down
                    log::info("database listener connected", {});
                  } else {
                    log::warn("database listener down", {{"error", why}});
                  }
                }});
  }
  metrics.before_render = [&metrics, database = backend.database,
                           listening = listener_connection.get(), probe = database_probe.get()] {
    const status::DatabaseHealth health = probe->last();
    metrics.db_reachable.Set(health.reachable ? 1 : 0);
    metrics.db_latency_seconds.Set(health.latency_ms / 1000);
    const store::sql::PoolStats pool = database->pool_stats();
    metrics.db_pool_in_use.Set(pool.in_use);
    metrics.db_pool_open.Set(pool.open);
    metrics.db_pool_capacity.Set(pool.capacity);
    metrics.db_pool_waits.advance_to(static_cast<double>(pool.waits));
    metrics.db_pool_timeouts.advance_to(static_cast<double>(pool.timeouts));
    if (listening != nullptr) {
      metrics.listen_connected.Set(listening->connected() ? 1 : 0);
      metrics.notifications_received.advance_to(static_cast<double>(listening->notifications()));
      metrics.catch_up_reads.advance_to(static_cast<double>(listening->catch_ups()));
    }
  };
  auto realtime_context = std::make_shared<realtime::RealtimeContext>();
  realtime_context->hub = hub;
  realtime_context->topic_hub = topic_hub;
  realtime_context->limits.max_topics_per_socket = config.max_topics_per_socket;
  realtime_context->limits.subscribes_per_second = config.subscribes_per_second;
  realtime_context->limits.subscribe_burst = std::max(20.0, 4 * config.subscribes_per_second);
  realtime_context->tokens = backend.tokens;
  realtime_context->state = state;
  realtime_context->ids = random_ids();
  realtime_context->metrics = &metrics;
  realtime_context->status_events = std::make_shared<realtime::StatusEvents>(status_monitor);
  realtime_context->allowed_origins = config.allowed_origins;
  realtime_context->revocations = revocations;
  realtime_context->limits.ping_interval = std::chrono::milliseconds(config.ping_interval_ms);
  realtime_context->limits.ping_timeout = std::chrono::milliseconds(config.ping_timeout_ms);
  realtime_context->limits.max_queued_bytes = std::size_t{config.max_queued_kib} * 1024;
  auto api_handler = std::make_shared<http::RequestHandler>(config.static_dir, api_router,
                                                            realtime_context, &metrics);
  api_handler->run_api_on(&workers);
  std::shared_ptr<const http::RequestHandler> handler = std::move(api_handler);
  auto listener = std::make_shared<http::Listener>(io, state, handler);
  // Instances sharing PostgreSQL even out their sockets after one joins.
  std::unique_ptr<ClusterBalance> balance;
  if (backend.database->dialect() == store::sql::Dialect::Postgres &&
      config.balance_interval_ms > 0) {
    const std::chrono::milliseconds every{config.balance_interval_ms};
    balance = std::make_unique<ClusterBalance>(
        workers.executor(), backend.database, backend.clock, watched.instance_id,
        [&metrics] { return static_cast<std::size_t>(metrics.connected_sockets.Value()); },
        [state](std::size_t count) { return state->move_some(count); },
        BalanceOptions{.interval = every, .stale_after = 3 * every, .spread = every});
  }
  if (const auto ec = listener->listen(*endpoint)) {
    log::error("listen failed",
               {{"host", config.host}, {"port", config.port}, {"error", ec.message()}});
    return 1;
  }
  // The deadline timer lives on the main context (one thread): it is armed
  // from the signal handler and cancelled from whichever thread sees the
  // last session leave, by a post.
  net::steady_timer deadline{ioc};
  std::atomic<bool> forced{false};
  net::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    log::info("shutdown requested",
              {{"signal", signo == SIGINT ? "SIGINT" : "SIGTERM"}, {"sessions", state->size()}});
    notify_stopping();
    listener->stop();
    pruner.stop();
    if (balance) balance->stop();
    revocations->stop();
    if (listener_connection) listener_connection->stop();
    net::post(deadline.get_executor(), [&] {
      deadline.expires_after(kShutdownDeadline);
      deadline.async_wait([&](const boost::system::error_code& wait_ec) {
        if (wait_ec) return;  // cancelled: everything drained in time
        forced = true;
        log::warn("shutdown deadline exceeded", {{"sessions", state->size()}});
        io.stop();
      });
    });
    // Once no session is left, nothing but the timer keeps run() going.
    state->close_all([&] {
      net::post(deadline.get_executor(), [&] { deadline.cancel(); });
      io.release();
    });
  });

  // Signals are caught before the port is announced, so a supervisor (or a
  // test) may send SIGTERM as soon as it has read the "listening" line.
  const unsigned short port = listener->local_endpoint().port();
  log::info("listening", {{"host", config.host},
                          {"port", port},
                          {"url", dashboard_url(config.host, port)},
                          {"static_dir", config.static_dir.string()},
                          {"data_dir", config.data_dir.string()},
                          {"threads", config.threads}});
  notify_ready();  // listen() is done: connections queue until run() accepts them
  listener->run();
  pruner.also_prune([database = backend.database](core::UnixMillis now) {
    try {
      const std::int64_t removed =
          store::prune_idempotency_keys(*database, now - store::kIdempotencyKeptMs);
      if (removed > 0) log::info("idempotency keys pruned", {{"keys", removed}});
    } catch (const std::exception& e) {
      log::warn("idempotency key pruning failed", {{"error", e.what()}});
    }
  });
  pruner.start();
  if (balance) balance->start();
  database_probe->start();
  status_monitor->start();
  revocations->start();
  if (listener_connection) listener_connection->start();

  io.run([](const std::exception& e) {
    // A handler that throws must not take the whole process down silently.
    log::error("unhandled exception in I/O thread", {{"error", e.what()}});
  });
  // After a forced stop, sessions still sit in the io_context's queues; they
  // are destroyed with it, after `deadline` is gone.
  state->forget_on_drained();
  // The other instances drop this one's viewers now rather than once its
  // heartbeat is stale; bounded, as the database may be what is stuck.
  if (topic_hub->stop_presence().wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
    log::warn("presence withdrawal timed out", {});
  }
  status_monitor->stop();
  database_probe->stop();
  revocations->stop();
  if (listener_connection) listener_connection->stop();
  metrics.before_render = nullptr;
  workers.stop();

  log::info("shutdown", {{"forced", forced.load()}});
  return 0;
}

}  // namespace dashboard::server
