#include "core/client/data_updated.hpp"

#include "core/event.hpp"

namespace dashboard::core::client {

bool CommitOrigins::elsewhere(const StreamStep& step, bool own_entity) {
  const bool same_commit =
      step.seq == last_seq_ + 1 && !step.timestamp.empty() && step.timestamp == last_timestamp_;
  if (step.entity) {
    commit_elsewhere_ = !own_entity;
  } else if (!same_commit) {
    commit_elsewhere_ = true;
  }
  last_seq_ = step.seq;
  last_timestamp_ = step.timestamp;
  return commit_elsewhere_;
}

float DataUpdatedIndicator::opacity(UnixMillis now, bool reduced_motion) const {
  if (!noted_at_ || now < *noted_at_) return 0;
  const UnixMillis age = now - *noted_at_;
  if (age >= timing_.show_ms) return 0;
  const UnixMillis left = timing_.show_ms - age;
  if (reduced_motion || timing_.fade_ms <= 0 || left >= timing_.fade_ms) return 1;
  const float t = static_cast<float>(left) / static_cast<float>(timing_.fade_ms);
  return t * t;
}

std::optional<UnixMillis> DataUpdatedIndicator::hides_at(UnixMillis now) const {
  if (!shown(now)) return std::nullopt;
  return *noted_at_ + timing_.show_ms;
}

}  // namespace dashboard::core::client
