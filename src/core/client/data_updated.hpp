// data_updated: the "Data updated" indicator (issue 15). When a change made
// elsewhere (another user, or another tab or device of this user) reaches
// the view in front of the person, a small pill in the header says so for a
// moment, besides the cards' flash. The person's own edits in this tab do
// not show it: they saw them happen. Two pure pieces, no clock of their own:
//
//   CommitOrigins origins;                 // which stream steps this tab caused
//   for (const StreamStep& step : steps) {
//     const bool own_entity = step.entity && my_edit_queue_has(*step.entity);
//     if (origins.elsewhere(step, own_entity)) note_what_it_changed(step);
//   }
//
//   DataUpdatedIndicator pill;             // how long and how strongly it shows
//   pill.note(now);                        // such a change reached the view
//   float alpha = pill.opacity(now);       // each frame; 0: hidden
//   pill.clear();                          // another page opened
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/client/stream_step.hpp"
#include "core/timestamp.hpp"

namespace dashboard::core::client {

// Tells the user stream's steps this tab caused from the rest. The stream
// carries no author: the server writes one commit as its entity event
// (MocUpdated, ...) followed by the slice events it moved, all with
// consecutive seqs and the commit's timestamp. So the caller judges each
// entity event against what it knows it sent (its pending edits, the
// versions its answers produced), and a slice event takes the verdict of
// the entity event that opened its commit. A slice event with no entity
// event before it in the same commit (a writer that only moves slices: a
// set added by the CLI, an import) was made elsewhere.
class CommitOrigins {
 public:
  // True when `step` was made elsewhere. `own_entity`: for an entity
  // event, whether this tab made that change (ignored for other steps).
  // Call for every applied step, in seq order.
  bool elsewhere(const StreamStep& step, bool own_entity);

  // The stream jumped (a snapshot adopted): no commit continues across it.
  void reset() { *this = CommitOrigins(); }

 private:
  std::int64_t last_seq_ = 0;
  std::string last_timestamp_;
  bool commit_elsewhere_ = true;
};

struct DataUpdatedTiming {
  UnixMillis show_ms = 2500;  // from the change to gone
  UnixMillis fade_ms = 500;   // the last part of it, fading out
};

// When the pill shows. A change while it shows restarts its time, so a
// burst of changes keeps one pill up rather than blinking.
class DataUpdatedIndicator {
 public:
  explicit DataUpdatedIndicator(DataUpdatedTiming timing = {}) : timing_(timing) {}

  // A change made elsewhere reached the view in front of the person.
  void note(UnixMillis now) { noted_at_ = now; }
  // The view in front changed (another page): what was said was about the old one.
  void clear() { noted_at_.reset(); }

  // 1 while it shows, easing to 0 over the last fade_ms; 0 when hidden.
  // With `reduced_motion` there is no fade: 1 until the time is up.
  float opacity(UnixMillis now, bool reduced_motion = false) const;
  bool shown(UnixMillis now) const { return opacity(now) > 0; }
  // When it disappears, while it shows (the platform wakes up then).
  std::optional<UnixMillis> hides_at(UnixMillis now) const;

 private:
  DataUpdatedTiming timing_;
  std::optional<UnixMillis> noted_at_;
};

}  // namespace dashboard::core::client
