// cluster_balance: evens out live sockets across the instances of a
// cluster, by asking a share of the busiest instance's clients to move.
//
// WebSockets are long-lived, so HAProxy's leastconn only balances new
// connections: an instance added (or restarted) would stay nearly idle while
// the others keep every socket. Each instance therefore records its socket
// count in the shared database every few seconds (instance_load: one row
// per instance, not per user), reads everyone's, and when it holds more
// than its fair share (plus a tolerance) it asks the excess to move: a
// close frame, after which the client reconnects through the balancer,
// which sends it to the least busy instance, and resumes from its last seq.
// The moves of one round are spread over a few seconds, so there is never a
// reconnect storm. A stopped instance deletes its row; a crashed one's
// ages out.
//
//   ClusterBalance balance(workers.executor(), database, clock, "host:4242",
//                          [&] { return sockets_open(); },
//                          [&](std::size_t n) { return state->move_some(n); });
//   balance.start();  ...  balance.stop();
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "clock.hpp"
#include "store/sql/database.hpp"

namespace dashboard::server {

struct BalanceOptions {
  std::chrono::milliseconds interval{5000};      // how often the counts are shared
  std::chrono::milliseconds stale_after{15000};  // an instance not seen since is gone
  std::chrono::milliseconds spread{5000};        // one round's moves spread over this
  std::size_t max_moves_per_round = 1000;
};

// How many of `mine` sockets to move so the cluster evens out, given the
// socket counts of every live instance (`all` includes this one). Nothing
// while this instance is within 10% (at least 2) of its fair share.
std::size_t sockets_to_move(std::size_t mine, std::span<const std::size_t> all,
                            std::size_t max_moves);

class ClusterBalance {
 public:
  ClusterBalance(const boost::asio::any_io_executor& executor,
                 std::shared_ptr<store::sql::Database> database, std::shared_ptr<Clock> clock,
                 std::string instance_id, std::function<std::size_t()> sockets_open,
                 std::function<std::size_t(std::size_t)> move_some, BalanceOptions options = {});

  void start();
  // Stops the rounds and deletes this instance's row (best effort).
  void stop();

 private:
  void schedule_round();
  void round();
  void move_slice();

  // Rounds and moves take turns: the workers' executor has several threads.
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer round_timer_;
  boost::asio::steady_timer move_timer_;
  std::shared_ptr<store::sql::Database> database_;
  std::shared_ptr<Clock> clock_;
  std::string instance_id_;
  std::function<std::size_t()> sockets_open_;
  std::function<std::size_t(std::size_t)> move_some_;
  BalanceOptions options_;
  std::size_t moves_left_ = 0;     // of this round, still to ask
  std::size_t wanted_before_ = 0;  // what the previous round found to move
  std::size_t slice_ = 0;          // moves per slice of the spread
  bool stopped_ = false;
};

}  // namespace dashboard::server
