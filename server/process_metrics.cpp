#include "process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace dashboard::server {
namespace {

// The fields of /proc/self/stat after the command name, which is in
// parentheses and may itself hold spaces: tokens[0] is field 3 (state).
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  const std::string line((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  return {std::istream_iterator<std::string>(rest), std::istream_iterator<std::string>()};
}

// When the machine booted, in seconds since the epoch: stat's start time
// counts from there.
double boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double seconds = 0;
      in >> seconds;
      return seconds;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

double open_fd_count() {
  std::error_code ec;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++count;
  }
  return count;
}

// stat(5) field numbers, as offsets into stat_fields().
constexpr std::size_t kUtime = 14 - 3;
constexpr std::size_t kStime = 15 - 3;
constexpr std::size_t kStartTime = 22 - 3;
constexpr std::size_t kVsize = 23 - 3;
constexpr std::size_t kRss = 24 - 3;

}  // namespace

std::optional<ProcessSample> read_process_sample() {
  const std::vector<std::string> fields = stat_fields();
  if (fields.size() <= kRss) return std::nullopt;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  ProcessSample sample;
  try {
    sample.cpu_seconds = (std::stod(fields[kUtime]) + std::stod(fields[kStime])) / ticks;
    sample.start_time_seconds = boot_time_seconds() + std::stod(fields[kStartTime]) / ticks;
    sample.virtual_bytes = std::stod(fields[kVsize]);
    sample.resident_bytes = std::stod(fields[kRss]) * page;
  } catch (const std::exception&) {
    return std::nullopt;  // not the stat(5) layout this was written for
  }
  sample.open_fds = open_fd_count();
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) sample.max_fds = static_cast<double>(limit.rlim_cur);
  return sample;
}

namespace {

prometheus::Gauge& gauge(prometheus::Registry& r, const char* name, const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r).Add({});
}

}  // namespace

ProcessMetrics::ProcessMetrics(prometheus::Registry& registry)
    : cpu_seconds_(prometheus::BuildCounter()
                       .Name("process_cpu_seconds_total")
                       .Help("Total user and system CPU time spent in seconds")
                       .Register(registry)
                       .Add({})),
      resident_bytes_(
          gauge(registry, "process_resident_memory_bytes", "Resident memory size in bytes")),
      virtual_bytes_(
          gauge(registry, "process_virtual_memory_bytes", "Virtual memory size in bytes")),
      open_fds_(gauge(registry, "process_open_fds", "Number of open file descriptors")),
      max_fds_(gauge(registry, "process_max_fds", "Maximum number of open file descriptors")),
      start_time_seconds_(gauge(registry, "process_start_time_seconds",
                                "Start time of the process since unix epoch in seconds")) {}

void ProcessMetrics::refresh() {
  const std::optional<ProcessSample> sample = read_process_sample();
  if (!sample) return;
  cpu_seconds_.advance_to(sample->cpu_seconds);
  resident_bytes_.Set(sample->resident_bytes);
  virtual_bytes_.Set(sample->virtual_bytes);
  open_fds_.Set(sample->open_fds);
  max_fds_.Set(sample->max_fds);
  start_time_seconds_.Set(sample->start_time_seconds);
}

}  // namespace dashboard::server
