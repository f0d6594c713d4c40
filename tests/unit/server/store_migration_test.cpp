// Upgrading a database written by an older server: a SQLite file at schema
// step 7 (before unread notifications were counted on the user's row) with
// notifications in it opens with the count backfilled from the rows.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_schema.hpp"
#include "store_fixture.hpp"

namespace dashboard::server::testing {
namespace {

namespace fs = std::filesystem;

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  ASSERT_EQ(rc, SQLITE_OK) << message << "\n" << sql;
}

TEST(StoreMigration, UnreadNotificationCountsAreBackfilledFromTheRows) {
  const fs::path dir =
      fs::temp_directory_path() / ("store_migration-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const std::string file = (dir / "dashboard.db").string();
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
    const auto steps = store::sqlite_schema_steps();
    ASSERT_GE(steps.size(), 8U);
    for (std::size_t i = 0; i < 7; ++i) exec(raw, steps[i]);
    exec(raw, "PRAGMA user_version = 7");
    exec(raw,
         "INSERT INTO users (id, username, password_hash, created_at) VALUES "
         "(1, 'alice', 'x', '2026-12-01T00:00:00.000Z'), "
         "(2, 'bob', 'x', '2026-12-01T00:00:00.000Z')");
    exec(raw,
         "INSERT INTO notifications (user_id, kind, body, created_at, read_at) VALUES "
         "(1, 'message', 'one', '2026-12-01T00:00:01.000Z', NULL), "
         "(1, 'message', 'two', '2026-12-01T00:00:02.000Z', NULL), "
         "(1, 'announcement', 'read', '2026-12-01T00:00:03.000Z', '2026-12-01T00:00:04.000Z'), "
         "(2, 'announcement', 'bob', '2026-12-01T00:00:05.000Z', NULL)");
    sqlite3_close(raw);
  }
  {
    store::SqlStore store(std::make_shared<store::SqliteDatabase>(file, 2),
                          std::make_shared<FakeClock>(), std::make_shared<CountingIds>());
    const auto alice = store.list_notifications(1, std::nullopt, 10);
    ASSERT_TRUE(alice) << alice.error().message;
    EXPECT_EQ(alice->unread, 2);
    EXPECT_EQ(store.list_notifications(2, std::nullopt, 10)->unread, 1);
    // And the count moves on from there.
    ASSERT_TRUE(store.mark_notifications_read(1, std::nullopt, std::nullopt));
    EXPECT_EQ(store.list_notifications(1, std::nullopt, 10)->unread, 0);
    EXPECT_EQ(store.list_notifications(2, std::nullopt, 10)->unread, 1);
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace dashboard::server::testing
