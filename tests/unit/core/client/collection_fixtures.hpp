// Fixtures for the collection pages' logic: MOCs, wishlist items and the
// entity events that carry them.
#pragma once

#include <string>

#include "core/client/moc_query.hpp"
#include "core/client/stream_step.hpp"
#include "core/event.hpp"
#include "core/model.hpp"

namespace dashboard::core::client::testing {

// A query spelled out (GCC warns on designated initializers that skip members).
inline MocQuery query(std::string search, std::string theme = {},
                      std::optional<BuildStatus> build = std::nullopt,
                      std::optional<PartsCoverageStatus> coverage = std::nullopt,
                      MocSort sort = {}) {
  MocQuery q;
  q.search = std::move(search);
  q.theme = std::move(theme);
  q.build_status = build;
  q.coverage_status = coverage;
  q.sort = sort;
  return q;
}

inline MocQuery sorted(MocSort sort) {
  return query("", "", std::nullopt, std::nullopt, sort);
}

inline Moc moc(std::string id, std::string title = "Harbour Crane", std::int64_t version = 1) {
  Moc m;
  m.id = std::move(id);
  m.title = std::move(title);
  m.theme = "City";
  m.build_status = BuildStatus::Added;
  m.parts_coverage_status = PartsCoverageStatus::None;
  m.coverage_percentage = 0;
  m.created_at = "2026-11-20T10:00:00Z";
  m.updated_at = "2026-11-20T10:00:00Z";
  m.version = version;
  return m;
}

// `m` at the next version with a change made by `change`.
template <typename Change>
Moc next(Moc m, Change&& change) {
  change(m);
  ++m.version;
  return m;
}

inline DashboardEvent envelope(std::int64_t seq, EventPayload payload) {
  return DashboardEvent{"0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69", "2026-11-23T10:00:00Z", seq,
                        std::move(payload)};
}

inline DashboardEvent moc_added(std::int64_t seq, const Moc& m) {
  return envelope(seq, MocAdded{m});
}
inline DashboardEvent moc_updated(std::int64_t seq, const Moc& m) {
  return envelope(seq, MocUpdated{m});
}
inline DashboardEvent moc_deleted(std::int64_t seq, const std::string& id) {
  return envelope(seq, MocDeleted{id});
}

inline WishlistItem wish(std::string id, std::string name, std::string created_at) {
  return WishlistItem{std::move(id), std::move(name), std::nullopt, std::move(created_at)};
}

inline StreamStep step(const DashboardEvent& event) {
  StreamStep s{event.seq, event.type(), std::nullopt, event.timestamp};
  if (is_entity_event(s.type)) s.entity = event;
  return s;
}

// A slice event's step (its payload does not matter to the collection pages).
inline StreamStep slice_step(std::int64_t seq, EventType type) {
  return StreamStep{seq, type, std::nullopt, {}};
}

}  // namespace dashboard::core::client::testing
