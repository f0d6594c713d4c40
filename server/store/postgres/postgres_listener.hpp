// postgres_listener: the one LISTEN connection per instance. PostgreSQL
// delivers every commit's NOTIFY (store/outbox.hpp: "<user> <last_seq>") to
// it, and it wakes the hub for that user, so a write on any instance
// reaches the sockets of every instance.
//
// NOTIFY is only a wake-up: the hub reads the events from the outbox. A
// notification can be lost (the connection dropped between commit and
// delivery), so after every reconnect, and every `catch_up_interval`
// anyway, `on_catch_up` asks the hub to read every room's outbox: a lost
// notification costs latency, never an event.
//
//   PostgresListener listener(url, {.on_commit = [&](user, seq) { hub->notify_commit(user, seq); },
//                                   .on_catch_up = [&] { hub->catch_up_all(); }});
//   listener.start();   // its own thread
//   listener.stop();    // joins
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace dashboard::server::store {

struct ListenerCallbacks {
  std::function<void(std::int64_t user, std::int64_t last_seq)> on_commit;
  std::function<void()> on_catch_up;
  // A board or MOC topic's stream grew to `last_seq` (payload "t <seq> <topic>").
  std::function<void(const std::string& topic, std::int64_t last_seq)> on_topic_commit;
  // Another instance's viewers of `topic` changed (payload "p <topic>").
  std::function<void(const std::string& topic)> on_presence;
  // The LISTEN connection came up (true) or was lost (false), with why.
  std::function<void(bool connected, const std::string& why)> on_state;
};

class PostgresListener {
 public:
  PostgresListener(std::string url, ListenerCallbacks callbacks,
                   std::chrono::milliseconds catch_up_interval = std::chrono::seconds(5));
  ~PostgresListener();
  PostgresListener(const PostgresListener&) = delete;
  PostgresListener& operator=(const PostgresListener&) = delete;

  void start();
  void stop();

  std::int64_t notifications() const { return notifications_.load(); }
  std::int64_t catch_ups() const { return catch_ups_.load(); }
  bool connected() const { return connected_.load(); }

 private:
  void run();
  // One connection's life: LISTEN, then wait for notifications until it
  // breaks or stop() is called.
  void listen_once();

  std::string url_;
  ListenerCallbacks callbacks_;
  std::chrono::milliseconds catch_up_interval_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::atomic<std::int64_t> notifications_{0};
  std::atomic<std::int64_t> catch_ups_{0};
  std::thread thread_;
};

}  // namespace dashboard::server::store
