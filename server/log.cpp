// Structured JSON-lines logger; see log.hpp.
#include "log.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <ostream>
#include <thread>
#include <type_traits>
#include <utility>

#include "core/timestamp.hpp"

namespace dashboard::server::log {
namespace {

std::mutex& sink_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::atomic<std::ostream*> g_sink{nullptr};

// How long the writer thread lets lines gather after the first one: under
// load that is one write() per millisecond instead of one per request.
constexpr std::chrono::milliseconds kGather{1};

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr closed or broken: nothing better to do with the line
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// stderr behind a BatchedWriter and a thread that flushes it. Never
// destroyed: a line logged from any thread at any time, including from
// other static destructors at exit, has somewhere to go; an atexit hook
// flushes what is left.
class StderrLog {
 public:
  StderrLog()
      : writer_([](std::string_view bytes) { write_all(STDERR_FILENO, bytes); }),
        thread_([this] { run(); }) {
    std::atexit([] { log::flush(); });
  }

  void append(std::string_view line, bool urgent) {
    if (!writer_.append(line, urgent)) return;
    {
      const std::lock_guard lock(wake_mutex_);
      wake_ = true;
    }
    wake_cv_.notify_one();
  }

  void flush() { writer_.flush(); }

 private:
  [[noreturn]] void run() {
    std::unique_lock lock(wake_mutex_);
    while (true) {
      wake_cv_.wait(lock, [this] { return wake_; });
      wake_ = false;
      lock.unlock();
      std::this_thread::sleep_for(kGather);
      writer_.flush();
      lock.lock();
    }
  }

  BatchedWriter writer_;
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool wake_ = false;  // guarded by wake_mutex_
  std::thread thread_;
};

StderrLog& stderr_log() {
  static auto* log = new StderrLog();  // NOLINT(cppcoreguidelines-owning-memory): see StderrLog
  return *log;
}

// One buffer per thread, reused: a request's log line costs no allocation.
void format_into(rapidjson::StringBuffer& buffer, Level level, std::string_view msg,
                 const Fields& fields, std::chrono::system_clock::time_point when) {
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.SetMaxDecimalPlaces(3);  // durations in ms: microseconds are enough
  const auto text = [&w](std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartObject();
  w.Key("ts");
  text(rfc3339_utc_ms(when));
  w.Key("level");
  text(level_name(level));
  w.Key("msg");
  text(msg);
  for (const Field& field : fields) {
    // The fixed keys stay authoritative so every line parses the same way.
    if (field.key == "ts" || field.key == "level" || field.key == "msg") continue;
    w.Key(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            text(v);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            w.Int64(v);
          } else if constexpr (std::is_same_v<T, double>) {
            w.Double(v);
          } else {
            w.Bool(v);
          }
        },
        field.value.get());
  }
  w.EndObject();
}

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string rfc3339_utc_ms(std::chrono::system_clock::time_point when) {
  return core::format_rfc3339_utc(
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count());
}

std::string format_line(Level level, std::string_view msg, const Fields& fields,
                        std::chrono::system_clock::time_point when) {
  rapidjson::StringBuffer buffer;
  format_into(buffer, level, msg, fields, when);
  return {buffer.GetString(), buffer.GetSize()};
}

void write(Level level, std::string_view msg, const Fields& fields) {
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  format_into(buffer, level, msg, fields, std::chrono::system_clock::now());
  buffer.Put('\n');
  const std::string_view line(buffer.GetString(), buffer.GetSize());
  if (g_sink.load(std::memory_order_acquire) != nullptr) {
    const std::lock_guard lock(sink_mutex());
    if (std::ostream* sink = g_sink.load(std::memory_order_relaxed)) {
      *sink << line << std::flush;
      return;
    }
  }
  stderr_log().append(line, level >= Level::kWarn);
}

void set_sink(std::ostream* sink) {
  const std::lock_guard lock(sink_mutex());
  g_sink.store(sink, std::memory_order_release);
}

void flush() {
  stderr_log().flush();
}

BatchedWriter::BatchedWriter(Output out, std::size_t max_pending)
    : out_(std::move(out)), max_pending_(max_pending) {}

bool BatchedWriter::append(std::string_view line, bool urgent) {
  bool was_empty = false;
  bool overflowing = false;
  {
    const std::lock_guard lock(queue_mutex_);
    was_empty = queue_.empty();
    queue_.append(line);
    overflowing = queue_.size() > max_pending_;
  }
  if (urgent || overflowing) {
    flush();
    return false;
  }
  return was_empty;
}

void BatchedWriter::flush() {
  const std::lock_guard out_lock(output_mutex_);
  {
    const std::lock_guard lock(queue_mutex_);
    writing_.swap(queue_);  // the queue gets the last batch's buffer, capacity and all
  }
  if (!writing_.empty()) out_(writing_);
  writing_.clear();
  // One burst's buffer is not kept for good.
  if (writing_.capacity() > max_pending_) writing_ = std::string();
}

std::size_t BatchedWriter::pending_bytes() const {
  const std::lock_guard lock(queue_mutex_);
  return queue_.size();
}

}  // namespace dashboard::server::log
