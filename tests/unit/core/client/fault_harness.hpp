// fault_harness: a server model and a lossy network for the sync engine's
// scripted fault tests. The server keeps an authoritative view and its
// outbox; the harness carries frames, requests and replies between it and a
// SyncEngine, breaking them as the Faults say, then lets the stream go quiet
// and compares the engine's view with the server's snapshot.
//
//   Faults faults;
//   faults.drop = 0.3;
//   Harness harness(seed, faults);
//   EXPECT_TRUE(harness.run(200));
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../fixtures.hpp"
#include "core/client/sync_engine.hpp"
#include "core/json_codec.hpp"

namespace dashboard::core::client::fault_harness {

using Kind = SyncRequest::Kind;

// A dashboard:error event with the given seq (which must not matter).
inline DashboardEvent error_event(std::int64_t seq, const std::string& code) {
  DashboardEvent e = core::testing::sample_event(ErrorPayload{code, "something went wrong"});
  e.seq = seq;
  return e;
}

// [SECTION] Server model: an authoritative view and its outbox

// Mutations like the real store's: each commit emits one event per slice it
// changed, and the authoritative view is those events applied by the same
// reducers, so GET /api/dashboard and the outbox always agree.
class ServerModel {
 public:
  explicit ServerModel(std::uint32_t seed) : rng_(seed) {}

  std::vector<DashboardEvent> mutate() {
    std::vector<EventPayload> payloads;
    switch (pick(5)) {
      case 0:
        add_moc(payloads);
        break;
      case 1:
        change_recent(payloads);
        break;
      case 2:
        payloads.emplace_back(partial_parts());
        break;
      case 3:
        payloads.emplace_back(themes());
        break;
      default:
        payloads.emplace_back(summary_with(0, pick(3) == 0 ? -1 : 1));
        break;
    }
    std::vector<DashboardEvent> events;
    for (EventPayload& payload : payloads) {
      DashboardEvent event{uuid(), "2026-11-23T10:00:00Z", truth_.version + 1, std::move(payload)};
      apply_event(truth_, event);
      log_.push_back(event);
      events.push_back(std::move(event));
    }
    return events;
  }

  const DashboardView& snapshot() const { return truth_; }
  std::int64_t last_seq() const { return truth_.version; }
  std::int64_t pruned_through() const { return pruned_through_; }

  // SqliteStore::events_since: nullopt is 410 Gone.
  std::optional<EventsPage> events_since(std::int64_t since, std::size_t limit) const {
    if (since < pruned_through_ || since > last_seq()) return std::nullopt;
    EventsPage page{{}, last_seq()};
    for (const DashboardEvent& e : log_) {
      if (e.seq > since && page.events.size() < limit) page.events.push_back(e);
    }
    return page;
  }

  // Keeps only the newest `keep` events, like the outbox pruner.
  void prune(std::size_t keep) {
    while (log_.size() > keep) {
      pruned_through_ = log_.front().seq;
      log_.erase(log_.begin());
    }
  }

  std::string uuid() {
    char text[37];
    const auto word = [&] { return static_cast<unsigned>(rng_() & 0xFFFFu); };
    std::snprintf(text, sizeof text, "%04x%04x-%04x-4%03x-%04x-%04x%04x%04x", word(), word(),
                  word(), word() & 0xFFFu, 0x8000u | (word() & 0x3FFFu), word(), word(), word());
    return text;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  DashboardSummary summary_with(std::int64_t mocs_delta, std::int64_t wishlist_delta) {
    DashboardSummary s = truth_.summary;
    s.total_mocs = std::max<std::int64_t>(0, s.total_mocs + mocs_delta);
    s.total_wishlist_items = std::max<std::int64_t>(0, s.total_wishlist_items + wishlist_delta);
    s.mocs_by_build_status[static_cast<std::size_t>(pick(3))] = s.total_mocs;
    return s;
  }

  RecentMoc new_moc() {
    const std::string id = "moc-" + std::to_string(next_moc_++);
    return RecentMoc{
        id,
        "MOC " + id,
        pick(2) == 0 ? "Space" : "Castle",
        kBuildStatuses[static_cast<std::size_t>(pick(3))],
        pick(2) == 0 ? std::optional<std::string>("https://img.example/" + id) : std::nullopt,
        "2026-11-23T10:00:00Z"};
  }

  void add_moc(std::vector<EventPayload>& payloads) {
    payloads.emplace_back(new_moc());
    payloads.emplace_back(summary_with(1, 0));
    if (pick(2) == 0) payloads.emplace_back(themes());
  }

  // An edit re-announces a listed MOC (moved to the front) or a removal
  // replaces the list.
  void change_recent(std::vector<EventPayload>& payloads) {
    std::vector<RecentMoc> list = truth_.recent_mocs;
    if (list.empty()) return add_moc(payloads);
    const auto index = static_cast<std::size_t>(pick(static_cast<int>(list.size())));
    if (pick(2) == 0) {
      RecentMoc edited = list[index];
      edited.title += "*";
      payloads.emplace_back(edited);
    } else {
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(index));
      payloads.emplace_back(list);
      payloads.emplace_back(summary_with(-1, 0));
    }
  }

  std::vector<PartialPartsMoc> partial_parts() {
    std::vector<PartialPartsMoc> table;
    for (int i = pick(4); i > 0; --i) {
      // Halves are exact in binary, so JSON round trips compare equal.
      table.push_back({"moc-" + std::to_string(pick(20)), "Partial", "Space", BuildStatus::Added,
                       pick(201) / 2.0, "2026-11-23T10:00:00Z"});
    }
    return table;
  }

  std::vector<ThemeStats> themes() {
    std::vector<ThemeStats> list;
    for (int i = pick(3); i > 0; --i) {
      list.push_back({"Theme " + std::to_string(pick(5)), pick(9), pick(4)});
    }
    return list;
  }

  std::mt19937 rng_;
  DashboardView truth_;
  std::vector<DashboardEvent> log_;
  std::int64_t pruned_through_ = 0;
  int next_moc_ = 1;
};

// [SECTION] Fault harness: a socket, a fetch queue and a script

// How often each fault strikes, per step.
struct Faults {
  double drop = 0;        // a frame never arrives
  double duplicate = 0;   // a frame arrives twice
  double reorder = 0;     // a frame overtakes the one before it
  double fail = 0;        // a fetch fails on the network
  double disconnect = 0;  // the socket drops; frames in flight are lost
  double poll = 0;        // a degraded-mode poll tick asks for a snapshot
  double prune = 0;       // the outbox pruner runs
  double error = 0;       // a dashboard:error frame
};

// How often each path was taken, so a test can show its script reached it.
struct Stats {
  int dropped = 0;
  int duplicated = 0;
  int reordered = 0;
  int failed = 0;
  int reconnects = 0;
  int resyncs = 0;  // dashboard:resyncRequired frames delivered
  int pages = 0;
  int gone = 0;  // 410 replies delivered
  int snapshots = 0;

  Stats& operator+=(const Stats& o) {
    dropped += o.dropped;
    duplicated += o.duplicated;
    reordered += o.reordered;
    failed += o.failed;
    reconnects += o.reconnects;
    resyncs += o.resyncs;
    pages += o.pages;
    gone += o.gone;
    snapshots += o.snapshots;
    return *this;
  }
};

// One frame on the socket: a dashboard event or dashboard:resyncRequired.
struct Frame {
  bool resync = false;
  DashboardEvent event;
};

// A fetch answered by the server, on its way back.
struct Reply {
  enum class What { Page, Gone, Snapshot } what = What::Snapshot;
  EventsPage page;
  DashboardView snapshot;
};

inline constexpr std::size_t kPageLimit = 3;

// Pages travel as JSON, so decode_events_page is exercised with the engine.
inline std::string encode_page(const EventsPage& page) {
  std::string json = "{\"events\":[";
  for (std::size_t i = 0; i < page.events.size(); ++i) {
    if (i > 0) json += ",";
    json += encode_event(page.events[i]);
  }
  return json + "],\"lastSeq\":" + std::to_string(page.last_seq) + "}";
}

class Harness {
 public:
  Harness(std::uint32_t seed, Faults faults) : server_(seed), rng_(seed ^ 0x5eedu), f_(faults) {}

  // Runs `steps` random steps under the faults, then lets the stream go
  // quiet and returns whether the engine's view equals the server's.
  ::testing::AssertionResult run(int steps) {
    for (int i = 0; i < steps; ++i) step();
    return settle();
  }

  const SyncEngine& engine() const { return engine_; }
  const Stats& stats() const { return stats_; }

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  void take_requests() {
    while (std::optional<SyncRequest> r = engine_.take_request()) requests_.push_back(*r);
  }

  void step() {
    take_requests();
    if (chance(f_.disconnect)) disconnect();
    if (!connected_ && chance(0.3)) reconnect(server_.pick(3));
    if (chance(f_.poll)) engine_.request_snapshot();
    if (chance(f_.prune)) server_.prune(static_cast<std::size_t>(server_.pick(6)));
    if (chance(f_.error) && connected_) {
      wire_.push_back(
          {false, error_event(server_.pick(3) == 0 ? 0 : server_.last_seq() + 1, "RATE_LIMITED")});
    }
    switch (server_.pick(10)) {
      case 0:
      case 1:
      case 2:
        for (DashboardEvent& e : server_.mutate()) {
          if (connected_) wire_.push_back({false, std::move(e)});
        }
        break;
      case 3:
      case 4:
      case 5:
        deliver_frame(true);
        break;
      case 6:
      case 7:
        serve_request();
        break;
      default:
        deliver_reply();
        break;
    }
    take_requests();
  }

  void deliver_frame(bool faulty) {
    if (wire_.empty()) return;
    if (faulty && wire_.size() > 1 && chance(f_.reorder)) {
      std::swap(wire_[0], wire_[1]);
      ++stats_.reordered;
    }
    const Frame frame = wire_.front();
    wire_.pop_front();
    if (faulty && chance(f_.drop)) {
      ++stats_.dropped;
      return;
    }
    deliver(frame);
    if (faulty && chance(f_.duplicate)) {
      deliver(frame);
      ++stats_.duplicated;
    }
  }

  void deliver(const Frame& frame) {
    if (frame.resync) {
      ++stats_.resyncs;
      return engine_.on_resync_required();
    }
    if (frame.event.type() == EventType::Error) ++errors_sent_;
    engine_.on_event(frame.event);
    errors_seen_ += engine_.take_errors().size();
  }

  // The server answers the oldest request now; the reply travels later.
  void serve_request(bool faulty = true) {
    if (requests_.empty()) return;
    const SyncRequest request = requests_.front();
    requests_.pop_front();
    if (faulty && chance(f_.fail)) {
      ++stats_.failed;
      return engine_.on_request_failed();
    }
    if (request.kind == Kind::FetchSnapshot) {
      replies_.push_back({Reply::What::Snapshot, {}, server_.snapshot()});
      return;
    }
    const std::optional<EventsPage> page = server_.events_since(request.since, kPageLimit);
    replies_.push_back(page ? Reply{Reply::What::Page, *page, {}}
                            : Reply{Reply::What::Gone, {}, {}});
  }

  void deliver_reply() {
    if (replies_.empty()) return;
    const Reply reply = replies_.front();
    replies_.pop_front();
    switch (reply.what) {
      case Reply::What::Snapshot:
        ++stats_.snapshots;
        engine_.on_snapshot(reply.snapshot);
        break;
      case Reply::What::Gone:
        ++stats_.gone;
        engine_.on_events_gone();
        break;
      case Reply::What::Page: {
        ++stats_.pages;
        const Result<EventsPage> decoded = decode_events_page(encode_page(reply.page));
        ASSERT_TRUE(decoded) << decoded.error().to_string();
        EXPECT_EQ(*decoded, reply.page);
        engine_.on_events_page(*decoded);
        break;
      }
    }
  }

  void disconnect() {
    connected_ = false;
    wire_.clear();
  }

  // Like Hub::join: with a resume point, what came after it is replayed
  // ahead of live frames (resyncRequired when pruned away); `overlap`
  // re-sends a few the client already has.
  void reconnect(int overlap) {
    connected_ = true;
    ++stats_.reconnects;
    if (!engine_.has_view()) return;  // first connect: live frames only
    const std::int64_t resume = std::max<std::int64_t>(0, engine_.last_seq() - overlap);
    if (resume > server_.last_seq()) return wire_.push_back({true, {}});
    const std::optional<EventsPage> replay =
        server_.events_since(resume, static_cast<std::size_t>(-1));
    if (!replay) return wire_.push_back({true, {}});
    for (const DashboardEvent& e : replay->events) wire_.push_back({false, e});
  }

  // The stream goes quiet: the socket comes back (or one last commit shows
  // the head, since a dropped tail is invisible to any client until
  // something newer arrives), then every frame, request and reply is
  // delivered faithfully.
  ::testing::AssertionResult settle() {
    if (!connected_ || server_.pick(2) == 0) {
      disconnect();
      reconnect(0);
    } else {
      for (DashboardEvent& e : server_.mutate()) wire_.push_back({false, std::move(e)});
    }
    for (int round = 0; round < 100000; ++round) {
      take_requests();
      if (!wire_.empty()) {
        deliver_frame(false);
      } else if (!requests_.empty()) {
        serve_request(false);
      } else if (!replies_.empty()) {
        deliver_reply();
      } else {
        break;
      }
    }
    if (::testing::Test::HasFatalFailure()) return ::testing::AssertionFailure() << "decode";
    if (!engine_.in_sync()) return ::testing::AssertionFailure() << "engine not in sync";
    if (engine_.view() != server_.snapshot()) {
      return ::testing::AssertionFailure()
             << "view at " << engine_.last_seq() << " differs from the server's at "
             << server_.last_seq();
    }
    if (errors_seen_ != errors_sent_) {
      return ::testing::AssertionFailure()
             << errors_seen_ << " error toasts for " << errors_sent_ << " error frames";
    }
    return ::testing::AssertionSuccess();
  }

  ServerModel server_;
  SyncEngine engine_;
  std::mt19937 rng_;
  Faults f_;
  bool connected_ = true;
  std::deque<Frame> wire_;
  std::deque<SyncRequest> requests_;
  std::deque<Reply> replies_;
  std::size_t errors_sent_ = 0;
  std::size_t errors_seen_ = 0;
  Stats stats_;
};

}  // namespace dashboard::core::client::fault_harness
