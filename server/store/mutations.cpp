// The store's mutations. Each runs inside SqlStore::mutate, which wraps it
// in one transaction with its entity event, the events for the slices it
// moved, and (for MOCs) the board's topic events.
#include <map>

#include "core/board_rank.hpp"
#include "store/outbox.hpp"
#include "store/slices.hpp"
#include "store/sql_store.hpp"
#include "store/topics.hpp"

namespace dashboard::server::store {
namespace {

// A stale edit: the client's version is not the MOC's any more.
std::optional<StoreError> check_version(const Moc& current, std::optional<std::int64_t> expected) {
  if (!expected || *expected == current.version) return std::nullopt;
  return StoreError{StoreError::Kind::Conflict,
                    "the MOC changed since version " + std::to_string(*expected) + " (now " +
                        std::to_string(current.version) + ")",
                    current};
}

// A rank after every live card of `owner`'s `status` column: where a new
// card, or one whose status changed off the board, lands.
std::string end_of_column(sql::Session& s, UserId owner, core::BuildStatus status) {
  auto rows = s.query(
      "SELECT MAX(board_rank) FROM mocs WHERE user_id = $1 AND build_status = $2 "
      "AND deleted_at IS NULL",
      {owner, core::to_string(status)});
  const std::string last = rows->next() && !rows->is_null(0) ? rows->text(0) : std::string();
  return core::rank_after(last);
}

}  // namespace

StoreResult<Moc> SqlStore::create_moc(const Actor& actor, const NewMoc& moc) {
  auto created = import_mocs(actor, std::span(&moc, 1));
  if (!created) return created.error();
  return std::move(created->front());
}

StoreResult<std::vector<Moc>> SqlStore::import_mocs(const Actor& actor,
                                                    std::span<const NewMoc> mocs) {
  std::vector<std::string> ids;
  ids.reserve(mocs.size());
  for (std::size_t i = 0; i < mocs.size(); ++i) ids.push_back(ids_->next_uuid());
  std::vector<Moc> created;
  std::optional<StoreError> error = mutate(
      actor.user, actor,
      [&](sql::Session& s, const std::string& now,
          MutationOutput& out) -> std::optional<StoreError> {
        created.clear();  // a retried transaction starts over
        // Each column's end is read once; later MOCs follow the one before
        // (a MAX per MOC made a large import quadratic).
        std::map<core::BuildStatus, std::string> column_end;
        for (std::size_t i = 0; i < mocs.size(); ++i) {
          const NewMoc& moc = mocs[i];
          const auto end = column_end.find(moc.build_status);
          const std::string rank = end == column_end.end()
                                       ? end_of_column(s, actor.user, moc.build_status)
                                       : core::rank_after(end->second);
          column_end[moc.build_status] = rank;
          s.exec(R"sql(
          INSERT INTO mocs (id, user_id, title, theme, build_status, parts_coverage_status,
                            coverage_percentage, cover_image_url, created_at, updated_at, version,
                            board_rank)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1, $10))sql",
                 {ids[i], actor.user, moc.title, moc.theme, core::to_string(moc.build_status),
                  core::to_string(moc.parts_coverage_status), moc.coverage_percentage,
                  moc.cover_image_url, now, rank});
          created.push_back(*find_moc(s, ids[i]));
          out.entity_events.emplace_back(core::MocAdded{created.back()});
          out.topic_changes.push_back({kTopicAdded, created.back()});
        }
        return std::nullopt;
      });
  if (error) return *error;
  return created;
}

StoreResult<Moc> SqlStore::update_moc(const Actor& actor, const std::string& moc_id,
                                      const MocPatch& patch,
                                      std::optional<std::int64_t> expected_version) {
  const auto owner = moc_owner(moc_id);
  if (!owner) return owner.error();
  Moc updated;
  std::optional<StoreError> error =
      mutate(*owner, actor,
             [&](sql::Session& s, const std::string& now,
                 MutationOutput& out) -> std::optional<StoreError> {
               if (auto denied = check_moc_access(s, moc_id, actor.user, true)) return denied;
               Moc m = *find_moc(s, moc_id);
               if (auto stale = check_version(m, expected_version)) return stale;
               const core::BuildStatus was = m.build_status;
               const bool was_covered = fully_covered(m);
               if (patch.title) m.title = *patch.title;
               if (patch.theme) m.theme = *patch.theme;
               if (patch.build_status) m.build_status = *patch.build_status;
               if (patch.parts_coverage_status)
                 m.parts_coverage_status = *patch.parts_coverage_status;
               if (patch.coverage_percentage) m.coverage_percentage = *patch.coverage_percentage;
               if (patch.cover_image_url) m.cover_image_url = *patch.cover_image_url;
               if (patch.board_rank) {
                 m.board_rank = *patch.board_rank;
               } else if (m.build_status != was) {
                 // Moved off the board (the MOC page): to the end of its new column.
                 m.board_rank = end_of_column(s, *owner, m.build_status);
               }
               s.exec(R"sql(
          UPDATE mocs SET title = $2, theme = $3, build_status = $4, parts_coverage_status = $5,
                          coverage_percentage = $6, cover_image_url = $7, updated_at = $8,
                          board_rank = $9, version = version + 1
          WHERE id = $1)sql",
                      {moc_id, m.title, m.theme, core::to_string(m.build_status),
                       core::to_string(m.parts_coverage_status), m.coverage_percentage,
                       m.cover_image_url, now, m.board_rank});
               updated = *find_moc(s, moc_id);
               out.entity_events.emplace_back(core::MocUpdated{updated});
               if (!was_covered && fully_covered(updated)) {
                 out.owner_notices.push_back({NotificationKind::CoverageComplete,
                                              "\u201c" + updated.title + "\u201d has every part",
                                              "/mocs/" + updated.id, ""});
               }
               out.topic_changes.push_back(
                   {updated.build_status != was ? kTopicStatusChanged : kTopicUpdated, updated});
               return std::nullopt;
             });
  if (error) return *error;
  return updated;
}

StoreResult<Done> SqlStore::delete_moc(const Actor& actor, const std::string& moc_id,
                                       std::optional<std::int64_t> expected_version) {
  std::optional<StoreError> error =
      mutate(actor.user, actor,
             [&](sql::Session& s, const std::string& now,
                 MutationOutput& out) -> std::optional<StoreError> {
               if (auto owner = check_owner(s, "mocs", moc_id, actor.user)) return owner;
               const Moc moc = *find_moc(s, moc_id);
               if (auto stale = check_version(moc, expected_version)) return stale;
               s.exec("UPDATE mocs SET deleted_at = $2 WHERE id = $1", {moc_id, now});
               out.entity_events.emplace_back(core::MocDeleted{moc_id});
               out.topic_changes.push_back({kTopicDeleted, moc});
               return std::nullopt;
             });
  if (error) return *error;
  return Done{};
}

StoreResult<Moc> SqlStore::restore_moc(const Actor& actor, const std::string& moc_id) {
  Moc restored;
  std::optional<StoreError> error = mutate(
      actor.user, actor,
      [&](sql::Session& s, const std::string& now,
          MutationOutput& out) -> std::optional<StoreError> {
        auto rows = s.query("SELECT user_id, deleted_at FROM mocs WHERE id = $1", {moc_id});
        if (!rows->next()) {
          return StoreError{StoreError::Kind::NotFound, moc_id + " has nothing to restore", {}};
        }
        if (rows->int64(0) != actor.user) {
          return StoreError{StoreError::Kind::Forbidden, moc_id + " belongs to another user", {}};
        }
        if (rows->is_null(1)) {
          return StoreError{StoreError::Kind::Conflict, moc_id + " is not deleted",
                            find_moc(s, moc_id)};
        }
        // updated_at moves too, so lists sorted by it show the MOC as just changed.
        s.exec(
            "UPDATE mocs SET deleted_at = NULL, version = version + 1, updated_at = $2 "
            "WHERE id = $1",
            {moc_id, now});
        restored = *find_moc(s, moc_id);
        out.entity_events.emplace_back(core::MocAdded{restored});
        out.topic_changes.push_back({kTopicAdded, restored});
        return std::nullopt;
      });
  if (error) return *error;
  return restored;
}

StoreResult<Done> SqlStore::remove_owned(UserId user, const char* table, const std::string& id,
                                         std::optional<core::EventPayload> removed) {
  std::optional<StoreError> error = mutate(
      user, user,
      [&](sql::Session& s, const std::string&, MutationOutput& out) -> std::optional<StoreError> {
        if (auto owner = check_owner(s, table, id, user)) return owner;
        s.exec(std::string("DELETE FROM ") + table + " WHERE id = $1", {id});
        if (removed) out.entity_events.push_back(std::move(*removed));
        return std::nullopt;
      });
  if (error) return *error;
  return Done{};
}

StoreResult<WishlistItem> SqlStore::add_wishlist_item(
    UserId user, const std::string& name, const std::optional<std::string>& set_number) {
  WishlistItem item{ids_->next_uuid(), name, set_number, ""};
  std::optional<StoreError> error =
      mutate(user, user,
             [&](sql::Session& s, const std::string& now,
                 MutationOutput& out) -> std::optional<StoreError> {
               s.exec(
                   "INSERT INTO wishlist_items (id, user_id, name, set_number, created_at) "
                   "VALUES ($1, $2, $3, $4, $5)",
                   {item.id, user, name, set_number, now});
               item.created_at = now;
               out.entity_events.emplace_back(core::WishlistItemAdded{item});
               return std::nullopt;
             });
  if (error) return *error;
  return item;
}

StoreResult<Done> SqlStore::remove_wishlist_item(UserId user, const std::string& item_id) {
  return remove_owned(user, "wishlist_items", item_id, core::WishlistItemRemoved{item_id});
}

StoreResult<LegoSet> SqlStore::add_set(UserId user, const std::string& set_number,
                                       const std::string& name, const std::string& theme) {
  LegoSet set{ids_->next_uuid(), set_number, name, theme, ""};
  std::optional<StoreError> error = mutate(
      user, user,
      [&](sql::Session& s, const std::string& now, MutationOutput&) -> std::optional<StoreError> {
        s.exec(
            "INSERT INTO sets (id, user_id, set_number, name, theme, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            {set.id, user, set_number, name, theme, now});
        set.created_at = now;
        return std::nullopt;
      });
  if (error) return *error;
  return set;
}

StoreResult<Done> SqlStore::remove_set(UserId user, const std::string& set_id) {
  return remove_owned(user, "sets", set_id, std::nullopt);
}

}  // namespace dashboard::server::store
