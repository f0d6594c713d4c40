// storm: N clients that reconnect the way the product does, while the
// script restarts the server under them.
//
//   socket_load storm --target ours|reference --port P --clients N [--token T]
//                     [--seconds 90] [--events-per-second 5] [--timeline FILE]
//
// Each client is the product's own client logic, as the browser and native
// clients run it: a ConnectionMachine (backoff 1 s to 30 s, doubling, jitter
// 0.5; degraded mode after 8 failures) decides when to connect, a
// SocketioClient speaks socket.io and decodes and validates every event.
// Ours resume with {"token","lastSeq"}, so every event committed while they
// were away must be replayed: a client that sees a seq jump has a gap.
// Meanwhile a trickle of events (ours: POST /api/wishlist, one event each;
// the reference: POST /emit) runs against whatever server is up.
//
// Writes a timeline (per 100 ms: clients live, connects, attempts, losses,
// degraded clients) and prints one JSON line of totals at the end.
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/client/connection_machine.hpp"
#include "core/client/socketio_client.hpp"
#include "http_post.hpp"
#include "modes.hpp"
#include "ws_client.hpp"

namespace socket_load {
namespace net = boost::asio;
namespace client = dashboard::core::client;
using Clock = std::chrono::steady_clock;

namespace {

dashboard::core::UnixMillis now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Counters {
  std::size_t live = 0;  // clients whose socket.io CONNECT is acknowledged now
  std::size_t connects = 0;
  std::size_t attempts = 0;
  std::size_t losses = 0;
  std::size_t auth_failures = 0;
  std::size_t refusals = 0;
  std::size_t polls = 0;
  std::size_t resyncs = 0;
};

class Storm;

class StormClient : public std::enable_shared_from_this<StormClient> {
 public:
  StormClient(Storm& storm, std::size_t index, client::RandomSource random);

  void start() {
    machine_.start(now_ms());
    process();
  }
  void stop() {
    drop_attempt();
    timer_.cancel();
  }
  void check_silence() {
    if (ws_ && sio_.connected() && sio_.ping_overdue(now_ms())) lost("ping overdue");
  }

  std::optional<std::int64_t> last_seq;
  std::size_t events = 0;
  std::size_t gaps = 0;
  std::size_t duplicates = 0;
  std::size_t invalid = 0;
  bool ever_degraded = false;
  bool live = false;

 private:
  // Callbacks of one connection attempt; a replaced attempt's are ignored.
  struct Attempt final : WsEvents {
    Attempt(std::weak_ptr<StormClient> owner, std::uint64_t id) : owner(std::move(owner)), id(id) {}
    void on_open() override {}
    void on_text(std::string_view text) override {
      if (auto o = owner.lock(); o && o->attempt_id_ == id) o->on_text(text);
    }
    void on_closed(std::string_view why) override {
      if (auto o = owner.lock(); o && o->attempt_id_ == id) o->lost(why);
    }
    std::weak_ptr<StormClient> owner;
    std::uint64_t id;
  };

  void process();
  void open_attempt();
  void drop_attempt() {
    ++attempt_id_;
    if (ws_) ws_->close();
    ws_.reset();
  }
  void on_text(std::string_view text);
  void lost(std::string_view why);
  void arm_timer();
  std::string auth_json() const;

  Storm& storm_;
  std::size_t index_;
  client::ConnectionMachine machine_;
  client::SocketioClient sio_{"/dashboard"};
  std::shared_ptr<WsClient> ws_;
  std::uint64_t attempt_id_ = 0;
  net::steady_timer timer_;
};

class Storm {
 public:
  explicit Storm(const StormOptions& options) : options_(options), sampler_(ioc_), ender_(ioc_) {}

  net::io_context& ioc() { return ioc_; }
  const StormOptions& options() const { return options_; }
  const net::ip::tcp::endpoint& server() const { return server_; }
  Counters& counters() { return counters_; }
  net::ip::address source_for(std::size_t index) const {
    return net::ip::make_address_v4(
        0x7f000001U + static_cast<unsigned>(index % static_cast<std::size_t>(options_.sources)));
  }

  int run() {
    server_ = net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), options_.port);
    timeline_.open(options_.timeline.empty() ? "/dev/null" : options_.timeline);
    timeline_ << "t_ms,live,connects,attempts,losses,degraded\n";
    std::mt19937_64 rng(std::random_device{}());
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (int i = 0; i < options_.clients; ++i) {
      clients_.push_back(std::make_shared<StormClient>(
          *this, static_cast<std::size_t>(i), [&rng, uniform]() mutable { return uniform(rng); }));
    }
    started_ = Clock::now();
    started_epoch_ms_ = now_ms();
    // Tabs open over the first 5 s, not in one instant.
    start_batch(0);
    sample();
    ender_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(options_.seconds)));
    ender_.async_wait([this](auto ec) {
      if (!ec) end_trickle_then_stop();
    });
    trickle_ = std::thread([this] { trickle(); });
    ioc_.run();
    if (trickle_.joinable()) trickle_.join();
    return report();
  }

 private:
  void start_batch(std::size_t from) {
    const std::size_t step = std::max<std::size_t>(1, clients_.size() / 50);
    for (std::size_t i = from; i < std::min(clients_.size(), from + step); ++i)
      clients_[i]->start();
    if (from + step < clients_.size()) {
      auto timer = std::make_shared<net::steady_timer>(ioc_, std::chrono::milliseconds(100));
      timer->async_wait([this, timer, next = from + step](auto ec) {
        if (!ec) start_batch(next);
      });
    }
  }

  void sample() {
    std::size_t degraded = 0;
    for (const auto& c : clients_) {
      c->check_silence();
      degraded += c->ever_degraded ? 1 : 0;
    }
    const auto t =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count();
    timeline_ << t << ',' << counters_.live << ',' << counters_.connects - last_.connects << ','
              << counters_.attempts - last_.attempts << ',' << counters_.losses - last_.losses
              << ',' << degraded << std::endl;  // storm.sh watches it as it grows
    last_ = counters_;
    if (stopping_) return;
    sampler_.expires_after(std::chrono::milliseconds(100));
    sampler_.async_wait([this](auto ec) {
      if (!ec) sample();
    });
  }

  // Events keep coming against whatever server is up; failures (the server
  // is down) are counted and skipped, as a user's edit would be retried.
  void trickle() {
    const auto period = std::chrono::duration<double>(1.0 / options_.events_per_second);
    auto next = Clock::now();
    while (!trickle_stop_.load()) {
      next += std::chrono::duration_cast<Clock::duration>(period);
      const HttpAnswer answer =
          options_.target == "ours"
              ? http_request("127.0.0.1", options_.port, "POST", "/api/wishlist",
                             R"({"name":"storm trickle"})", options_.token)
              : http_request("127.0.0.1", options_.port, "POST", "/emit?user=" + options_.user);
      (answer.status >= 200 && answer.status < 300 ? triggers_ok_ : triggers_failed_)++;
      std::this_thread::sleep_until(next);
    }
  }

  void end_trickle_then_stop() {
    trickle_stop_ = true;
    // The last events need a moment to reach everyone.
    ender_.expires_after(std::chrono::seconds(5));
    ender_.async_wait([this](auto ec) {
      if (ec) return;
      stopping_ = true;
      sample();
      for (auto& c : clients_) c->stop();
      sampler_.cancel();
      ioc_.stop();
    });
  }

  int report() {
    std::int64_t max_seq = 0;
    for (const auto& c : clients_) max_seq = std::max(max_seq, c->last_seq.value_or(0));
    std::size_t gaps = 0, duplicates = 0, invalid = 0, degraded = 0, behind = 0, live = 0,
                events = 0, gap_clients = 0;
    for (const auto& c : clients_) {
      gaps += c->gaps;
      gap_clients += c->gaps > 0 ? 1 : 0;
      duplicates += c->duplicates;
      invalid += c->invalid;
      degraded += c->ever_degraded ? 1 : 0;
      behind += c->last_seq.value_or(0) < max_seq ? 1 : 0;
      live += c->live ? 1 : 0;
      events += c->events;
    }
    std::printf(
        "{\"target\":\"%s\",\"clients\":%d,\"started_epoch_ms\":%lld,\"live_at_end\":%zu,"
        "\"connects\":%zu,\"attempts\":%zu,\"losses\":%zu,\"auth_failures\":%zu,\"refusals\":%zu,"
        "\"polls\":%zu,\"resyncs\":%zu,\"events_received\":%zu,\"max_seq\":%lld,"
        "\"clients_behind_at_end\":%zu,\"gaps\":%zu,\"clients_with_gaps\":%zu,\"duplicates\":%zu,"
        "\"invalid_events\":%zu,\"clients_ever_degraded\":%zu,\"triggers_ok\":%zu,"
        "\"triggers_failed\":%zu}\n",
        options_.target.c_str(), options_.clients, static_cast<long long>(started_epoch_ms_), live,
        counters_.connects, counters_.attempts, counters_.losses, counters_.auth_failures,
        counters_.refusals, counters_.polls, counters_.resyncs, events,
        static_cast<long long>(max_seq), behind, gaps, gap_clients, duplicates, invalid, degraded,
        triggers_ok_.load(), triggers_failed_.load());
    return 0;
  }

  StormOptions options_;
  net::io_context ioc_{1};
  net::steady_timer sampler_;
  net::steady_timer ender_;
  net::ip::tcp::endpoint server_;
  std::vector<std::shared_ptr<StormClient>> clients_;
  Counters counters_;
  Counters last_;
  std::ofstream timeline_;
  Clock::time_point started_;
  dashboard::core::UnixMillis started_epoch_ms_ = 0;
  std::thread trickle_;
  std::atomic<bool> trickle_stop_{false};
  std::atomic<std::size_t> triggers_ok_{0};
  std::atomic<std::size_t> triggers_failed_{0};
  bool stopping_ = false;
};

StormClient::StormClient(Storm& storm, std::size_t index, client::RandomSource random)
    : storm_(storm),
      index_(index),
      machine_(client::ConnectionConfig{}, std::move(random)),
      timer_(storm.ioc()) {}

std::string StormClient::auth_json() const {
  const StormOptions& o = storm_.options();
  if (o.target != "ours") return R"({"token":"x","user":")" + o.user + R"("})";
  if (!last_seq) return R"({"token":")" + o.token + R"("})";
  return R"({"token":")" + o.token + R"(","lastSeq":)" + std::to_string(*last_seq) + "}";
}

void StormClient::process() {
  for (const client::ConnectionAction action : machine_.take_actions()) {
    switch (action) {
      case client::ConnectionAction::Connect:
        open_attempt();
        break;
      case client::ConnectionAction::Close:
        drop_attempt();
        break;
      case client::ConnectionAction::PollSnapshot:
        ++storm_.counters().polls;
        break;
    }
  }
  ever_degraded = ever_degraded || machine_.degraded();
  arm_timer();
}

void StormClient::open_attempt() {
  drop_attempt();
  ++storm_.counters().attempts;
  ws_ = std::make_shared<WsClient>(storm_.ioc(),
                                   std::make_shared<Attempt>(weak_from_this(), attempt_id_));
  sio_.begin(auth_json(), now_ms());
  ws_->start(storm_.server(), storm_.source_for(index_));
}

void StormClient::on_text(std::string_view text) {
  const auto now = now_ms();
  client::FrameOutcome out = sio_.on_frame(text, now);
  for (std::string& reply : out.replies) ws_->send(std::move(reply));
  switch (out.signal) {
    case client::ClientSignal::Connected:
      live = true;
      ++storm_.counters().live;
      ++storm_.counters().connects;
      machine_.on_connected(now);
      break;
    case client::ClientSignal::ConnectRefused:
      ++storm_.counters().refusals;
      if (out.message == "AUTH_FAILED") {
        ++storm_.counters().auth_failures;
        machine_.on_auth_failed(now);
      } else {
        machine_.on_lost(now, "refused: " + out.message);
      }
      break;
    case client::ClientSignal::Closed:
      lost("closed by the server");
      return;
    case client::ClientSignal::ResyncRequired:
      ++storm_.counters().resyncs;
      break;
    case client::ClientSignal::None:
      break;
  }
  if (!out.log.empty()) ++invalid;
  if (out.event) {
    ++events;
    const std::int64_t seq = out.event->seq;
    if (last_seq) {
      if (seq <= *last_seq) {
        ++duplicates;
      } else if (seq != *last_seq + 1) {
        ++gaps;
      }
    }
    if (!last_seq || seq > *last_seq) last_seq = seq;
  }
  process();
}

void StormClient::lost(std::string_view why) {
  if (live) {
    live = false;
    --storm_.counters().live;
  }
  ++storm_.counters().losses;
  ++attempt_id_;  // whatever the old attempt still reports is stale now
  if (ws_) ws_->close();
  ws_.reset();
  machine_.on_lost(now_ms(), std::string(why));
  process();
}

void StormClient::arm_timer() {
  const auto deadline = machine_.next_deadline();
  if (!deadline) return;
  timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(0, *deadline - now_ms())));
  timer_.async_wait([weak = weak_from_this()](auto ec) {
    if (ec) return;
    if (auto self = weak.lock()) {
      self->machine_.tick(now_ms());
      self->process();
    }
  });
}

}  // namespace

int run_storm(const StormOptions& options) {
  Storm storm(options);
  return storm.run();
}

}  // namespace socket_load
