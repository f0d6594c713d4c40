// hold: N idle authenticated sockets on one server, then one event to all.
//
//   socket_load hold --target ours|reference --port P --server-pid PID --sockets N
//                    [--sources 8] [--window 500] [--token T] [--user alice]
//
// 1. Connects N sockets, at most `window` handshakes in flight, source
//    addresses 127.0.0.1 .. 127.0.0.<sources> in turn; each waits for the
//    Engine.IO open packet, sends the /dashboard CONNECT (ours: the token;
//    the socket.io reference: any token and auth.user) and counts once the
//    CONNECT is acknowledged. No retries: a failure is counted.
// 2. 5 s idle (pings answered), then the server's VmRSS again: memory per socket.
// 3. One trigger (ours: POST /api/wishlist, a real mutation; the reference:
//    POST /emit?user=...) and the time from its start to each socket's
//    receipt of the event: the last receipt is the fan-out's end.
// Prints one JSON line.
#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_post.hpp"
#include "modes.hpp"
#include "proc_stats.hpp"
#include "ws_client.hpp"

namespace socket_load {
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

class Holder;

class HoldClient final : public WsEvents, public std::enable_shared_from_this<HoldClient> {
 public:
  HoldClient(Holder& holder, std::size_t index) : holder_(holder), index_(index) {}
  void start(net::io_context& ioc, const net::ip::tcp::endpoint& server,
             const net::ip::address& source) {
    ws_ = std::make_shared<WsClient>(ioc, shared_from_this());
    ws_->start(server, source);
  }
  void on_open() override {}
  void on_text(std::string_view text) override;
  void on_closed(std::string_view why) override;
  std::optional<Clock::time_point> received;  // the probe event

 private:
  Holder& holder_;
  std::size_t index_;
  std::shared_ptr<WsClient> ws_;
  bool connected_ = false;
};

class Holder {
 public:
  Holder(const HoldOptions& options) : options_(options), timer_(ioc_) {}

  int run() {
    server_ = net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), options_.port);
    auth_ = options_.target == "ours" ? R"({"token":")" + options_.token + R"("})"
                                      : R"({"token":"x","user":")" + options_.user + R"("})";
    rss_before_kb_ = rss_kb(options_.server_pid);
    clients_.reserve(static_cast<std::size_t>(options_.sockets));
    for (int i = 0; i < options_.sockets; ++i) {
      clients_.push_back(std::make_shared<HoldClient>(*this, static_cast<std::size_t>(i)));
    }
    connect_started_ = Clock::now();
    for (int i = 0; i < options_.window; ++i) start_next();
    ioc_.run();
    return report();
  }

  const std::string& auth() const { return auth_; }

  void connected(std::size_t /*index*/) {
    ++connected_;
    const auto now = Clock::now();
    const auto second = static_cast<std::size_t>(seconds_between(connect_started_, now));
    if (per_second_.size() <= second) per_second_.resize(second + 1);
    ++per_second_[second];
    attempt_done();
  }
  void failed(std::string_view why) {
    ++failed_;
    if (first_failure_.empty()) first_failure_ = std::string(why);
    attempt_done();
  }
  void dropped(std::string_view why) {
    ++dropped_;
    if (first_drop_.empty()) first_drop_ = std::string(why);
  }
  // False for an event before the probe (there should be none).
  bool event_received() {
    if (!triggered_) {
      ++early_events_;
      return false;
    }
    if (++receipts_ == connected_ - dropped_) {
      last_receipt_ = Clock::now();
      finish();
    }
    return true;
  }

 private:
  void start_next() {
    if (next_ >= clients_.size()) return;
    const std::size_t i = next_++;
    const auto source = net::ip::make_address_v4(
        0x7f000001U + static_cast<unsigned>(i % static_cast<std::size_t>(options_.sources)));
    clients_[i]->start(ioc_, server_, source);
  }

  void attempt_done() {
    start_next();
    if (connected_ + failed_ == clients_.size()) all_attempted();
  }

  void all_attempted() {
    connect_done_ = Clock::now();
    std::fprintf(stderr, "[hold %s] %zu connected, %zu failed in %.2f s\n", options_.target.c_str(),
                 connected_, failed_, seconds_between(connect_started_, connect_done_));
    timer_.expires_after(std::chrono::seconds(5));
    timer_.async_wait([this](auto ec) {
      if (!ec) measure_idle_then_trigger();
    });
  }

  void measure_idle_then_trigger() {
    rss_after_kb_ = rss_kb(options_.server_pid);
    triggered_ = true;
    trigger_started_ = Clock::now();
    // The trigger blocks until answered; the fan-out it starts may overtake it.
    trigger_thread_ = std::thread([this] {
      const HttpAnswer answer =
          options_.target == "ours"
              ? http_request("127.0.0.1", options_.port, "POST", "/api/wishlist",
                             R"({"name":"hold probe"})", options_.token)
              : http_request("127.0.0.1", options_.port, "POST", "/emit?user=" + options_.user);
      trigger_status_ = answer.status;
      trigger_answered_ = Clock::now();
    });
    timer_.expires_after(std::chrono::seconds(120));
    timer_.async_wait([this](auto ec) {
      if (!ec) finish();  // not everyone got it: report what did
    });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    ioc_.stop();
  }

  int report() {
    if (trigger_thread_.joinable()) trigger_thread_.join();
    std::vector<double> latencies;
    latencies.reserve(clients_.size());
    for (const auto& client : clients_) {
      if (client->received)
        latencies.push_back(seconds_between(trigger_started_, *client->received));
    }
    std::sort(latencies.begin(), latencies.end());
    const auto pct = [&](double p) {
      if (latencies.empty()) return -1.0;
      const auto k =
          static_cast<std::size_t>(p / 100.0 * static_cast<double>(latencies.size() - 1));
      return latencies[k] * 1000.0;
    };
    const double connect_seconds = seconds_between(connect_started_, connect_done_);
    const std::size_t peak =
        per_second_.empty() ? 0 : *std::max_element(per_second_.begin(), per_second_.end());
    std::printf(
        "{\"target\":\"%s\",\"sockets\":%d,\"connected\":%zu,\"failed\":%zu,\"dropped\":%zu,"
        "\"first_failure\":\"%s\",\"first_drop\":\"%s\",\"connect_seconds\":%.3f,"
        "\"connects_per_second\":%.1f,\"peak_connects_per_second\":%zu,"
        "\"rss_before_kb\":%ld,\"rss_after_kb\":%ld,\"rss_per_socket_kb\":%.3f,"
        "\"driver_rss_kb\":%ld,\"trigger_status\":%d,\"trigger_ms\":%.2f,\"receipts\":%zu,"
        "\"early_events\":%zu,\"receipt_p50_ms\":%.2f,\"receipt_p99_ms\":%.2f,"
        "\"last_receipt_ms\":%.2f}\n",
        options_.target.c_str(), options_.sockets, connected_, failed_, dropped_,
        json_safe(first_failure_).c_str(), json_safe(first_drop_).c_str(), connect_seconds,
        connect_seconds > 0 ? static_cast<double>(connected_) / connect_seconds : 0.0, peak,
        rss_before_kb_, rss_after_kb_,
        connected_ > 0
            ? static_cast<double>(rss_after_kb_ - rss_before_kb_) / static_cast<double>(connected_)
            : 0.0,
        rss_kb(::getpid()), trigger_status_.load(),
        seconds_between(trigger_started_, trigger_answered_) * 1000.0, receipts_, early_events_,
        pct(50), pct(99), latencies.empty() ? -1.0 : latencies.back() * 1000.0);
    return connected_ == clients_.size() && receipts_ == connected_ - dropped_ ? 0 : 1;
  }

  static std::string json_safe(std::string text) {
    std::replace(text.begin(), text.end(), '"', '\'');
    std::replace(text.begin(), text.end(), '\\', '/');
    return text;
  }

  HoldOptions options_;
  net::io_context ioc_{1};
  net::steady_timer timer_;
  net::ip::tcp::endpoint server_;
  std::string auth_;
  std::vector<std::shared_ptr<HoldClient>> clients_;
  std::size_t next_ = 0;
  std::size_t connected_ = 0;
  std::size_t failed_ = 0;
  std::size_t dropped_ = 0;
  std::size_t receipts_ = 0;
  std::size_t early_events_ = 0;
  std::string first_failure_;
  std::string first_drop_;
  std::vector<std::size_t> per_second_;
  long rss_before_kb_ = 0;
  long rss_after_kb_ = 0;
  Clock::time_point connect_started_;
  Clock::time_point connect_done_;
  Clock::time_point trigger_started_;
  Clock::time_point trigger_answered_;
  Clock::time_point last_receipt_;
  bool triggered_ = false;
  bool finished_ = false;
  std::thread trigger_thread_;
  std::atomic<int> trigger_status_{0};
};

void HoldClient::on_text(std::string_view text) {
  if (text == "2") {
    ws_->send("3");  // Engine.IO ping
  } else if (text.starts_with("0")) {
    ws_->send("40/dashboard," + holder_.auth());
  } else if (text.starts_with("40/dashboard,")) {
    connected_ = true;
    holder_.connected(index_);
  } else if (text.starts_with("44/dashboard,")) {
    ws_->close();
  } else if (text.starts_with("42/dashboard,")) {
    if (!received) {
      const auto now = Clock::now();
      if (holder_.event_received()) received = now;
    }
  }
}

void HoldClient::on_closed(std::string_view why) {
  if (connected_) {
    holder_.dropped(why);
  } else {
    holder_.failed(why);
  }
}

}  // namespace

int run_hold(const HoldOptions& options) {
  Holder holder(options);
  return holder.run();
}

}  // namespace socket_load
