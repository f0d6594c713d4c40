// sync_engine: the client's half of the consistency contract
// (ARCHITECTURE.md): it turns snapshots, live events and repair pages into
// one view that, once the stream is quiet, equals GET /api/dashboard. Pure
// state: it says what to fetch and the caller fetches; no I/O, no clocks.
//
//   SyncEngine sync;
//   // After every input, start what the engine asks for (one at a time):
//   while (std::optional<SyncRequest> request = sync.take_request()) fetch(*request);
//
//   // Replies and the socket:
//   sync.on_snapshot(*decode_dashboard_view(body));  // GET /api/dashboard
//   sync.on_events_page(*decode_events_page(body));  // GET /api/events -> 200
//   sync.on_events_gone();                           // GET /api/events -> 410
//   sync.on_request_failed();                        // network error: asked again later
//   sync.on_event(*decode_event(argument));          // a dashboard:* frame
//   sync.on_resync_required();                       // a dashboard:resyncRequired frame
//   sync.request_snapshot();                         // degraded mode: each poll tick
//
//   // The frame loop:
//   if (SliceMask changed = sync.take_changed()) flash(changed);
//   for (const ErrorPayload& e : sync.take_errors()) toast(e.message);
//   if (sync.has_view()) draw(sync.view());
//   // On reconnect, auth {token, lastSeq: sync.last_seq()} when sync.has_view().
//
//   // The collection pages follow the same stream:
//   for (const StreamStep& step : sync.take_steps()) collection_follow(step);
//   if (auto version = sync.take_adopted_snapshot()) reload_what_is_older_than(*version);
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/client/reducers.hpp"
#include "core/client/stream_step.hpp"
#include "core/event.hpp"
#include "core/model.hpp"

namespace dashboard::core::client {

// Something the engine needs from the server.
struct SyncRequest {
  enum class Kind {
    FetchEvents,    // GET /api/events?since=<since>: reply with on_events_page / on_events_gone
    FetchSnapshot,  // GET /api/dashboard: reply with on_snapshot
  };
  Kind kind = Kind::FetchSnapshot;
  std::int64_t since = 0;  // FetchEvents only: the last seq the view includes

  bool operator==(const SyncRequest&) const = default;
};

// The request target: "/api/dashboard" or "/api/events?since=5&limit=200".
std::string request_target(const SyncRequest& request, int page_limit = 200);

// Events held while the view cannot take them (no snapshot yet, or a gap);
// past this the buffer is dropped and a snapshot repairs instead.
inline constexpr std::size_t kMaxBufferedEvents = 1024;
// Error toasts waiting for take_errors(); the oldest give way.
inline constexpr std::size_t kMaxQueuedErrors = 32;
// Applied events waiting for take_steps(); past this they are dropped and
// the next take_adopted_snapshot() reports a jump instead.
inline constexpr std::size_t kMaxQueuedSteps = 4096;

struct MessagingSteps {
  std::vector<DashboardEvent> events;
  bool missed = false;
};

class SyncEngine {
 public:
  // The answer to FetchSnapshot. Ignored when older than the view (the view
  // never goes back in time), except after on_events_gone /
  // on_resync_required: then only the answer to a FetchSnapshot taken after
  // it counts, whatever its version (the server's database may not be the
  // one the client saw). Otherwise it replaces the view and the held events
  // after its version follow. A snapshot nobody asked for is judged by the
  // same rules but never ends a 410 / resync.
  void on_snapshot(DashboardView view);

  // Degraded mode's poll tick (no socket): the next take_request() is a
  // FetchSnapshot. Polling through the engine keeps one request in flight
  // and lets it tell which snapshot answers what.
  void request_snapshot();

  // One live event. Error events are queued for take_errors() and never
  // touch the seq; others apply when they continue the view, are dropped
  // when already applied, and are held (triggering a repair) after a gap.
  // An event that opens a commit of several (commit_last_seq) is held until
  // the whole commit is in, then applied with it: never half a commit.
  void on_event(DashboardEvent event);

  // The reply to FetchEvents. Applies what continues the view, then asks
  // for the next page while behind, or for a snapshot when the page brought
  // nothing that closes the gap. Error events in a page are history, not
  // news: they are skipped.
  void on_events_page(const EventsPage& page);

  // FetchEvents answered 410 Gone: the outbox no longer reaches back to
  // last_seq(), so only a snapshot can repair. Also the answer to a 200
  // whose body does not decode: asking again would fail the same way.
  void on_events_gone();

  // The server's dashboard:resyncRequired: it could not replay what this
  // client missed (pruned outbox, or a lastSeq it never issued).
  void on_resync_required();

  // The request in flight failed (network, 5xx): take_request() offers it
  // again; when to call it (backoff) is the caller's business.
  void on_request_failed();

  // What to fetch next, or nothing. Returns a request once and then nothing
  // until it is answered or failed (at most one in flight). Without a view
  // the answer is FetchSnapshot.
  std::optional<SyncRequest> take_request();

  bool has_view() const { return has_view_; }
  // The current view; empty (version 0) before the first snapshot.
  const DashboardView& view() const { return view_; }
  // The last applied seq, the resume point on reconnect; 0 without a view.
  std::int64_t last_seq() const { return view_.version; }
  // True when the view is complete as far as the engine knows: a view, no
  // held events, nothing to fetch and nothing in flight.
  bool in_sync() const;

  // The slices changed since the previous call (cards flash, overlays update).
  SliceMask take_changed();
  // dashboard:error payloads since the previous call, oldest first.
  std::vector<ErrorPayload> take_errors();

  // The events applied since the previous call, in seq order (entity
  // events whole), for the collection pages.
  std::vector<StreamStep> take_steps();
  // The version of the last snapshot adopted since the previous call. The
  // stream jumped there: events up to it will never be delivered, so data
  // read before it may miss changes. Also set when steps were dropped.
  std::optional<std::int64_t> take_adopted_snapshot();
  // The messaging events (message:*, notification*:) applied since the
  // previous call, in seq order, for the messaging pages; `missed` says the
  // stream jumped (a snapshot adopted, the queue overflowed) since, so what
  // they read before may lack some.
  MessagingSteps take_messaging();

  // Forgets everything (sign-out, another user). Replies to requests taken
  // before the reset must be discarded by the caller.
  void reset() { *this = SyncEngine(); }

 private:
  bool awaiting_snapshot() const { return !has_view_ || forced_snapshot_; }
  bool behind() const;
  // When the next event to apply opens a commit of several events: that
  // commit's last seq. The view takes a commit whole or not at all.
  std::optional<std::int64_t> open_commit_end() const;
  bool commit_complete() const;
  void hold(DashboardEvent event);
  void drain();
  void bound_buffer();
  void require_fresh_snapshot();
  void queue_error(const ErrorPayload& error);
  void answered(SyncRequest::Kind kind);

  DashboardView view_;
  bool has_view_ = false;
  std::map<std::int64_t, DashboardEvent> held_;  // by seq: ordered, duplicates collapse
  std::optional<SyncRequest> in_flight_;
  bool want_snapshot_ = false;
  // After 410 / resync: the next snapshot is taken whatever its version.
  bool forced_snapshot_ = false;
  // The FetchSnapshot in flight was taken after the last 410 / resync.
  bool fresh_snapshot_in_flight_ = false;
  std::int64_t server_last_seq_ = 0;  // the newest lastSeq a page reported
  SliceMask changed_ = 0;
  std::vector<ErrorPayload> errors_;
  std::vector<StreamStep> steps_;
  std::optional<std::int64_t> adopted_;
  MessagingSteps messaging_;
};

}  // namespace dashboard::core::client
