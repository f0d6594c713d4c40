// One delivery lane per I/O context; see delivery_lane.hpp.
#include "realtime/delivery_lane.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <utility>

namespace dashboard::server::realtime {
namespace net = boost::asio;

namespace {

thread_local WriteTally* t_tally = nullptr;

// Big bursts leave their buffers behind: keep what a few thousand
// sockets need, give back the rest.
constexpr std::size_t kKeptEntries = 16384;

}  // namespace

DeliveryLane::DeliveryLane(net::execution_context& context)
    : net::execution_context::service(context) {}

DeliveryLane& DeliveryLane::of(const net::any_io_executor& executor, Metrics& metrics) {
  auto& lane = net::use_service<DeliveryLane>(net::query(executor, net::execution::context));
  const std::lock_guard lock(lane.mutex_);
  if (!lane.executor_) lane.executor_ = executor;
  lane.metrics_ = &metrics;
  return lane;
}

void DeliveryLane::deliver(const std::shared_ptr<LaneTarget>& target, std::span<const Frame> frames,
                           bool counted) {
  if (frames.empty()) return;
  bool post = false;
  {
    const std::lock_guard lock(mutex_);
    for (const Frame& frame : frames) pending_.push_back(Entry{target, frame, counted});
    post = !std::exchange(drain_posted_, true);
  }
  if (post) net::post(executor_, [this] { drain(); });
}

WriteTally* DeliveryLane::current_tally() {
  return t_tally;
}

void DeliveryLane::count(Metrics& metrics, const WriteTally& tally) {
  if (tally.writes == 0) return;
  metrics.ws_writes.Increment(static_cast<double>(tally.writes));
  metrics.bytes_sent.Increment(static_cast<double>(tally.bytes));
  if (tally.events > 0) metrics.events_sent.Increment(static_cast<double>(tally.events));
}

void DeliveryLane::drain() {
  {
    const std::lock_guard lock(mutex_);
    pending_.swap(draining_);
    drain_posted_ = false;
  }
  WriteTally tally;
  t_tally = &tally;
  for (Entry& entry : draining_) {
    LaneTarget& target = *entry.target;
    target.take(std::move(entry.frame), entry.counted);
    if (!target.in_drain_) {
      target.in_drain_ = true;
      touched_.push_back(&target);
    }
  }
  // Each socket writes once, everything this drain gave it.
  for (LaneTarget* target : touched_) {
    target->in_drain_ = false;
    target->flush();
  }
  t_tally = nullptr;
  touched_.clear();
  draining_.clear();  // the targets may go now
  if (draining_.capacity() > kKeptEntries) draining_ = std::vector<Entry>();
  if (touched_.capacity() > kKeptEntries) touched_ = std::vector<LaneTarget*>();
  if (metrics_ != nullptr) count(*metrics_, tally);
}

void DeliveryLane::shutdown() {
  // The context is going away: queued frames go with it.
  const std::lock_guard lock(mutex_);
  pending_.clear();
}

}  // namespace dashboard::server::realtime
