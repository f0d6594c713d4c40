#include "realtime/hub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "core/json_codec.hpp"
#include "core/socketio/socketio.hpp"
#include "core/timestamp.hpp"
#include "log.hpp"

namespace dashboard::server::realtime {
namespace {

constexpr int kPageSize = 500;
constexpr std::string_view kNamespace = "/dashboard";
// How soon the hub reads again after the database could not be read.
constexpr std::chrono::seconds kRetryAfter{1};

}  // namespace

Hub::Hub(const boost::asio::any_io_executor& executor, std::shared_ptr<store::DashboardStore> store,
         Metrics& metrics)
    : strand_(boost::asio::make_strand(executor)),
      store_(std::move(store)),
      metrics_(metrics),
      retry_timer_(strand_) {}

Frame Hub::encode_frame(const store::StoredEvent& event, bool with_offset) {
  const std::string envelope =
      core::encode_envelope(event.event_id, event.type, event.created_at, event.seq,
                            event.payload_json, event.commit_last_seq);
  return std::make_shared<const std::string>(
      core::sio::encode_event_frame(kNamespace, core::to_string(event.type), envelope,
                                    with_offset ? std::to_string(event.seq) : std::string()));
}

void Hub::notify_commit(store::UserId user, std::int64_t last_seq) {
  boost::asio::post(strand_, [this, user, last_seq] {
    const auto it = rooms_.find(user);
    if (it == rooms_.end()) return;  // nobody listening: the outbox keeps the events
    it->second.committed_through = std::max(it->second.committed_through, last_seq);
    fan_out(user);
  });
}

void Hub::count_undelivered(std::function<void(std::int64_t)> done) {
  boost::asio::post(strand_, [this, done = std::move(done)] {
    std::int64_t undelivered = 0;
    for (const auto& [user, room] : rooms_) {
      undelivered += std::max<std::int64_t>(0, room.committed_through - room.delivered_through);
    }
    done(undelivered);
  });
}

void Hub::catch_up_all() {
  boost::asio::post(strand_, [this] {
    std::vector<store::UserId> users;
    users.reserve(rooms_.size());
    for (const auto& [user, room] : rooms_) users.push_back(user);
    for (const store::UserId user : users) fan_out(user);
  });
}

void Hub::retry_later() {
  if (retry_armed_) return;
  retry_armed_ = true;
  retry_timer_.expires_after(kRetryAfter);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    retry_armed_ = false;
    if (ec) return;
    std::vector<store::UserId> users;
    for (const auto& [user, room] : rooms_) users.push_back(user);
    for (const store::UserId user : users) fan_out(user);
  });
}

void Hub::join(store::UserId user, std::weak_ptr<Subscriber> subscriber,
               std::optional<std::int64_t> resume_after, std::function<void()> on_joined) {
  boost::asio::post(strand_, [this, user, subscriber = std::move(subscriber), resume_after,
                              on_joined = std::move(on_joined)] {
    auto live = subscriber.lock();
    if (!live) return;
    Room& room = rooms_[user];
    // Catch up first, so fan-outs queued after this one start where it ends
    // (and a new room learns where the live stream is).
    fan_out(user);
    if (on_joined) on_joined();
    RoomMembers::Member member{subscriber, live.get(), std::nullopt};
    if (resume_after && room.position_known && *resume_after > room.delivered_through) {
      live->resync_required(room.delivered_through);  // it saw seqs this server never issued
    } else if (resume_after) {
      std::int64_t from = *resume_after;
      const ReplayOutcome outcome = room.position_known
                                        ? replay(user, *live, from, room.delivered_through)
                                        : ReplayOutcome::Unavailable;
      if (outcome == ReplayOutcome::Unavailable) {
        member.replayed_through = from;
        retry_later();
      }
    }
    room.members.add(std::move(member));
  });
}

void Hub::leave(store::UserId user, const Subscriber* subscriber) {
  boost::asio::post(strand_, [this, user, subscriber] {
    const auto it = rooms_.find(user);
    if (it == rooms_.end()) return;
    it->second.members.remove(subscriber);
    if (it->second.members.empty()) rooms_.erase(it);
  });
}

void RoomMembers::add(Member member) {
  const auto [slot, inserted] = slots_.try_emplace(member.key, members_.size());
  if (!inserted) {
    members_[slot->second] = std::move(member);  // joined again: one membership, not two
    return;
  }
  members_.push_back(std::move(member));
}

void RoomMembers::remove(const Subscriber* key) {
  const auto slot = slots_.find(key);
  if (slot == slots_.end()) return;
  // The last member takes the leaver's place.
  const std::size_t index = slot->second;
  slots_.erase(slot);
  if (index + 1 != members_.size()) {
    members_[index] = std::move(members_.back());
    slots_[members_[index].key] = index;
  }
  members_.pop_back();
}

Hub::ReplayOutcome Hub::replay(store::UserId user, Subscriber& subscriber, std::int64_t& from,
                               std::int64_t to) {
  while (from < to) {
    const auto page = store_->events_since(user, from, kPageSize);
    if (!page) {
      if (page.error().kind == store::StoreError::Kind::Unavailable) {
        return ReplayOutcome::Unavailable;
      }
      if (page.error().kind != store::StoreError::Kind::Gone) {
        log::error("replay failed", {{"user", user}, {"error", page.error().message}});
      }
      subscriber.resync_required(to);
      return ReplayOutcome::Resync;
    }
    if (page->events.empty()) return ReplayOutcome::Done;
    std::vector<Frame> frames;
    frames.reserve(page->events.size());
    bool reached_live = false;
    for (const store::StoredEvent& event : page->events) {
      if (event.seq > to) {
        reached_live = true;  // live fan-out delivers the rest
        break;
      }
      frames.push_back(encode_frame(event, subscriber.wants_offsets()));
      from = event.seq;
    }
    subscriber.deliver(std::span<const Frame>(frames));
    if (reached_live) return ReplayOutcome::Done;
  }
  return ReplayOutcome::Done;
}

void Hub::resume_replays(store::UserId user, Room& room) {
  for (RoomMembers::Member& m : room.members.all()) {
    if (!m.replayed_through) continue;
    auto s = m.subscriber.lock();
    if (!s) continue;
    std::int64_t from = *m.replayed_through;
    if (from > room.delivered_through) {
      s->resync_required(room.delivered_through);
      m.replayed_through.reset();
      continue;
    }
    if (replay(user, *s, from, room.delivered_through) == ReplayOutcome::Unavailable) {
      m.replayed_through = from;
      retry_later();
    } else {
      m.replayed_through.reset();
    }
  }
}

void Hub::observe_lag(const std::vector<store::StoredEvent>& events) {
  // Wall time: created_at is the writing instance's wall clock. Another
  // instance's clock may run ahead of ours; that counts as no lag.
  const core::UnixMillis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
  for (const store::StoredEvent& event : events) {
    if (const auto created = core::parse_rfc3339(event.created_at)) {
      metrics_.event_delivery_lag.Observe(
          static_cast<double>(std::max<core::UnixMillis>(0, now - *created)) / 1000);
    }
  }
}

void Hub::fan_out(store::UserId user) {
  const auto it = rooms_.find(user);
  if (it == rooms_.end()) return;  // nobody listening: the outbox keeps the events
  Room& room = it->second;
  metrics_.hub_outbox_reads.Increment();
  if (!room.position_known) {
    // The live stream starts at the newest event; anything older is the
    // snapshot's (or a replay's) business.
    const auto last = store_->last_seq(user);
    if (!last) {
      retry_later();
      return;
    }
    room.delivered_through = *last;
    room.position_known = true;
  }
  resume_replays(user, room);
  for (;;) {
    const auto page = store_->events_since(user, room.delivered_through, kPageSize);
    if (!page) {
      if (page.error().kind == store::StoreError::Kind::Unavailable) {
        retry_later();  // the outbox still has them; nothing is skipped
        return;
      }
      // Pruned past our position (a very long stall): everyone resyncs.
      const auto last = store_->last_seq(user);
      room.delivered_through = last ? *last : room.delivered_through;
      for (const RoomMembers::Member& m : room.members.all()) {
        if (auto s = m.subscriber.lock()) s->resync_required(room.delivered_through);
      }
      return;
    }
    if (page->events.empty()) return;
    observe_lag(page->events);
    // Each variant is encoded once per page, and only if someone wants it.
    std::vector<Frame> plain;
    std::vector<Frame> with_offset;
    for (const RoomMembers::Member& m : room.members.all()) {
      if (m.replayed_through) continue;  // its replay comes first
      auto s = m.subscriber.lock();
      if (!s) continue;
      const bool offsets = s->wants_offsets();
      std::vector<Frame>& frames = offsets ? with_offset : plain;
      if (frames.empty()) {
        frames.reserve(page->events.size());
        for (const store::StoredEvent& event : page->events) {
          frames.push_back(encode_frame(event, offsets));
        }
      }
      s->deliver(std::span<const Frame>(frames));
    }
    room.delivered_through = page->events.back().seq;
    if (static_cast<int>(page->events.size()) < kPageSize) return;
  }
}

}  // namespace dashboard::server::realtime
