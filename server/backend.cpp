#include "backend.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "auth/secret_file.hpp"
#include "log.hpp"
#include "store/copy_collection.hpp"
#include "store/demo_data.hpp"
#include "store/idempotency.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/server_settings.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace dashboard::server {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Backend open_backend(const Config& config) {
  std::filesystem::create_directories(config.data_dir);
  Backend backend;
  backend.clock = system_clock();
  if (config.database_url.empty()) {
    backend.database = std::make_shared<store::SqliteDatabase>(config.data_dir / kDatabaseFileName);
  } else {
    backend.database = std::make_shared<store::PostgresDatabase>(store::PostgresOptions{
        .url = config.database_url,
        .pool_size = static_cast<int>(config.database_pool),
        .acquire_timeout = std::chrono::milliseconds(config.database_timeout_ms),
        .statement_timeout = std::chrono::milliseconds(config.database_statement_timeout_ms)});
  }
  // Writes made while a request holds an Idempotency-Key claim it with them.
  backend.database = std::make_shared<store::IdempotentDatabase>(backend.database);
  auto sql_store = std::make_shared<store::SqlStore>(backend.database, backend.clock, random_ids());
  backend.store = sql_store;
  backend.messaging = sql_store;
  // Without a configured secret: the data dir's file for the embedded
  // default, the database for instances that share one.
  std::string secret = config.jwt_secret;
  if (secret.empty() && backend.database->dialect() == store::sql::Dialect::Postgres) {
    secret = store::setting_or_create(*backend.database, "jwt_secret",
                                      [] { return auth::random_hex(32); });
  } else if (secret.empty()) {
    secret = auth::load_or_create_secret(config.data_dir);
  }
  std::optional<std::string> public_key;
  if (!config.jwt_public_key_file.empty()) public_key = read_file(config.jwt_public_key_file);
  backend.tokens =
      std::make_shared<const auth::TokenService>(std::move(secret), backend.clock, public_key);
  return backend;
}

int seed_command(const Config& config) {
  const Backend backend = open_backend(config);
  const store::DemoSeedResult result = store::seed_demo(backend.database);
  for (const store::DemoLogin& login : result.logins) {
    std::cout << (login.created ? "created " : "exists  ") << "user " << login.username
              << " (password: " << login.password << ")\n";
  }
  std::cout << "Sign in with POST /api/auth/login, or get a token with:\n"
            << "  dashboard-server token --user alice --data-dir " << config.data_dir.string()
            << "\n";
  return 0;
}

int token_command(const Config& config) {
  const Backend backend = open_backend(config);
  const auto user = backend.store->find_user(config.token_user);
  if (!user) {
    std::cerr << "no user named " << config.token_user
              << " (run `dashboard-server seed --demo` for alice and bob)\n";
    return 1;
  }
  std::cout << backend.tokens->issue(user->id, user->username,
                                     std::chrono::hours(config.token_ttl_hours))
            << "\n";
  return 0;
}

int announce_command(const Config& config) {
  const std::optional<std::size_t> length = store::utf8_length(config.announce_text);
  if (!length || *length == 0 || *length > store::kMaxAnnouncementLength) {
    std::cerr << "the announcement must be 1 to " << store::kMaxAnnouncementLength
              << " characters of UTF-8 text\n";
    return 1;
  }
  const Backend backend = open_backend(config);
  const auto notified = backend.messaging->announce(config.announce_text);
  if (!notified) {
    std::cerr << "announce failed: " << notified.error().message << "\n";
    return 1;
  }
  std::cout << "announced to " << *notified << " users\n";
  return 0;
}

int migrate_command(const Config& config) {
  const std::filesystem::path file = config.migrate_from / kDatabaseFileName;
  if (!std::filesystem::exists(file)) {
    std::cerr << "no " << kDatabaseFileName << " in " << config.migrate_from.string() << "\n";
    return 1;
  }
  try {
    store::SqliteDatabase from(file);
    store::PostgresDatabase to(store::PostgresOptions{.url = config.migrate_to});
    for (const auto& [table, rows] : store::copy_collection(from, to)) {
      std::cout << "copied " << rows << " rows of " << table << "\n";
    }
    // Tokens the old server signed stay valid: its secret moves along.
    if (std::filesystem::exists(config.migrate_from / auth::kSecretFileName)) {
      std::string secret = auth::load_or_create_secret(config.migrate_from);
      store::setting_or_create(to, "jwt_secret", [&] { return secret; });
      std::cout << "copied the token signing secret\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "migrate failed, nothing was copied: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace dashboard::server
