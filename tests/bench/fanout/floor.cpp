// The raw-write floor for the fan-out benchmark: what the kernel allows on
// this machine. It speaks just enough socket.io for driver.mjs (the same
// driver as the servers get) to connect and count, and fans each event out
// the cheapest way there is: the frame is built once, then ONE blocking
// send() per socket, in a plain loop, no queue, no event loop; two threads
// (as many as the server's I/O threads) each take half of the room.
//
//   floor [PORT]     (default 0: ephemeral)
//
// Like reference_server.mjs: accepts any auth and joins the socket to the
// room named by auth.user; POST /emit?user=alice sends one
// dashboard:summaryUpdated event (the same envelope and trailing offset, so
// the same ~370 bytes on the wire) to that room and answers {"seq":N} with
// an x-seq header. Prints {"msg":"listening","port":N,"pid":P} on stderr;
// on SIGTERM/SIGINT prints its own figures and exits:
//   {"msg":"floor","writes":W,"write_seconds":S,"writes_per_second":W/S,
//    "cpu_us_per_write":C}
// where S is the wall time spent inside fan-out loops and C the thread CPU
// time (user + system) spent there per send().
//
// Setup uses Boost.Beast (synchronously: the handshake, the open packet,
// the namespace CONNECT); after that a socket's descriptor is taken out of
// Asio and only ever written with send(). The driver sends nothing after
// its CONNECT (the floor never pings), so nothing needs reading.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view kNamespace = "/dashboard";

struct Room {
  std::int64_t seq = 0;
  std::vector<int> fds;
};

std::mutex g_rooms_mutex;  // one fan-out at a time, like a hub's strand
std::unordered_map<std::string, Room> g_rooms;
std::atomic<std::uint64_t> g_writes{0};
std::atomic<std::int64_t> g_write_ns{0};
std::atomic<std::int64_t> g_cpu_ns{0};
std::atomic<std::uint64_t> g_failed_writes{0};

std::int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

std::string iso_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string uuid4(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> hex(0, 15);
  std::string id = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx";
  for (char& c : id) {
    if (c == 'x') c = "0123456789abcdef"[hex(rng)];
    if (c == 'y') c = "89ab"[hex(rng) & 3];
  }
  return id;
}

// The event as reference_server.mjs emits it, framed for the wire: one
// unmasked text frame, header and payload in one buffer.
std::string event_frame(std::int64_t seq, std::mt19937_64& rng) {
  const std::string payload =
      std::string("42/dashboard,[\"dashboard:summaryUpdated\",{\"eventId\":\"") + uuid4(rng) +
      "\",\"type\":\"dashboard:summaryUpdated\",\"timestamp\":\"" + iso_now() +
      "\",\"seq\":" + std::to_string(seq) +
      ",\"payload\":{\"totalMocs\":64,\"totalWishlistItems\":" + std::to_string(9 + seq) +
      ",\"mocsByBuildStatus\":{\"ADDED\":23,\"IN_PROGRESS\":25,\"BUILT\":16},"
      "\"mocsByCoverageStatus\":{\"FULL_INVENTORY\":31,\"PARTIAL_ORDERED\":16,\"NONE\":17}}},\"" +
      std::to_string(seq) + "\"]";
  std::string frame;
  frame.push_back(static_cast<char>(0x81));  // FIN, text
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(payload.size()));
  } else {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xff));
  }
  return frame + payload;
}

// send() to each descriptor, blocking: a full socket buffer waits for the
// driver to drain it. Adds this thread's CPU time to the total.
void send_to_all(std::span<const int> fds, const std::string& frame) {
  const std::int64_t cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
  for (const int fd : fds) {
    std::size_t sent = 0;
    while (sent < frame.size()) {
      const ssize_t n = ::send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        g_failed_writes.fetch_add(1);
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
  }
  g_cpu_ns.fetch_add(now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0);
}

// The second writer: as many threads write as the server has I/O threads
// (2), each to its half of the room.
class Helper {
 public:
  Helper() : thread_([this] { run(); }) { thread_.detach(); }
  void start(std::span<const int> fds, const std::string* frame) {
    std::lock_guard lock(mutex_);
    fds_ = fds;
    frame_ = frame;
    done_ = false;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return done_; });
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      cv_.wait(lock, [this] { return frame_ != nullptr; });
      lock.unlock();
      send_to_all(fds_, *frame_);
      lock.lock();
      frame_ = nullptr;
      done_ = true;
      cv_.notify_all();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::span<const int> fds_;
  const std::string* frame_ = nullptr;
  bool done_ = true;
  std::thread thread_;
};

// One event to every socket of the room: one send() each.
std::int64_t emit(const std::string& user, std::mt19937_64& rng) {
  static Helper helper;
  std::lock_guard lock(g_rooms_mutex);
  Room& room = g_rooms[user];
  const std::int64_t seq = ++room.seq;
  const std::string frame = event_frame(seq, rng);
  const std::int64_t wall0 = now_ns(CLOCK_MONOTONIC);
  const std::span<const int> all(room.fds);
  const std::size_t half = all.size() / 2;
  helper.start(all.subspan(half), &frame);
  send_to_all(all.first(half), frame);
  helper.wait();
  g_write_ns.fetch_add(now_ns(CLOCK_MONOTONIC) - wall0);
  g_writes.fetch_add(room.fds.size());
  return seq;
}

std::string query_param(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.substr(0, key.size()) == key && pair.size() > key.size() && pair[key.size()] == '=') {
      return std::string(pair.substr(key.size() + 1));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

// The trigger connection (keep-alive, one thread each).
void serve_http(tcp::socket socket, beast::flat_buffer buffer,
                http::request<http::string_body> req) {
  std::mt19937_64 rng(std::random_device{}());
  beast::error_code ec;
  while (true) {
    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    const std::string target(req.target());
    if (req.method() == http::verb::post && target.starts_with("/emit")) {
      const std::int64_t seq = emit(query_param(target, "user"), rng);
      res.result(http::status::ok);
      res.set(http::field::content_type, "application/json");
      res.set("x-seq", std::to_string(seq));
      res.body() = "{\"seq\":" + std::to_string(seq) + "}";
    } else {
      res.result(http::status::not_found);
    }
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !req.keep_alive()) return;
    req = {};
    http::read(socket, buffer, req, ec);
    if (ec) return;
  }
}

// The socket.io handshake, then the descriptor goes to its room.
void serve_socket(tcp::socket socket, http::request<http::string_body> req, std::mt19937_64& rng) {
  websocket::stream<tcp::socket> ws(std::move(socket));
  beast::error_code ec;
  ws.accept(req, ec);
  if (ec) return;
  ws.text(true);
  const std::string open = "0{\"sid\":\"" + uuid4(rng) +
                           "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
                           "\"maxPayload\":1000000}";
  ws.write(net::buffer(open), ec);
  if (ec) return;
  beast::flat_buffer in;
  ws.read(in, ec);
  if (ec) return;
  const std::string connect = beast::buffers_to_string(in.data());
  const std::string prefix = "40" + std::string(kNamespace) + ",";
  if (!connect.starts_with(prefix)) return;
  std::string user;
  if (const auto at = connect.find("\"user\":\""); at != std::string::npos) {
    const auto start = at + 8;
    user = connect.substr(start, connect.find('"', start) - start);
  }
  const std::string ok = prefix + "{\"sid\":\"" + uuid4(rng) + "\"}";
  ws.write(net::buffer(ok), ec);
  if (ec) return;
  // From here on only send() touches it, and blocking.
  const int fd = ws.next_layer().release(ec);
  if (ec) return;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::lock_guard lock(g_rooms_mutex);
  g_rooms[user].fds.push_back(fd);
}

void report_and_exit(int /*signo*/) {
  const double seconds = static_cast<double>(g_write_ns.load()) / 1e9;
  const std::uint64_t writes = g_writes.load();
  char line[512];
  const int n = std::snprintf(
      line, sizeof line,
      "{\"msg\":\"floor\",\"writes\":%llu,\"failed_writes\":%llu,\"write_seconds\":%.6f,"
      "\"writes_per_second\":%.1f,\"cpu_us_per_write\":%.3f}\n",
      static_cast<unsigned long long>(writes),
      static_cast<unsigned long long>(g_failed_writes.load()), seconds,
      seconds > 0 ? static_cast<double>(writes) / seconds : 0.0,
      writes > 0 ? static_cast<double>(g_cpu_ns.load()) / 1e3 / static_cast<double>(writes) : 0.0);
  if (n > 0) (void)::write(STDERR_FILENO, line, static_cast<std::size_t>(n));
  ::_exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned short port = argc > 1 ? static_cast<unsigned short>(std::stoi(argv[1])) : 0;
  std::signal(SIGTERM, report_and_exit);
  std::signal(SIGINT, report_and_exit);
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
  acceptor.listen(4096);
  std::fprintf(stderr, "{\"msg\":\"listening\",\"port\":%u,\"pid\":%d}\n",
               acceptor.local_endpoint().port(), static_cast<int>(::getpid()));
  std::fflush(stderr);
  std::mt19937_64 rng(std::random_device{}());
  while (true) {
    beast::error_code ec;
    tcp::socket socket(ioc);
    acceptor.accept(socket, ec);
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) continue;
    if (websocket::is_upgrade(req)) {
      serve_socket(std::move(socket), std::move(req), rng);
    } else {
      std::thread(serve_http, std::move(socket), std::move(buffer), std::move(req)).detach();
    }
  }
}
