#include "store/postgres/postgres_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/outbox.hpp"
#include "store/postgres/postgres_database.hpp"

namespace dashboard::server::store {
namespace {

constexpr std::chrono::milliseconds kPollSlice{250};  // how quickly stop() is noticed
constexpr std::chrono::milliseconds kFirstRetry{250};
constexpr std::chrono::milliseconds kMaxRetry{5000};

}  // namespace

PostgresListener::PostgresListener(std::string url, ListenerCallbacks callbacks,
                                   std::chrono::milliseconds catch_up_interval)
    : url_(std::move(url)),
      callbacks_(std::move(callbacks)),
      catch_up_interval_(catch_up_interval) {}

PostgresListener::~PostgresListener() {
  stop();
}

void PostgresListener::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void PostgresListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PostgresListener::run() {
  std::chrono::milliseconds retry = kFirstRetry;
  while (!stopping_) {
    try {
      listen_once();
      retry = kFirstRetry;
    } catch (const std::exception& e) {
      if (connected_.exchange(false) || retry == kFirstRetry) {
        if (callbacks_.on_state) callbacks_.on_state(false, e.what());
      }
      // Back off while the database is away, checking for stop() meanwhile.
      const auto until = std::chrono::steady_clock::now() + retry;
      while (!stopping_ && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::min(kPollSlice, retry));
      }
      retry = std::min(retry * 2, kMaxRetry);
    }
  }
  connected_ = false;
}

void PostgresListener::listen_once() {
  PgConnectionPtr conn = connect_postgres(url_, 3);
  PGresult* listen = PQexec(conn.get(), (std::string("LISTEN ") + kCommitChannel).c_str());
  const bool ok = PQresultStatus(listen) == PGRES_COMMAND_OK;
  PQclear(listen);
  if (!ok) throw std::runtime_error(std::string("LISTEN failed: ") + PQerrorMessage(conn.get()));
  connected_ = true;
  if (callbacks_.on_state) callbacks_.on_state(true, "listening");
  // Whatever was committed while we were not listening is in the outbox.
  ++catch_ups_;
  if (callbacks_.on_catch_up) callbacks_.on_catch_up();

  auto next_catch_up = std::chrono::steady_clock::now() + catch_up_interval_;
  while (!stopping_) {
    pollfd fd{PQsocket(conn.get()), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(kPollSlice.count()));
    if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed on the LISTEN socket");
    if (ready > 0 && PQconsumeInput(conn.get()) == 0) {
      throw std::runtime_error(std::string("LISTEN connection lost: ") +
                               PQerrorMessage(conn.get()));
    }
    while (PGnotify* note = PQnotifies(conn.get())) {
      ++notifications_;
      // "u <user> <seq>" for a user's outbox, "t <seq> <topic>" for a topic
      // stream (outbox.cpp, topics.cpp), "p <topic>" for who has a topic
      // open (topic_presence.cpp); anything else is not ours to read.
      const std::string_view extra(note->extra);
      char* end = nullptr;
      if (extra.starts_with("u ")) {
        const std::int64_t user = std::strtoll(note->extra + 2, &end, 10);
        const std::int64_t seq = std::strtoll(end, nullptr, 10);
        if (callbacks_.on_commit) callbacks_.on_commit(user, seq);
      } else if (extra.starts_with("t ")) {
        const std::int64_t seq = std::strtoll(note->extra + 2, &end, 10);
        const std::string topic(*end == ' ' ? end + 1 : end);
        if (callbacks_.on_topic_commit) callbacks_.on_topic_commit(topic, seq);
      } else if (extra.starts_with("p ")) {
        if (callbacks_.on_presence) callbacks_.on_presence(std::string(extra.substr(2)));
      }
      PQfreemem(note);
    }
    if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error("LISTEN connection lost");
    if (std::chrono::steady_clock::now() >= next_catch_up) {
      next_catch_up = std::chrono::steady_clock::now() + catch_up_interval_;
      ++catch_ups_;
      if (callbacks_.on_catch_up) callbacks_.on_catch_up();
    }
  }
}

}  // namespace dashboard::server::store
