#include "test_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace dashboard::server::testing {
namespace fs = std::filesystem;

std::string engine_name(Engine engine) {
  return engine == Engine::Sqlite ? "Sqlite" : "Postgres";
}

namespace {

std::string read_first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// The cluster this process started because no fixture gave one.
struct OwnCluster {
  fs::path state;
  ~OwnCluster() {
    if (state.empty()) return;
    const std::string stop = std::string(DASHBOARD_POSTGRES_CLUSTER_SCRIPT) + " stop '" +
                             state.string() + "' >/dev/null 2>&1";
    if (std::system(stop.c_str()) != 0) std::fprintf(stderr, "stopping %s failed\n", stop.c_str());
    std::error_code ignored;
    fs::remove_all(state, ignored);
  }
};

// "...?host=/tmp/x" with the database path replaced by `name`.
std::string with_database(const std::string& admin_url, const std::string& name) {
  const std::string marker = "/postgres";
  const auto at = admin_url.find(marker);
  if (at == std::string::npos) throw std::runtime_error("unexpected admin URL " + admin_url);
  return admin_url.substr(0, at) + "/" + name + admin_url.substr(at + marker.size());
}

}  // namespace

std::string test_postgres_admin_url() {
  if (const char* file = std::getenv("DASHBOARD_TEST_POSTGRES_URL_FILE")) {
    std::string url = read_first_line(file);
    if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
    return url;
  }
  static std::mutex mutex;
  static OwnCluster own;
  static std::string url;
  std::lock_guard lock(mutex);
  if (url.empty()) {
    own.state = fs::temp_directory_path() / ("dashboard-pg-state-" + std::to_string(::getpid()));
    const std::string start = std::string(DASHBOARD_POSTGRES_CLUSTER_SCRIPT) + " start '" +
                              own.state.string() + "' >/dev/null";
    if (std::system(start.c_str()) != 0) {
      throw std::runtime_error("could not start a PostgreSQL test cluster: " + start);
    }
    url = read_first_line(own.state / "url");
  }
  return url;
}

void postgres_admin(const std::string& url, const std::string& statement) {
  store::PgConnectionPtr conn = store::connect_postgres(url, 10);
  PGresult* result = PQexec(conn.get(), statement.c_str());
  const bool ok =
      PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (!ok) throw store::sql::Error(store::sql::Error::Kind::Other, statement + ": " + message);
}

ScratchDatabase::ScratchDatabase(Engine engine, const fs::path& dir) : engine_(engine) {
  if (engine == Engine::Sqlite) {
    location_ = (dir / "dashboard.db").string();
    return;
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  postgres_name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                   std::to_string(random() % 100000);
  const std::string admin = test_postgres_admin_url();
  postgres_admin(admin, "CREATE DATABASE " + postgres_name_);
  location_ = with_database(admin, postgres_name_);
}

ScratchDatabase::~ScratchDatabase() {
  if (postgres_name_.empty()) return;
  try {
    postgres_admin(test_postgres_admin_url(),
                   "DROP DATABASE IF EXISTS " + postgres_name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dropping test database %s: %s\n", postgres_name_.c_str(), e.what());
  }
}

std::shared_ptr<store::sql::Database> ScratchDatabase::open(int pool_size) const {
  if (engine_ == Engine::Sqlite) {
    return std::make_shared<store::SqliteDatabase>(location_, 2);
  }
  return std::make_shared<store::PostgresDatabase>(store::PostgresOptions{
      .url = location_, .pool_size = pool_size, .acquire_timeout = std::chrono::seconds(10)});
}

}  // namespace dashboard::server::testing
