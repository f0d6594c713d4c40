// Command-line and environment configuration for dashboard-server.
//
// parse_command_line() turns argv (plus DASHBOARD_* environment variables)
// into a Config. A flag given on the command line beats its environment
// variable, which beats the built-in default. Running with no subcommand
// serves; later subcommands (seed, token) add values to Command.
//
//   ParseOutcome outcome = parse_command_line(argc, argv);
//   if (!outcome.config) return outcome.exit_code;  // --help, or bad input
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dashboard::server {

enum class Command {
  kServe,     // no subcommand
  kSeed,      // seed --demo: create the demo users and collection
  kToken,     // token --user NAME: print a token signed with the server's secret
  kMigrate,   // migrate --from DATA_DIR --to postgres://...: copy a SQLite collection
  kUser,      // user add|passwd|remove|list: manage accounts
  kAnnounce,  // announce "text": a notification to every user
};

enum class UserAction { kAdd, kPasswd, kRemove, kList };

struct Config {
  Command command = Command::kServe;
  std::string host = "127.0.0.1";
  // 0 asks the OS for an ephemeral port; the bound port is logged.
  std::uint16_t port = 8080;
  std::filesystem::path data_dir = "data";
  std::filesystem::path static_dir = "build/wasm/site";
  unsigned threads = 2;

  // The database. Empty: SQLite in data_dir (the embedded default); a
  // postgres:// URL: PostgreSQL, shared by every instance pointed at it.
  std::string database_url;
  unsigned database_pool = 8;           // PostgreSQL connections per instance
  unsigned database_timeout_ms = 2000;  // wait for a free connection, then 503
  unsigned database_statement_timeout_ms = 1500;
  unsigned database_workers = 8;  // threads that may wait on the database
  unsigned database_queue = 512;
  unsigned balance_interval_ms = 5000;  // PostgreSQL: share socket counts this often; 0 = never  //
                                        // /api requests waiting or running before 503

  // Auth. Without a secret, one is generated into data_dir/jwt-secret.
  std::string jwt_secret;
  std::filesystem::path jwt_public_key_file;  // optional RS256 key (identity provider)
  unsigned token_ttl_hours = 12;              // tokens the `token` command prints
  // Signed-in browsers: a short access token, renewed with the refresh
  // token (HttpOnly cookie) that keeps the session for session_ttl_days.
  unsigned access_token_ttl_seconds = 15 * 60;
  unsigned session_ttl_days = 30;
  bool allow_signup = false;  // POST /api/auth/signup and the sign-up page
  // Sign-in throttling: failures that cost nothing, per username and per
  // client address, before the wait doubles from 1 s up to the maximum.
  unsigned signin_free_failures_user = 5;
  unsigned signin_free_failures_address = 20;
  unsigned signin_first_delay_seconds = 1;
  unsigned signin_max_delay_seconds = 15 * 60;
  // A replaced refresh token presented again this soon is two tabs racing,
  // not theft: it gets an access token and the session lives.
  unsigned refresh_reuse_grace_seconds = 10;
  // Behind a load balancer: the client address is X-Forwarded-For's last hop.
  bool trust_forwarded_for = false;

  // How long the outbox keeps events for gap repair and reconnects.
  unsigned event_retention_seconds = 72 * 3600;

  // Realtime (socket.io).
  std::vector<std::string> allowed_origins;  // empty: same origin only; "*": any
  unsigned ping_interval_ms = 30000;         // the requirements: a ping every 30 s
  unsigned ping_timeout_ms = 10000;          // dead after 10 s without a pong
  unsigned max_queued_kib = 4096;            // per-socket send queue before "slow consumer"
  unsigned max_topics_per_socket = 50;       // topic subscriptions per socket
  double subscribes_per_second = 5;          // per socket, with a burst of 4x (at least 20)

  // System status (/status): HTTP monitors as name=url, the services
  // members see, how often each check runs and its thresholds.
  std::vector<std::string> monitors;
  std::vector<std::string> public_status;
  unsigned status_interval_ms = 10000;
  unsigned monitor_timeout_ms = 5000;
  unsigned monitor_degraded_ms = 1000;
  unsigned database_degraded_ms = 250;
  unsigned disk_degraded_percent = 90;
  unsigned disk_down_percent = 98;
  unsigned undelivered_degraded_events = 1000;
  unsigned undelivered_down_events = 10000;

  // serve --demo: an empty database gets the demo users (published
  // passwords) and their MOCs; without it the server starts with no users.
  bool demo = false;
  bool seed_demo = false;                      // seed: --demo
  std::string token_user;                      // token: --user
  std::filesystem::path migrate_from;          // migrate: --from (a data dir with dashboard.db)
  std::string migrate_to;                      // migrate: --to (a postgres:// URL)
  UserAction user_action = UserAction::kList;  // user ...
  std::string user_name;                       // user add|passwd|remove NAME
  std::string user_role = "member";            // user add --role, or --admin
  bool password_stdin = false;                 // user add|passwd --password-stdin
  bool confirm_remove = false;                 // user remove --yes
  std::string announce_text;                   // announce: the text
};

struct ParseOutcome {
  // Empty when the process should exit right away with exit_code (help
  // was printed, or the input was rejected with a message on stderr).
  std::optional<Config> config;
  int exit_code = 0;
};

ParseOutcome parse_command_line(int argc, const char* const* argv);

}  // namespace dashboard::server
