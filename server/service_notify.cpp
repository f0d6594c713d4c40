// sd_notify wiring for service_notify.hpp.
#include "service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstring>
#include <string>

#include "log.hpp"

namespace dashboard::server {
namespace {

void notify(const char* state) {
  // 0: not run by a supervisor that listens; < 0: it does, and did not hear
  // us, which leaves systemd waiting until TimeoutStartSec: worth a line.
  const int sent = sd_notify(0, state);
  if (sent < 0) {
    log::warn("service notification failed", {{"state", state}, {"error", std::strerror(-sent)}});
  }
}

}  // namespace

void notify_ready() {
  notify("READY=1");
}

void notify_stopping() {
  notify("STOPPING=1");
}

}  // namespace dashboard::server
