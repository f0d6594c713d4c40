// view_report: what the native client shows, written to a JSON file so a
// test can compare it with GET /api/dashboard. The file is replaced
// atomically (temporary file + rename): a reader never sees half of it.
//
//   {"status":"Live","degraded":false,"error":"","view":{...snapshot...}}
//   ("view" is null until the first snapshot arrives)
//
//   ViewReport report("/tmp/view.json");
//   report.update(live.view(), live.link(now));  // every frame: writes on a change
//   report.write(live.view(), live.link(now));   // at exit: writes regardless
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/live_client.hpp"
#include "core/model.hpp"

namespace dashboard::platform {

// The report's JSON for `view` (nullptr: none yet) and `link`.
std::string encode_view_report(const core::DashboardView* view, const app::LinkState& link);

// Writes `text` to `path` through `path`.tmp and a rename. On failure
// returns false and fills `error`.
bool write_file_atomically(const std::string& path, std::string_view text, std::string& error);

class ViewReport {
 public:
  explicit ViewReport(std::string path) : path_(std::move(path)) {}

  // Writes when the view's version, its presence or the link's status
  // changed since the last write (the first call always writes).
  void update(const core::DashboardView* view, const app::LinkState& link);

  // Writes now; a failure is reported on stderr once per distinct error.
  void write(const core::DashboardView* view, const app::LinkState& link);

 private:
  struct Key {
    bool has_view = false;
    std::int64_t version = 0;
    core::ConnectionStatus status = core::ConnectionStatus::Offline;
    bool degraded = false;
    bool operator==(const Key&) const = default;
  };

  std::string path_;
  bool written_ = false;
  Key last_;
  std::string last_error_;
};

}  // namespace dashboard::platform
