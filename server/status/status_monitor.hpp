// status_monitor: runs every check on its interval and feeds the board.
//
// Its own thread runs an io_context for the timers and the HTTP probes
// (asynchronous, so 100 monitors cost no threads); checks that block (the
// database round trip, statvfs) run on a second thread, so a database that
// hangs delays only its own card. The instance check posts a task to the
// hub's thread and times how long it waited there.
//
//   StatusMonitor monitor(options, sources);
//   monitor.start();
//   monitor.refresh("database", [](std::optional<ServiceState> s) { ... });
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "status/checks.hpp"
#include "status/database_probe.hpp"
#include "status/http_probe.hpp"
#include "status/status_board.hpp"
#include "status/status_store.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::status {

struct MonitorTarget {
  std::string name;  // also the service id
  std::string url;
};

struct StatusOptions {
  std::chrono::milliseconds interval{10000};  // between two runs of a check
  CheckLimits limits;
  HttpProbeOptions http;
  std::vector<MonitorTarget> monitors;
  std::vector<std::string> public_ids;  // the services members see
  std::filesystem::path data_dir;
  // This instance in the heartbeat table ("host:pid").
  std::string instance_id;
  // How often the minute so far is saved, the history pruned and the heartbeat written.
  std::chrono::milliseconds persist_interval{15000};
};

// What the built-in checks look at.
struct StatusSources {
  std::shared_ptr<store::sql::Database> database;
  std::shared_ptr<DatabaseProbe> probe;
  std::shared_ptr<store::DashboardStore> store;  // roles
  std::function<double()> sockets_open;
  std::function<double()> slow_consumer_total;  // a counter since start
  // Events committed but not fanned out yet; answers on the hub's thread.
  std::function<void(std::function<void(std::int64_t)>)> count_undelivered;
  // The outbox pruner: retention, interval, since its last success.
  std::function<StreamFigures()> outbox_retention;
  boost::asio::any_io_executor hub_executor;  // the fan-out thread, for event lag
};

// Why a --monitor / --public-status list cannot be used, or "" (ids must be
// unique, not a built-in name, [a-z0-9-] only; public ids must exist).
std::string status_options_problem(const StatusOptions& options);

class StatusMonitor {
 public:
  static constexpr std::string_view kNamespace = "/dashboard";

  StatusMonitor(StatusOptions options, StatusSources sources);
  ~StatusMonitor();
  StatusMonitor(const StatusMonitor&) = delete;
  StatusMonitor& operator=(const StatusMonitor&) = delete;

  void start();
  void stop();

  StatusBoard& board() { return board_; }
  const StatusBoard& board() const { return board_; }

  // Any thread. Runs the check now (or joins the run in progress); `done`
  // runs on the monitor's thread with the new state. False for an unknown id.
  bool refresh(const std::string& id, std::function<void(const ServiceState&)> done);

  // Any thread; reads the store. While the database is down the last
  // answer for that user stands (members until one was had).
  bool is_admin(store::UserId user);

 private:
  enum class Kind { Database, Instance, Stream, Disk, Http };
  struct Check {
    std::string id;
    Kind kind = Kind::Database;
    std::string url;  // Http
    std::unique_ptr<boost::asio::steady_timer> timer;
    bool running = false;
    std::vector<std::function<void(const ServiceState&)>> waiters;
  };

  Check* find(const std::string& id);
  void run(Check& check);
  void finish(Check& check, const CheckResult& result);
  void schedule(Check& check);
  void arm_flush(std::optional<StatusBoard::SteadyTime> at);
  // Saves the history's newest points, prunes, beats; on the blocking thread.
  void persist();
  void schedule_persist();

  StatusOptions options_;
  StatusSources sources_;
  StatusBoard board_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::ssl::context tls_;
  boost::asio::thread_pool blocking_{1};
  boost::asio::steady_timer flush_timer_;
  std::optional<StatusBoard::SteadyTime> flush_at_;
  std::vector<Check> checks_;  // only touched on ioc_'s thread after start()
  std::int64_t pool_waits_seen_ = 0;
  RatePerMinute slow_rate_;
  StatusStore history_store_;
  boost::asio::steady_timer persist_timer_;
  std::atomic<int> instances_alive_{1};  // heartbeats seen within three persist intervals
  std::thread thread_;

  std::mutex roles_mutex_;
  std::map<store::UserId, bool> roles_;  // last known: admin?
};

}  // namespace dashboard::server::status
