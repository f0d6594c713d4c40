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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return ParseOutcome{std::nullopt, app.exit(e)};
  }
  config.data_dir = data_dir;
  config.static_dir = static_dir;
  return ParseOutcome{config, 0};
}

}  // namespace dashboard::server
