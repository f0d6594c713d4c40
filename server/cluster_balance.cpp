// Socket counts shared through the database, excess sockets moved; see
// cluster_balance.hpp.
#include "cluster_balance.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <numeric>
#include <vector>

#include "log.hpp"

namespace dashboard::server {
namespace {

constexpr std::size_t kSlices = 10;  // a round's moves go out in this many steps

}  // namespace

std::size_t sockets_to_move(std::size_t mine, std::span<const std::size_t> all,
                            std::size_t max_moves) {
  if (all.size() < 2) return 0;
  const std::size_t total = std::accumulate(all.begin(), all.end(), std::size_t{0});
  const std::size_t fair = (total + all.size() - 1) / all.size();
  if (mine <= fair) return 0;
  const std::size_t excess = mine - fair;
  // Moving a socket costs its client a reconnect: near enough is even.
  const std::size_t tolerance = std::max<std::size_t>(2, fair / 10);
  if (excess <= tolerance) return 0;
  return std::min(excess, max_moves);
}

ClusterBalance::ClusterBalance(const boost::asio::any_io_executor& executor,
                               std::shared_ptr<store::sql::Database> database,
                               std::shared_ptr<Clock> clock, std::string instance_id,
                               std::function<std::size_t()> sockets_open,
                               std::function<std::size_t(std::size_t)> move_some,
                               BalanceOptions options)
    : strand_(boost::asio::make_strand(executor)),
      round_timer_(strand_),
      move_timer_(strand_),
      database_(std::move(database)),
      clock_(std::move(clock)),
      instance_id_(std::move(instance_id)),
      sockets_open_(std::move(sockets_open)),
      move_some_(std::move(move_some)),
      options_(options) {}

void ClusterBalance::start() {
  boost::asio::post(strand_, [this] { schedule_round(); });
}

void ClusterBalance::stop() {
  // On the strand (a database worker), not on the caller's I/O thread.
  boost::asio::post(strand_, [this] {
    stopped_ = true;
    round_timer_.cancel();
    move_timer_.cancel();
    try {
      database_->write([&](store::sql::Session& s) {
        s.exec("DELETE FROM instance_load WHERE instance_id = $1", {instance_id_});
      });
    } catch (const std::exception& e) {
      // Its row ages out after stale_after anyway.
      log::warn("instance load row not removed", {{"error", e.what()}});
    }
  });
}

void ClusterBalance::schedule_round() {
  if (stopped_) return;
  round_timer_.expires_after(options_.interval);
  round_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    round();
    schedule_round();
  });
}

void ClusterBalance::round() {
  const std::size_t mine = sockets_open_();
  const core::UnixMillis now = clock_->now();
  std::vector<std::size_t> all;
  try {
    database_->write([&](store::sql::Session& s) {
      s.exec(
          "INSERT INTO instance_load (instance_id, sockets, seen_ms) VALUES ($1, $2, $3) "
          "ON CONFLICT (instance_id) DO UPDATE SET sockets = excluded.sockets, "
          "seen_ms = excluded.seen_ms",
          {instance_id_, static_cast<std::int64_t>(mine), now});
    });
    database_->read_one([&](store::sql::Session& s) {
      auto rows = s.query("SELECT sockets FROM instance_load WHERE seen_ms >= $1",
                          {now - options_.stale_after.count()});
      while (rows->next()) all.push_back(static_cast<std::size_t>(rows->int64(0)));
    });
  } catch (const std::exception& e) {
    // The database is away: nobody moves until the counts are known again.
    log::warn("instance load not shared", {{"error", e.what()}});
    return;
  }
  // Two rounds in a row must agree: counts read while clients are still
  // reconnecting (the last moves, a restart) are a moment's picture, and
  // acting on one moved sockets off an instance that was already short.
  const std::size_t wanted = sockets_to_move(mine, all, options_.max_moves_per_round);
  const std::size_t moves = std::min(wanted, wanted_before_);
  wanted_before_ = wanted;
  if (moves == 0 || moves_left_ > 0) return;  // balanced, or the last round still moving
  log::info("moving sockets to even out the instances",
            {{"sockets", mine}, {"instances", all.size()}, {"moving", moves}});
  moves_left_ = moves;
  slice_ = std::max<std::size_t>(1, (moves + kSlices - 1) / kSlices);
  move_slice();
}

void ClusterBalance::move_slice() {
  if (stopped_ || moves_left_ == 0) return;
  const std::size_t asked = move_some_(std::min(slice_, moves_left_));
  moves_left_ = asked == 0 ? 0 : moves_left_ - std::min(asked, moves_left_);
  if (moves_left_ == 0) return;
  move_timer_.expires_after(options_.spread / kSlices);
  move_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) move_slice();
  });
}

}  // namespace dashboard::server
