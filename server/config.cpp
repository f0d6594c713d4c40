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
                 "PostgreSQL statement_timeout for every connection")
      ->envname("DASHBOARD_DATABASE_STATEMENT_TIMEOUT_MS")
      ->check(CLI::Range(10, 3600000))
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
  if (announce->parsed()) config.command = Command::kAnnounce;
  if (migrate->parsed()) {
    config.command = Command::kMigrate;
    config.migrate_from = migrate_from;
  }
  return ParseOutcome{config, 0};
}

}  // namespace dashboard::server
