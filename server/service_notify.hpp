// service_notify: tells a supervisor (systemd with Type=notify) where the
// server is in its life. Without NOTIFY_SOCKET in the environment (a shell,
// a test, cluster.sh) every call does nothing.
//
//   notify_ready();     // once the port accepts connections
//   notify_stopping();  // when a graceful shutdown begins
#pragma once

namespace dashboard::server {

// READY=1: systemd starts the units ordered after this one, and
// `systemctl start` returns, only now.
void notify_ready();

// STOPPING=1: the stop is ours, not a crash, while the sessions drain.
void notify_stopping();

}  // namespace dashboard::server
