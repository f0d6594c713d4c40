// CLI11 wiring for Config; see config.hpp.
#include "config.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace dashboard::server {

ParseOutcome parse_command_line(int argc, const char* const* argv) {
  Config config;
  CLI::App app{"dashboard-server: LEGO MOC dashboard HTTP server", "dashboard-server"};

  std::string data_dir = config.data_dir.string();
  std::string static_dir = config.static_dir.string();
  app.add_option("--host", config.host, "Address to listen on")
      ->envname("DASHBOARD_HOST")
      ->capture_default_str();
  app.add_option("--port", config.port, "TCP port; 0 picks an ephemeral port")
      ->envname("DASHBOARD_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--data-dir", data_dir, "Directory for the database (created if missing)")
      ->envname("DASHBOARD_DATA_DIR")
      ->capture_default_str();
  app.add_option("--static-dir", static_dir, "Staged browser client (index.html, assets/)")
      ->envname("DASHBOARD_STATIC_DIR")
      ->capture_default_str();
  app.add_option("--threads", config.threads, "I/O threads")
      ->envname("DASHBOARD_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  app.add_option("--database", config.database_url,
                 "postgres://... to share a PostgreSQL database between instances; default: "
                 "SQLite in <data-dir>")
      ->envname("DASHBOARD_DATABASE_URL");
  app.add_option("--database-pool", config.database_pool,
                 "PostgreSQL connections this instance may open")
      ->envname("DASHBOARD_DATABASE_POOL")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  app.add_option("--database-timeout-ms", config.database_timeout_ms,
                 "How long a request waits for a free connection before answering 503")
      ->envname("DASHBOARD_DATABASE_TIMEOUT_MS")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  app.add_option("--database-statement-timeout-ms", config.database_statement_timeout_ms,
                 "PostgreSQL statement_timeout for every connection; this side also stops "
                 "waiting 250 ms later (a frozen database answers nothing)")
      ->envname("DASHBOARD_DATABASE_STATEMENT_TIMEOUT_MS")
      ->check(CLI::Range(10, 3600000))
      ->capture_default_str();
  app.add_option("--database-workers", config.database_workers,
                 "Threads that run database work (API requests, fan-out reads), apart from "
                 "the I/O threads")
      ->envname("DASHBOARD_DATABASE_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--balance-interval-ms", config.balance_interval_ms,
                 "On PostgreSQL: how often instances share their socket counts and the "
                 "busiest moves its excess to the others (0: never)")
      ->envname("DASHBOARD_BALANCE_INTERVAL_MS")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
  app.add_option("--database-queue", config.database_queue,
                 "API requests that may wait for a database worker before more get 503")
      ->envname("DASHBOARD_DATABASE_QUEUE")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();

  app.add_option(
         "--jwt-secret", config.jwt_secret,
         "HS256 signing secret (>= 32 bytes); default: generated into <data-dir>/jwt-secret")
      ->envname("DASHBOARD_JWT_SECRET");
  std::string public_key;
  app.add_option("--jwt-public-key", public_key,
                 "PEM file with an RS256 public key whose tokens are also accepted")
      ->envname("DASHBOARD_JWT_PUBLIC_KEY")
      ->check(CLI::ExistingFile);
  app.add_option("--token-ttl-hours", config.token_ttl_hours, "Lifetime of issued tokens")
      ->envname("DASHBOARD_TOKEN_TTL_HOURS")
      ->check(CLI::Range(1, 24 * 30))
      ->capture_default_str();
  app.add_option("--access-token-ttl-seconds", config.access_token_ttl_seconds,
                 "Lifetime of the access tokens sign-in and refresh issue")
      ->envname("DASHBOARD_ACCESS_TOKEN_TTL_SECONDS")
      ->check(CLI::Range(2, 24 * 3600))
      ->capture_default_str();
  app.add_option("--session-ttl-days", config.session_ttl_days,
                 "How long a sign-in lasts without being used (refresh token)")
      ->envname("DASHBOARD_SESSION_TTL_DAYS")
      ->check(CLI::Range(1, 365))
      ->capture_default_str();
  app.add_flag("--allow-signup", config.allow_signup, "Let anyone create an account")
      ->envname("DASHBOARD_ALLOW_SIGNUP");
  app.add_option("--signin-free-failures-user", config.signin_free_failures_user,
                 "Failed sign-ins per username before the waits begin")
      ->envname("DASHBOARD_SIGNIN_FREE_FAILURES_USER")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--signin-free-failures-address", config.signin_free_failures_address,
                 "Failed sign-ins per client address before the waits begin")
      ->envname("DASHBOARD_SIGNIN_FREE_FAILURES_ADDRESS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--signin-first-delay-seconds", config.signin_first_delay_seconds,
                 "The wait after the first failure past the free ones (doubling after)")
      ->envname("DASHBOARD_SIGNIN_FIRST_DELAY_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--refresh-reuse-grace-seconds", config.refresh_reuse_grace_seconds,
                 "A replaced refresh token used again within this long is a race, not theft")
      ->envname("DASHBOARD_REFRESH_REUSE_GRACE_SECONDS")
      ->check(CLI::Range(0, 300))
      ->capture_default_str();
  app.add_option("--signin-max-delay-seconds", config.signin_max_delay_seconds,
                 "The longest wait a run of failed sign-ins imposes")
      ->envname("DASHBOARD_SIGNIN_MAX_DELAY_SECONDS")
      ->check(CLI::Range(1, 24 * 3600))
      ->capture_default_str();
  app.add_flag("--trust-forwarded-for", config.trust_forwarded_for,
               "Take the client address from X-Forwarded-For (behind a load balancer)")
      ->envname("DASHBOARD_TRUST_FORWARDED_FOR");
  // No environment variable on purpose: accounts with published passwords
  // appear only when the command line asks for them.
  app.add_flag("--demo", config.demo,
               "On an empty database, create the demo users alice and bob (published "
               "passwords) with their MOCs; for trying it out, never on a shared server");
  app.add_option("--event-retention-seconds", config.event_retention_seconds,
                 "How long events stay available for catch-up (GET /api/events); older: 410")
      ->envname("DASHBOARD_EVENT_RETENTION_SECONDS")
      ->check(CLI::Range(1, 365 * 24 * 3600))
      ->capture_default_str();

  app.add_option("--allowed-origins", config.allowed_origins,
                 "Browser origins allowed to open sockets (default: same origin; * for any)")
      ->envname("DASHBOARD_ALLOWED_ORIGINS")
      ->delimiter(',');
  app.add_option("--ping-interval-ms", config.ping_interval_ms, "Engine.IO ping interval")
      ->envname("DASHBOARD_PING_INTERVAL_MS")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  app.add_option("--ping-timeout-ms", config.ping_timeout_ms,
                 "Close a socket whose pong is later than this")
      ->envname("DASHBOARD_PING_TIMEOUT_MS")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  app.add_option("--max-queued-kib", config.max_queued_kib,
                 "Per-socket send queue; a consumer further behind is disconnected")
      ->envname("DASHBOARD_MAX_QUEUED_KIB")
      ->check(CLI::Range(16, 1024 * 1024))
      ->capture_default_str();
  app.add_option("--max-topics-per-socket", config.max_topics_per_socket,
                 "Topic subscriptions one socket may hold; more are refused (TOO_MANY_TOPICS)")
      ->envname("DASHBOARD_MAX_TOPICS_PER_SOCKET")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option(
         "--subscribes-per-second", config.subscribes_per_second,
         "Topic subscribes per socket per second (burst 4x, at least 20); over: RATE_LIMITED")
      ->envname("DASHBOARD_SUBSCRIBES_PER_SECOND")
      ->check(CLI::Range(0.1, 10000.0))
      ->capture_default_str();

  app.add_option("--monitor", config.monitors,
                 "An HTTP(S) endpoint /status watches, as name=url (repeatable)")
      ->envname("DASHBOARD_MONITORS")
      ->check([](const std::string& value) {
        return value.find('=') == std::string::npos ? std::string("must be name=url") : "";
      });
  app.add_option("--public-status", config.public_status,
                 "Services members see on /status (comma-separated ids); admins see all")
      ->envname("DASHBOARD_PUBLIC_STATUS")
      ->delimiter(',');
  app.add_option("--status-interval-ms", config.status_interval_ms,
                 "How often each status check runs")
      ->envname("DASHBOARD_STATUS_INTERVAL_MS")
      ->check(CLI::Range(200, 3600000))
      ->capture_default_str();
  app.add_option("--monitor-timeout-ms", config.monitor_timeout_ms,
                 "A monitored endpoint slower than this is down")
      ->envname("DASHBOARD_MONITOR_TIMEOUT_MS")
      ->check(CLI::Range(50, 600000))
      ->capture_default_str();
  app.add_option("--monitor-degraded-ms", config.monitor_degraded_ms,
                 "A monitored endpoint slower than this is degraded")
      ->envname("DASHBOARD_MONITOR_DEGRADED_MS")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_option("--database-degraded-ms", config.database_degraded_ms,
                 "A database round trip slower than this is degraded")
      ->envname("DASHBOARD_DATABASE_DEGRADED_MS")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_option("--disk-degraded-percent", config.disk_degraded_percent,
                 "The data folder's disk is degraded above this much used")
      ->envname("DASHBOARD_DISK_DEGRADED_PERCENT")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--disk-down-percent", config.disk_down_percent,
                 "The data folder's disk is down above this much used")
      ->envname("DASHBOARD_DISK_DOWN_PERCENT")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--undelivered-degraded-events", config.undelivered_degraded_events,
                 "The live stream is degraded above this many events not yet delivered")
      ->envname("DASHBOARD_UNDELIVERED_DEGRADED_EVENTS")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  app.add_option("--undelivered-down-events", config.undelivered_down_events,
                 "The live stream is down above this many events not yet delivered")
      ->envname("DASHBOARD_UNDELIVERED_DOWN_EVENTS")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();

  CLI::App* seed = app.add_subcommand("seed", "Create demo users and their collections");
  seed->add_flag("--demo", config.seed_demo, "Seed the demo users alice and bob")->required();
  CLI::App* token = app.add_subcommand("token", "Print a token for a user (last line of output)");
  token->add_option("--user", config.token_user, "Username")->required();
  std::string migrate_from;
  CLI::App* migrate = app.add_subcommand("migrate",
                                         "Copy a SQLite collection (users, MOCs, sets, wishlist, "
                                         "outbox) into an empty PostgreSQL database");
  migrate->add_option("--from", migrate_from, "The data dir holding dashboard.db")
      ->required()
      ->check(CLI::ExistingDirectory);
  migrate->add_option("--to", config.migrate_to, "postgres://... URL")->required();
  CLI::App* user = app.add_subcommand("user", "Manage accounts: add, passwd, remove, list");
  user->require_subcommand(1, 1);
  const auto takes_password = [&config](CLI::App* command) {
    command->add_flag("--password-stdin", config.password_stdin,
                      "Read the password from standard input instead of prompting");
  };
  CLI::App* user_add = user->add_subcommand("add", "Create a user");
  user_add->add_option("name", config.user_name, "Username")->required();
  CLI::Option* role = user_add->add_option("--role", config.user_role, "admin or member")
                          ->check(CLI::IsMember({"admin", "member"}))
                          ->capture_default_str();
  bool add_admin = false;
  user_add->add_flag("--admin", add_admin, "Same as --role admin (the first administrator)")
      ->excludes(role);
  takes_password(user_add);
  CLI::App* user_passwd = user->add_subcommand("passwd", "Set a user's password (signs them out)");
  user_passwd->add_option("name", config.user_name, "Username")->required();
  takes_password(user_passwd);
  CLI::App* user_remove =
      user->add_subcommand("remove", "Delete a user with all of their data (signs them out)");
  user_remove->add_option("name", config.user_name, "Username")->required();
  user_remove->add_flag("--yes", config.confirm_remove, "Confirm: the data cannot be restored");
  CLI::App* user_list = user->add_subcommand("list", "List users and their roles");
  for (CLI::App* command : {user, user_add, user_passwd, user_remove, user_list}) {
    command->fallthrough();
  }
  CLI::App* announce =
      app.add_subcommand("announce", "Send an announcement to every user's notifications");
  announce->add_option("text", config.announce_text, "The announcement")->required();
  app.require_subcommand(0, 1);
  // Global options may follow the subcommand: `token --user alice --data-dir d`.
  seed->fallthrough();
  token->fallthrough();
  migrate->fallthrough();
  announce->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return ParseOutcome{std::nullopt, app.exit(e)};
  }
  config.data_dir = data_dir;
  config.static_dir = static_dir;
  config.jwt_public_key_file = public_key;
  if (seed->parsed()) config.command = Command::kSeed;
  if (token->parsed()) config.command = Command::kToken;
  if (user->parsed()) {
    config.command = Command::kUser;
    if (user_add->parsed()) config.user_action = UserAction::kAdd;
    if (add_admin) config.user_role = "admin";
    if (user_passwd->parsed()) config.user_action = UserAction::kPasswd;
    if (user_remove->parsed()) config.user_action = UserAction::kRemove;
    if (user_list->parsed()) config.user_action = UserAction::kList;
  }
  if (announce->parsed()) config.command = Command::kAnnounce;
  if (migrate->parsed()) {
    config.command = Command::kMigrate;
    config.migrate_from = migrate_from;
  }
  return ParseOutcome{config, 0};
}

}  // namespace dashboard::server
