// What keeps a hanging database from holding threads: the database
// workers' bounded queue, and libpq connects bounded on this side. The
// "database" here is a listening socket nobody accepts from: the kernel
// completes the handshake and takes the startup packet, nothing answers,
// exactly as with a SIGSTOPped PostgreSQL (the integration test
// database_faults freezes a real one).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "database_workers.hpp"
#include "store/postgres/postgres_database.hpp"

namespace dashboard::server {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    EXPECT_EQ(::bind(fd_, raw, size), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    EXPECT_EQ(::getsockname(fd_, raw, &size), 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  std::string url() const {
    return "postgresql://dash@127.0.0.1:" + std::to_string(port_) + "/dashboard";
  }

 private:
  int fd_;
  int port_ = 0;
};

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

TEST(DatabaseWorkers, RefusesPastTheQueueBoundAndRunsOffTheCallersThread) {
  DatabaseWorkers workers{1, 2};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<std::thread::id> ran_on;
  ASSERT_TRUE(workers.try_post([&] {
    ran_on.set_value(std::this_thread::get_id());
    released.wait();  // a request stuck on the database
  }));
  ASSERT_TRUE(workers.try_post([] {}));
  EXPECT_EQ(workers.queued(), 2U);
  EXPECT_FALSE(workers.try_post([] { ADD_FAILURE() << "ran past the bound"; }));
  EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());

  release.set_value();
  std::promise<void> after;
  for (auto start = Clock::now(); workers.queued() != 0 && ms_since(start) < 5000;) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  EXPECT_EQ(workers.queued(), 0U);
  EXPECT_TRUE(workers.try_post([&] { after.set_value(); }));
  after.get_future().wait();
}

TEST(PostgresDeadlines, AConnectNobodyAnswersEndsAtItsDeadline) {
  SilentListener silent;
  const auto start = Clock::now();
  EXPECT_THROW(store::connect_with_deadline(silent.url(), milliseconds(300)),
               store::DeadlineExceeded);
  const long long took = ms_since(start);
  EXPECT_GE(took, 290);
  EXPECT_LT(took, 1500);
}

TEST(PostgresDeadlines, APoolOnADatabaseThatNeverAnswersFailsAsUnavailableInTime) {
  SilentListener silent;
  const auto start = Clock::now();
  try {
    store::PostgresDatabase db(
        store::PostgresOptions{.url = silent.url(), .connect_timeout = milliseconds(400)});
    ADD_FAILURE() << "opened a database that never answered";
  } catch (const store::sql::Error& e) {
    EXPECT_EQ(e.kind(), store::sql::Error::Kind::Unavailable) << e.what();
    EXPECT_NE(std::string(e.what()).find("no answer within 400 ms"), std::string::npos) << e.what();
  }
  EXPECT_LT(ms_since(start), 2000);
}

}  // namespace
}  // namespace dashboard::server
