// dashboard-server entry point: parse the command line, run the command.
#include <exception>

#include "backend.hpp"
#include "config.hpp"
#include "log.hpp"
#include "serve.hpp"
#include "user_command.hpp"

int main(int argc, char** argv) {
  using dashboard::server::Command;
  try {
    const auto outcome = dashboard::server::parse_command_line(argc, argv);
    if (!outcome.config) return outcome.exit_code;
    switch (outcome.config->command) {
      case Command::kServe:
        return dashboard::server::serve(*outcome.config);
      case Command::kSeed:
        return dashboard::server::seed_command(*outcome.config);
      case Command::kToken:
        return dashboard::server::token_command(*outcome.config);
      case Command::kMigrate:
        return dashboard::server::migrate_command(*outcome.config);
      case Command::kUser:
        return dashboard::server::user_command(*outcome.config);
      case Command::kAnnounce:
        return dashboard::server::announce_command(*outcome.config);
    }
    return 1;
  } catch (const std::exception& e) {
    dashboard::server::log::error("fatal", {{"error", e.what()}});
    return 1;
  }
}
