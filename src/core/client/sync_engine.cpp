#include "core/client/sync_engine.hpp"

#include <algorithm>
#include <iterator>
#include <utility>
#include <variant>

namespace dashboard::core::client {

std::string request_target(const SyncRequest& request, int page_limit) {
  if (request.kind == SyncRequest::Kind::FetchSnapshot) return "/api/dashboard";
  return "/api/events?since=" + std::to_string(request.since) +
         "&limit=" + std::to_string(page_limit);
}

void SyncEngine::on_snapshot(DashboardView view) {
  const bool answer = in_flight_ && in_flight_->kind == SyncRequest::Kind::FetchSnapshot;
  answered(SyncRequest::Kind::FetchSnapshot);
  const bool older = has_view_ && view.version < view_.version;
  if (forced_snapshot_) {
    // Only a snapshot asked for after the 410 / resync is read late enough.
    if (!answer || !fresh_snapshot_in_flight_) {
      want_snapshot_ = true;
      return;
    }
  } else if (older) {
    return;
  }
  changed_ |= diff_slices(view_, view);
  view_ = std::move(view);
  has_view_ = true;
  adopted_ = view_.version;
  messaging_.missed = true;
  forced_snapshot_ = false;
  // Back in time: the server's database is not the one the held events came
  // from. Drop them; one more snapshot picks up whatever was genuine.
  if (older) held_.clear();
  want_snapshot_ = older;
  drain();
}

void SyncEngine::request_snapshot() {
  want_snapshot_ = true;
}

void SyncEngine::on_event(DashboardEvent event) {
  if (const auto* error = std::get_if<ErrorPayload>(&event.payload)) {
    queue_error(*error);
    return;
  }
  hold(std::move(event));
  drain();
  bound_buffer();
}

void SyncEngine::on_events_page(const EventsPage& page) {
  // Progress counts from where the request started: live events may have
  // closed part of the gap while the page was on its way.
  const std::int64_t since = in_flight_ && in_flight_->kind == SyncRequest::Kind::FetchEvents
                                 ? in_flight_->since
                                 : view_.version;
  answered(SyncRequest::Kind::FetchEvents);
  for (const DashboardEvent& event : page.events) {
    if (event.type() != EventType::Error) hold(event);
  }
  drain();
  bound_buffer();
  if (awaiting_snapshot()) return;
  server_last_seq_ = std::max(server_last_seq_, page.last_seq);
  // Nothing beyond `since` while a gap remains means the server cannot fill
  // it (lost or malformed rows): asking again would loop.
  if (behind() && view_.version <= since) want_snapshot_ = true;
}

void SyncEngine::on_events_gone() {
  answered(SyncRequest::Kind::FetchEvents);
  require_fresh_snapshot();
}

void SyncEngine::on_resync_required() {
  require_fresh_snapshot();
}

void SyncEngine::on_request_failed() {
  in_flight_.reset();
}

std::optional<SyncRequest> SyncEngine::take_request() {
  if (in_flight_) return std::nullopt;
  SyncRequest request;
  if (awaiting_snapshot() || want_snapshot_) {
    request = {SyncRequest::Kind::FetchSnapshot, 0};
  } else if (behind()) {
    request = {SyncRequest::Kind::FetchEvents, view_.version};
  } else {
    return std::nullopt;
  }
  in_flight_ = request;
  fresh_snapshot_in_flight_ = forced_snapshot_ && request.kind == SyncRequest::Kind::FetchSnapshot;
  return request;
}

bool SyncEngine::in_sync() const {
  // held_: a gap, or a commit not all in yet.
  return has_view_ && !forced_snapshot_ && !want_snapshot_ && !in_flight_ && held_.empty() &&
         !behind();
}

SliceMask SyncEngine::take_changed() {
  return std::exchange(changed_, 0);
}

std::vector<ErrorPayload> SyncEngine::take_errors() {
  return std::exchange(errors_, {});
}

std::vector<StreamStep> SyncEngine::take_steps() {
  return std::exchange(steps_, {});
}

MessagingSteps SyncEngine::take_messaging() {
  return std::exchange(messaging_, {});
}

std::optional<std::int64_t> SyncEngine::take_adopted_snapshot() {
  return std::exchange(adopted_, std::nullopt);
}

bool SyncEngine::behind() const {
  if (awaiting_snapshot()) return false;
  if (server_last_seq_ > view_.version) return true;
  if (held_.empty()) return false;
  // The first part of a commit, whole so far, waits for the rest, which is
  // on its way in the same burst: no gap to repair yet. Anything held past
  // that commit's end means something in between went missing.
  const std::optional<std::int64_t> end = open_commit_end();
  return !end || held_.rbegin()->first > *end;
}

std::optional<std::int64_t> SyncEngine::open_commit_end() const {
  if (held_.empty()) return std::nullopt;
  const auto& [seq, event] = *held_.begin();
  if (seq != view_.version + 1 || event.commit_last_seq <= seq) return std::nullopt;
  return event.commit_last_seq;
}

bool SyncEngine::commit_complete() const {
  const std::optional<std::int64_t> end = open_commit_end();
  if (!end) return true;
  // held_ is keyed by seq, so the commit is all there when the entry at its
  // end is exactly as far from the first as the seqs are.
  const auto last = held_.find(*end);
  return last != held_.end() && std::distance(held_.begin(), last) == *end - held_.begin()->first;
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): moved into held_; tidy 14 misses it.
void SyncEngine::hold(DashboardEvent event) {
  // While a snapshot is awaited every seq may matter: after a 410 the new
  // snapshot can be older than what the view has seen.
  if (!awaiting_snapshot() && event.seq <= view_.version) return;
  held_.try_emplace(event.seq, std::move(event));
}

void SyncEngine::drain() {
  if (awaiting_snapshot()) return;
  while (!held_.empty()) {
    const auto first = held_.begin();
    if (first->first > view_.version + 1) break;  // still a gap
    // A commit at a time: its first event waits for the rest; once it
    // applies, the rest (held right behind it) follows in this same loop.
    if (first->first == view_.version + 1 && !commit_complete()) break;
    if (first->first == view_.version + 1) {
      DashboardEvent& event = first->second;
      if (steps_.size() >= kMaxQueuedSteps) {
        steps_.clear();
        adopted_ = view_.version;
      }
      StreamStep step{event.seq, event.type(), std::nullopt, event.timestamp};
      if (is_entity_event(step.type)) step.entity = event;
      if (is_messaging_event(step.type)) {
        if (messaging_.events.size() >= kMaxQueuedSteps) {
          messaging_.events.clear();
          messaging_.missed = true;
        }
        messaging_.events.push_back(event);
      }
      steps_.push_back(std::move(step));
      // Moved: the held event is erased right after.
      changed_ |= apply_event(view_, std::move(event));
    }
    held_.erase(first);
  }
}

void SyncEngine::bound_buffer() {
  if (held_.size() <= kMaxBufferedEvents) return;
  held_.clear();
  if (!awaiting_snapshot()) want_snapshot_ = true;
}

void SyncEngine::require_fresh_snapshot() {
  // A snapshot already on its way may have been read before what the
  // server could not replay.
  fresh_snapshot_in_flight_ = false;
  forced_snapshot_ = true;
  want_snapshot_ = true;
  server_last_seq_ = 0;
}

void SyncEngine::queue_error(const ErrorPayload& error) {
  if (errors_.size() == kMaxQueuedErrors) errors_.erase(errors_.begin());
  errors_.push_back(error);
}

void SyncEngine::answered(SyncRequest::Kind kind) {
  if (in_flight_ && in_flight_->kind == kind) in_flight_.reset();
}

}  // namespace dashboard::core::client
