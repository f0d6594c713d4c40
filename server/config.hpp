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
  kAnnounce,  // announce "text": a notification to every user
};

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
  unsigned database_statement_timeout_ms = 5000;

  // Auth. Without a secret, one is generated into data_dir/jwt-secret.
  std::string jwt_secret;
  std::filesystem::path jwt_public_key_file;  // optional RS256 key (identity provider)
  unsigned token_ttl_hours = 12;

  // How long the outbox keeps events for gap repair and reconnects.
  unsigned event_retention_seconds = 72 * 3600;

  // Realtime (socket.io).
  std::vector<std::string> allowed_origins;  // empty: same origin only; "*": any
  unsigned ping_interval_ms = 25000;
  unsigned ping_timeout_ms = 20000;
  unsigned max_queued_kib = 4096;  // per-socket send queue before "slow consumer"

  bool seed_demo = false;              // seed: --demo
  std::string token_user;              // token: --user
  std::filesystem::path migrate_from;  // migrate: --from (a data dir with dashboard.db)
  std::string migrate_to;              // migrate: --to (a postgres:// URL)
  std::string announce_text;           // announce: the text
};

struct ParseOutcome {
  // Empty when the process should exit right away with exit_code (help
  // was printed, or the input was rejected with a message on stderr).
  std::optional<Config> config;
  int exit_code = 0;
};

ParseOutcome parse_command_line(int argc, const char* const* argv);

}  // namespace dashboard::server
