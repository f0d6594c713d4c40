// The store's mutations. Each runs inside SqliteStore::mutate, which wraps
// it in one transaction with the outbox events for the slices it moved.
#include <SQLiteCpp/Statement.h>

#include "store/slices.hpp"
#include "store/sqlite_store.hpp"

namespace dashboard::server::store {
namespace {

std::string status_text(core::BuildStatus s) {
  return std::string(core::to_string(s));
}
std::string status_text(core::PartsCoverageStatus s) {
  return std::string(core::to_string(s));
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);  // NULL
  }
}

// Binds the six fields a client may set (title .. cover_image_url) to
// parameters first .. first + 5, in the column order of the mocs table.
// Works for NewMoc and Moc alike.
template <typename MocFields>
void bind_editable_fields(SQLite::Statement& q, int first, const MocFields& moc) {
  q.bind(first, moc.title);
  q.bind(first + 1, moc.theme);
  q.bind(first + 2, status_text(moc.build_status));
  q.bind(first + 3, status_text(moc.parts_coverage_status));
  q.bind(first + 4, moc.coverage_percentage);
  bind_optional(q, first + 5, moc.cover_image_url);
}

}  // namespace

StoreResult<Moc> SqliteStore::create_moc(UserId user, const NewMoc& moc) {
  const std::string id = ids_->next_uuid();
  Moc created;
  std::optional<StoreError> error =
      mutate(user, [&](SQLite::Database& db, const std::string& now) -> std::optional<StoreError> {
        SQLite::Statement insert(db, R"sql(
          INSERT INTO mocs (id, user_id, title, theme, build_status, parts_coverage_status,
                            coverage_percentage, cover_image_url, created_at, updated_at)
          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9))sql");
        insert.bind(1, id);
        insert.bind(2, user);
        bind_editable_fields(insert, 3, moc);
        insert.bind(9, now);
        insert.exec();
        created = read_moc(db, id);
        return std::nullopt;
      });
  if (error) return *error;
  return created;
}

StoreResult<Moc> SqliteStore::update_moc(UserId user, const std::string& moc_id,
                                         const MocPatch& patch) {
  Moc updated;
  std::optional<StoreError> error =
      mutate(user, [&](SQLite::Database& db, const std::string& now) -> std::optional<StoreError> {
        if (auto owner = check_owner(db, "mocs", moc_id, user)) return owner;
        Moc m = read_moc(db, moc_id);
        if (patch.title) m.title = *patch.title;
        if (patch.theme) m.theme = *patch.theme;
        if (patch.build_status) m.build_status = *patch.build_status;
        if (patch.parts_coverage_status) m.parts_coverage_status = *patch.parts_coverage_status;
        if (patch.coverage_percentage) m.coverage_percentage = *patch.coverage_percentage;
        if (patch.cover_image_url) m.cover_image_url = *patch.cover_image_url;
        SQLite::Statement update(db, R"sql(
          UPDATE mocs SET title = ?2, theme = ?3, build_status = ?4, parts_coverage_status = ?5,
                          coverage_percentage = ?6, cover_image_url = ?7, updated_at = ?8
          WHERE id = ?1)sql");
        update.bind(1, moc_id);
        bind_editable_fields(update, 2, m);
        update.bind(8, now);
        update.exec();
        updated = read_moc(db, moc_id);
        return std::nullopt;
      });
  if (error) return *error;
  return updated;
}

StoreResult<Done> SqliteStore::remove_owned(UserId user, const char* table, const std::string& id) {
  std::optional<StoreError> error =
      mutate(user, [&](SQLite::Database& db, const std::string&) -> std::optional<StoreError> {
        if (auto owner = check_owner(db, table, id, user)) return owner;
        SQLite::Statement del(db, std::string("DELETE FROM ") + table + " WHERE id = ?1");
        del.bind(1, id);
        del.exec();
        return std::nullopt;
      });
  if (error) return *error;
  return Done{};
}

StoreResult<Done> SqliteStore::delete_moc(UserId user, const std::string& moc_id) {
  return remove_owned(user, "mocs", moc_id);
}

StoreResult<WishlistItem> SqliteStore::add_wishlist_item(
    UserId user, const std::string& name, const std::optional<std::string>& set_number) {
  WishlistItem item{ids_->next_uuid(), name, set_number, ""};
  std::optional<StoreError> error =
      mutate(user, [&](SQLite::Database& db, const std::string& now) -> std::optional<StoreError> {
        SQLite::Statement insert(db,
                                 "INSERT INTO wishlist_items (id, user_id, name, set_number, "
                                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        insert.bind(1, item.id);
        insert.bind(2, user);
        insert.bind(3, name);
        bind_optional(insert, 4, set_number);
        insert.bind(5, now);
        insert.exec();
        item.created_at = now;
        return std::nullopt;
      });
  if (error) return *error;
  return item;
}

StoreResult<Done> SqliteStore::remove_wishlist_item(UserId user, const std::string& item_id) {
  return remove_owned(user, "wishlist_items", item_id);
}

StoreResult<LegoSet> SqliteStore::add_set(UserId user, const std::string& set_number,
                                          const std::string& name, const std::string& theme) {
  LegoSet set{ids_->next_uuid(), set_number, name, theme, ""};
  std::optional<StoreError> error =
      mutate(user, [&](SQLite::Database& db, const std::string& now) -> std::optional<StoreError> {
        SQLite::Statement insert(db,
                                 "INSERT INTO sets (id, user_id, set_number, name, theme, "
                                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bind(1, set.id);
        insert.bind(2, user);
        insert.bind(3, set_number);
        insert.bind(4, name);
        insert.bind(5, theme);
        insert.bind(6, now);
        insert.exec();
        set.created_at = now;
        return std::nullopt;
      });
  if (error) return *error;
  return set;
}

StoreResult<Done> SqliteStore::remove_set(UserId user, const std::string& set_id) {
  return remove_owned(user, "sets", set_id);
}

}  // namespace dashboard::server::store
