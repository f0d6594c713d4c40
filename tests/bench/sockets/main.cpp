// socket_load: the load driver for the connection benchmarks.
//
//   socket_load hold  ...   N idle sockets, memory per socket, one event to all (hold.cpp)
//   socket_load storm ...   clients reconnecting through a server restart (storm.cpp)
//
// See hold.sh and storm.sh, which start the servers and run it.
#include <CLI/CLI.hpp>

#include "modes.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Load driver for dashboard-server's connection benchmarks"};
  app.require_subcommand(1);

  socket_load::HoldOptions hold;
  CLI::App* hold_cmd = app.add_subcommand("hold", "N idle sockets, then one event to all");
  hold_cmd->add_option("--target", hold.target)->check(CLI::IsMember({"ours", "reference"}));
  hold_cmd->add_option("--port", hold.port)->required();
  hold_cmd->add_option("--server-pid", hold.server_pid)->required();
  hold_cmd->add_option("--sockets", hold.sockets);
  hold_cmd->add_option("--sources", hold.sources);
  hold_cmd->add_option("--window", hold.window);
  hold_cmd->add_option("--token", hold.token);
  hold_cmd->add_option("--user", hold.user);

  socket_load::StormOptions storm;
  CLI::App* storm_cmd = app.add_subcommand("storm", "clients reconnecting through a restart");
  storm_cmd->add_option("--target", storm.target)->check(CLI::IsMember({"ours", "reference"}));
  storm_cmd->add_option("--port", storm.port)->required();
  storm_cmd->add_option("--clients", storm.clients);
  storm_cmd->add_option("--sources", storm.sources);
  storm_cmd->add_option("--token", storm.token);
  storm_cmd->add_option("--user", storm.user);
  storm_cmd->add_option("--seconds", storm.seconds);
  storm_cmd->add_option("--events-per-second", storm.events_per_second);
  storm_cmd->add_option("--timeline", storm.timeline);

  CLI11_PARSE(app, argc, argv);
  if (*hold_cmd) return socket_load::run_hold(hold);
  return socket_load::run_storm(storm);
}
