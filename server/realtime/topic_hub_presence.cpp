// The topic hub's cluster-wide presence (see topic_hub.hpp and
// cluster_presence.hpp): everything here runs on the hub's strand, so the
// rooms and the cached names of other instances change in one order.
#include <algorithm>
#include <boost/asio/post.hpp>

#include "realtime/topic_hub.hpp"

namespace dashboard::server::realtime {

void TopicHub::share_presence(std::shared_ptr<ClusterPresence> presence) {
  boost::asio::post(strand_, [this, presence = std::move(presence)]() mutable {
    presence_ = std::move(presence);
    // At once: readers ignore this instance's rows until it has beaten.
    presence_->tick([] { return ClusterPresence::Viewers{}; });
    arm_presence_timer();
  });
}

void TopicHub::arm_presence_timer() {
  presence_timer_.expires_after(presence_->options().beat_interval);
  presence_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !presence_) return;
    presence_->tick([this] {
      ClusterPresence::Viewers local;
      for (const auto& [topic, room] : rooms_) local.emplace(topic, viewers(room));
      return local;
    });
    arm_presence_timer();
  });
}

void TopicHub::presence_changed(const std::string& topic) {
  boost::asio::post(strand_, [this, topic] {
    const auto it = rooms_.find(topic);
    if (!presence_ || it == rooms_.end()) return;  // nobody here to tell
    if (presence_->reread(topic)) announce_presence(topic, it->second, nullptr);
  });
}

void TopicHub::refresh_presence() {
  boost::asio::post(strand_, [this] {
    if (!presence_) return;
    for (const std::string& topic : presence_->reread_all()) {
      const auto it = rooms_.find(topic);
      if (it != rooms_.end()) announce_presence(topic, it->second, nullptr);
    }
  });
}

std::future<void> TopicHub::stop_presence() {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> future = done->get_future();
  boost::asio::post(strand_, [this, done] {
    presence_timer_.cancel();
    if (presence_) presence_->withdraw();
    presence_.reset();
    done->set_value();
  });
  return future;
}

void TopicHub::local_presence_changed(const std::string& topic, bool at_once) {
  if (!presence_) return;
  const auto it = rooms_.find(topic);
  presence_->local_changed(
      topic, it == rooms_.end() ? std::vector<store::TopicViewer>{} : viewers(it->second));
  if (at_once) {
    presence_->flush();
    return;
  }
  if (flush_posted_) return;
  // Posted behind the work already queued: a burst of joins and leaves
  // (a reconnect storm, a shutdown) is one transaction.
  flush_posted_ = true;
  boost::asio::post(strand_, [this] {
    flush_posted_ = false;
    if (presence_) presence_->flush();
  });
}

std::vector<std::string> TopicHub::users_of(const std::string& topic, const Room& room) {
  std::vector<std::string> names = usernames(room);
  if (!presence_ || room.members.empty()) return names;
  const std::vector<std::string>& others = presence_->others(topic);
  std::vector<std::string> all;
  all.reserve(names.size() + others.size());
  std::set_union(names.begin(), names.end(), others.begin(), others.end(), std::back_inserter(all));
  return all;
}

std::vector<store::TopicViewer> TopicHub::viewers(const Room& room) {
  std::vector<store::TopicViewer> out;
  for (const auto& [key, m] : room.members) {
    const bool known = std::any_of(
        out.begin(), out.end(), [&m = m](const store::TopicViewer& v) { return v.user == m.user; });
    if (!known) out.push_back({m.user, m.username});
  }
  return out;
}

}  // namespace dashboard::server::realtime
