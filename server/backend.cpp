#include "backend.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "auth/secret_file.hpp"
#include "log.hpp"
#include "store/demo_data.hpp"
#include "store/sqlite_store.hpp"

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
  backend.store = std::make_shared<store::SqliteStore>(config.data_dir / kDatabaseFileName,
                                                       backend.clock, random_ids());
  std::string secret =
      config.jwt_secret.empty() ? auth::load_or_create_secret(config.data_dir) : config.jwt_secret;
  std::optional<std::string> public_key;
  if (!config.jwt_public_key_file.empty()) public_key = read_file(config.jwt_public_key_file);
  backend.tokens =
      std::make_shared<const auth::TokenService>(std::move(secret), backend.clock, public_key);
  return backend;
}

int seed_command(const Config& config) {
  const std::filesystem::path file = config.data_dir / kDatabaseFileName;
  std::filesystem::create_directories(config.data_dir);
  const store::DemoSeedResult result = store::seed_demo(file);
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

}  // namespace dashboard::server
