#include "status/status_monitor.hpp"

#include <boost/asio/post.hpp>
#include <set>

#include "log.hpp"

namespace dashboard::server::status {
namespace net = boost::asio;

namespace {

core::UnixMillis wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::set<std::string, std::less<>> kBuiltIn = {"database", "instance", "stream", "disk"};

}  // namespace

std::string status_options_problem(const StatusOptions& options) {
  std::set<std::string, std::less<>> ids = kBuiltIn;
  for (const MonitorTarget& m : options.monitors) {
    if (m.name.empty() || m.name.size() > 40 ||
        m.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      return "--monitor: the name must be 1-40 of a-z, 0-9 and '-': \"" + m.name + "\"";
    }
    if (!ids.insert(m.name).second) {
      return "--monitor: \"" + m.name + "\" is taken (built-in or given twice)";
    }
  }
  for (const std::string& id : options.public_ids) {
    if (!ids.contains(id)) return "--public-status: no service named \"" + id + "\"";
  }
  return "";
}

StatusMonitor::StatusMonitor(StatusOptions options, StatusSources sources)
    : options_(std::move(options)),
      sources_(std::move(sources)),
      board_(std::string(kNamespace)),
      work_(net::make_work_guard(ioc_)),
      tls_(net::ssl::context::tls_client),
      flush_timer_(ioc_),
      history_store_(sources_.database),
      persist_timer_(ioc_) {
  tls_.set_default_verify_paths();
  tls_.set_verify_mode(net::ssl::verify_peer);
  const auto is_public = [this](const std::string& id) {
    for (const std::string& p : options_.public_ids) {
      if (p == id) return true;
    }
    return false;
  };
  const auto add = [&](const std::string& id, const std::string& name, Kind kind,
                       std::string url = {}) {
    board_.add_service(id, name, is_public(id));
    Check check;
    check.id = id;
    check.kind = kind;
    check.url = std::move(url);
    check.timer = std::make_unique<net::steady_timer>(ioc_);
    checks_.push_back(std::move(check));
  };
  add("database", "Database", Kind::Database);
  add("instance", "Server instance", Kind::Instance);
  add("stream", "Live stream", Kind::Stream);
  add("disk", "Data folder disk", Kind::Disk);
  for (const MonitorTarget& m : options_.monitors) add(m.name, m.name, Kind::Http, m.url);
}

StatusMonitor::~StatusMonitor() {
  stop();
}

void StatusMonitor::start() {
  // The last 24 h from the store first (a restart keeps the history), then
  // the checks; a database that is down leaves the history empty.
  net::post(blocking_, [this] {
    try {
      const auto since =
          wall_now() -
          std::chrono::duration_cast<std::chrono::milliseconds>(StatusBoard::kHistorySpan).count();
      for (const auto& [id, points] : history_store_.load(since)) board_.restore(id, points);
    } catch (const std::exception& e) {
      log::warn("status history not loaded", {{"error", e.what()}});
    }
    net::post(ioc_, [this] {
      for (Check& check : checks_) run(check);
      schedule_persist();
    });
  });
  thread_ = std::thread([this] { ioc_.run(); });
}

void StatusMonitor::stop() {
  work_.reset();
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
  blocking_.join();
}

StatusMonitor::Check* StatusMonitor::find(const std::string& id) {
  for (Check& c : checks_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool StatusMonitor::refresh(const std::string& id, std::function<void(const ServiceState&)> done) {
  if (!board_.has_service(id)) return false;
  net::post(ioc_, [this, id, done = std::move(done)]() mutable {
    Check* check = find(id);
    if (check == nullptr) return;
    check->waiters.push_back(std::move(done));
    run(*check);
  });
  return true;
}

void StatusMonitor::run(Check& check) {
  if (check.running) return;  // the waiters get this run's result
  check.running = true;
  check.timer->cancel();
  Check* c = &check;
  const auto finish_on_monitor = [this, c](CheckResult result) {
    net::post(ioc_, [this, c, result = std::move(result)] { finish(*c, result); });
  };
  switch (check.kind) {
    case Kind::Database:
      net::post(blocking_, [this, finish_on_monitor] {
        const store::sql::PoolStats pool = sources_.database->pool_stats();
        CheckResult result =
            check_database(*sources_.probe, pool, pool_waits_seen_, options_.limits.database_ms);
        pool_waits_seen_ = pool.waits;
        finish_on_monitor(std::move(result));
      });
      return;
    case Kind::Disk:
      net::post(blocking_, [this, finish_on_monitor] {
        finish_on_monitor(check_disk(options_.data_dir, options_.limits.disk_used_percent));
      });
      return;
    case Kind::Instance: {
      const auto posted = std::chrono::steady_clock::now();
      net::post(sources_.hub_executor, [this, posted, finish_on_monitor] {
        const double lag =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - posted)
                .count();
        CheckResult result = check_instance(lag, sources_.sockets_open(), options_.limits);
        const int alive = instances_alive_.load();
        result.details +=
            ", " + std::to_string(alive) + (alive == 1 ? " instance" : " instances") + " beating";
        finish_on_monitor(std::move(result));
      });
      return;
    }
    case Kind::Stream: {
      StreamFigures figures = sources_.outbox_retention();
      figures.slow_per_minute =
          slow_rate_.sample(sources_.slow_consumer_total(), std::chrono::steady_clock::now());
      figures.sockets_open = sources_.sockets_open();
      sources_.count_undelivered([this, figures, finish_on_monitor](std::int64_t undelivered) {
        StreamFigures counted = figures;
        counted.undelivered_events = undelivered;
        finish_on_monitor(check_stream(counted, options_.limits));
      });
      return;
    }
    case Kind::Http:
      probe_http(ioc_, tls_, check.url, options_.http,
                 [this, c](const CheckResult& result) { finish(*c, result); });
      return;
  }
}

void StatusMonitor::finish(Check& check, const CheckResult& result) {
  check.running = false;
  arm_flush(board_.record(check.id, result, wall_now(), std::chrono::steady_clock::now()));
  if (result.misconfigured) {
    log::warn("status check cannot run", {{"service", check.id}, {"error", result.details}});
  }
  if (!check.waiters.empty()) {
    const auto state = board_.state(check.id);
    for (auto& waiter : std::exchange(check.waiters, {})) waiter(*state);
  }
  schedule(check);
}

void StatusMonitor::schedule(Check& check) {
  check.timer->expires_after(options_.interval);
  check.timer->async_wait([this, c = &check](const boost::system::error_code& ec) {
    if (!ec) run(*c);
  });
}

void StatusMonitor::arm_flush(std::optional<StatusBoard::SteadyTime> at) {
  if (!at || (flush_at_ && *flush_at_ <= *at)) return;
  flush_at_ = at;
  flush_timer_.expires_at(*at);
  flush_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    flush_at_.reset();
    arm_flush(board_.flush_due(std::chrono::steady_clock::now()));
  });
}

void StatusMonitor::schedule_persist() {
  persist_timer_.expires_after(options_.persist_interval);
  persist_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    net::post(blocking_, [this] { persist(); });
    schedule_persist();
  });
}

void StatusMonitor::persist() {
  const core::UnixMillis now = wall_now();
  try {
    for (const auto& [id, point] : board_.latest_points()) history_store_.save_minute(id, point);
    history_store_.prune(
        now -
        std::chrono::duration_cast<std::chrono::milliseconds>(StatusBoard::kHistorySpan).count());
    history_store_.beat(options_.instance_id, now);
    const auto alive = history_store_.instances(now - 3 * options_.persist_interval.count());
    instances_alive_ = static_cast<int>(alive.size());
  } catch (const std::exception& e) {
    // The database check reports the outage; the history catches up next time.
    log::warn("status history not saved", {{"error", e.what()}});
  }
}

bool StatusMonitor::is_admin(store::UserId user) {
  std::optional<bool> found;
  try {
    if (const auto u = sources_.store->find_user(user)) {
      found = u->role == store::UserRole::Admin;
    } else {
      found = false;
    }
  } catch (const std::exception& e) {
    log::warn("role lookup failed", {{"user", user}, {"error", e.what()}});
  }
  std::lock_guard lock(roles_mutex_);
  if (found) {
    roles_[user] = *found;
    return *found;
  }
  const auto known = roles_.find(user);
  return known != roles_.end() && known->second;
}

}  // namespace dashboard::server::status
