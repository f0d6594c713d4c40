// modes: what socket_load can do, and their options (main.cpp parses them).
#pragma once

#include <string>

namespace socket_load {

struct HoldOptions {
  std::string target = "ours";  // ours | reference
  unsigned short port = 0;
  int server_pid = 0;
  int sockets = 1000;
  int sources = 8;    // loopback source addresses 127.0.0.1 .. 127.0.0.<sources>
  int window = 500;   // handshakes in flight
  std::string token;  // ours
  std::string user = "alice";
};

struct StormOptions {
  std::string target = "ours";
  unsigned short port = 0;
  int clients = 10000;
  int sources = 2;
  std::string token;
  std::string user = "alice";
  double seconds = 60;           // how long to run (the script restarts the server meanwhile)
  double events_per_second = 5;  // the trickle of events the clients must all see
  std::string timeline;          // CSV of what happened, per 100 ms
};

int run_hold(const HoldOptions& options);
int run_storm(const StormOptions& options);

}  // namespace socket_load
