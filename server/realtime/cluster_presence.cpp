#include "realtime/cluster_presence.hpp"

#include <exception>
#include <utility>

#include "log.hpp"

namespace dashboard::server::realtime {

ClusterPresence::ClusterPresence(std::shared_ptr<store::PresenceTable> table,
                                 std::shared_ptr<Clock> clock, Options options)
    : table_(std::move(table)), clock_(std::move(clock)), options_(options) {}

core::UnixMillis ClusterPresence::alive_since() const {
  return clock_->now() - options_.stale_after.count();
}

const std::vector<std::string>& ClusterPresence::others(const std::string& topic) {
  static const std::vector<std::string> kNobody;
  if (const auto it = others_.find(topic); it != others_.end()) return it->second;
  try {
    return others_.emplace(topic, table_->others(topic, alive_since())).first->second;
  } catch (const std::exception& e) {
    // Shown as this instance's viewers only; the next wake-up or reconnect reads again.
    log::warn("presence read failed", {{"topic", topic}, {"error", e.what()}});
    return kNobody;
  }
}

void ClusterPresence::local_changed(const std::string& topic,
                                    std::vector<store::TopicViewer> viewers) {
  if (withdrawn_) return;
  if (viewers.empty()) others_.erase(topic);
  pending_[topic] = std::move(viewers);
}

void ClusterPresence::flush() {
  if (withdrawn_ || pending_.empty()) return;
  try {
    table_->publish(pending_, clock_->now());
    pending_.clear();
    failing_ = false;
  } catch (const std::exception& e) {
    if (!failing_) log::warn("presence write failed; retried", {{"error", e.what()}});
    failing_ = true;
  }
}

bool ClusterPresence::reread(const std::string& topic) {
  try {
    std::vector<std::string> now = table_->others(topic, alive_since());
    auto& cached = others_[topic];  // absent when the room's first read failed
    if (now == cached) return false;
    cached = std::move(now);
    return true;
  } catch (const std::exception& e) {
    log::warn("presence read failed", {{"topic", topic}, {"error", e.what()}});
    return false;
  }
}

std::vector<std::string> ClusterPresence::reread_all() {
  std::vector<std::string> changed;
  if (others_.empty()) return changed;
  try {
    auto all = table_->all_others(alive_since());
    for (auto& [topic, names] : others_) {
      const auto found = all.find(topic);
      std::vector<std::string> now =
          found == all.end() ? std::vector<std::string>{} : std::move(found->second);
      if (now == names) continue;
      names = std::move(now);
      changed.push_back(topic);
    }
  } catch (const std::exception& e) {
    log::warn("presence read failed", {{"error", e.what()}});
  }
  return changed;
}

void ClusterPresence::tick(const std::function<Viewers()>& local) {
  if (withdrawn_) return;
  const core::UnixMillis now = clock_->now();
  try {
    // Lapsed (or never written): another instance may have swept our rows.
    const bool lapsed = !last_beat_ || now - *last_beat_ >= options_.stale_after.count();
    table_->beat(now);
    last_beat_ = now;
    if (lapsed) {
      for (auto& [topic, viewers] : local()) pending_[topic] = std::move(viewers);
    }
    table_->sweep(alive_since());
  } catch (const std::exception& e) {
    if (!failing_) log::warn("presence heartbeat failed; retried", {{"error", e.what()}});
    failing_ = true;
    return;
  }
  flush();
}

void ClusterPresence::withdraw() {
  if (withdrawn_) return;
  withdrawn_ = true;
  pending_.clear();
  try {
    table_->withdraw();
  } catch (const std::exception& e) {
    // The others drop these rows once our heartbeat is stale.
    log::warn("presence withdrawal failed", {{"error", e.what()}});
  }
}

}  // namespace dashboard::server::realtime
