// StaticSite: what is loaded at start (files and .gz siblings, within the
// budget, never through a symlink out of the root), the prebuilt header
// blocks, and how the in-memory copy follows the disk: index.html re-read
// when rewritten or renamed over, hashed assets never re-read, new files
// loaded on first use, removed files gone.
#include "http/static_site.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "http/static_files.hpp"
#include "log.hpp"

namespace dashboard::server::http {
namespace {
namespace fs = std::filesystem;

constexpr const char* kWasm = "app.0123456789ab.wasm";

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_sink(&log_);  // the load summary would otherwise clutter the test output
    std::string templ = (fs::temp_directory_path() / "static_site_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    base_ = templ;
    root_ = base_ / "site";
    fs::create_directories(root_ / "assets");
    write(root_ / "index.html", "<!doctype html>");
    write(root_ / "assets" / kWasm, std::string(100, 'w'));
    write(root_ / "assets" / (std::string(kWasm) + ".gz"), std::string(10, 'z'));
    write(root_ / "assets" / "style.css", "body{}");
    write(base_ / "secret.txt", "TOP SECRET");
    fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "leak.txt");
  }
  void TearDown() override {
    log::set_sink(nullptr);
    fs::remove_all(base_);
  }

  static void write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  }

  std::ostringstream log_;
  fs::path base_;
  fs::path root_;
};

TEST_F(StaticSiteTest, LoadsEveryFileWithItsGzipSibling) {
  const StaticSite site(root_);
  EXPECT_EQ(site.file_count(), 4u);  // index, wasm + .gz, css; not the link out
  EXPECT_EQ(site.byte_count(), 15u + 100u + 10u + 6u);
  EXPECT_NE(log_.str().find("\"msg\":\"static files in memory\""), std::string::npos);

  const auto wasm = site.find({"assets", kWasm});
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->identity.bytes, std::string(100, 'w'));
  ASSERT_TRUE(wasm->gzip);
  EXPECT_EQ(wasm->gzip->bytes, std::string(10, 'z'));
  EXPECT_EQ(&wasm->variant(true), &*wasm->gzip);
  EXPECT_EQ(&wasm->variant(false), &wasm->identity);
  EXPECT_EQ(wasm->content_type, "application/wasm");
  EXPECT_EQ(wasm->cache_control, kCacheImmutable);
  EXPECT_NE(wasm->identity.etag, wasm->gzip->etag);

  const auto css = site.find({"assets", "style.css"});
  ASSERT_TRUE(css);
  EXPECT_FALSE(css->gzip);
  EXPECT_EQ(&css->variant(true), &css->identity);
}

TEST_F(StaticSiteTest, LargeFilesAlsoLiveInAMemoryFileForSendfile) {
  const std::string big(kSendfileFrom + 1, 'b');
  write(root_ / "assets" / "big.0123456789ab.data", big);
  const StaticSite site(root_);
  const auto entry = site.find({"assets", "big.0123456789ab.data"});
  ASSERT_TRUE(entry);
  ASSERT_TRUE(entry->identity.memory_file);
  const int fd = entry->identity.memory_file->fd();
  std::string back(big.size(), '\0');
  ASSERT_EQ(::pread(fd, back.data(), back.size(), 0), static_cast<ssize_t>(big.size()));
  EXPECT_EQ(back, big);
  EXPECT_EQ(::write(fd, "x", 1), -1) << "sealed: nobody changes what responses read";
  const auto small = site.find({"index.html"});
  EXPECT_FALSE(small->identity.memory_file) << "small bodies go out with their headers";
}

TEST_F(StaticSiteTest, ValidatorsMatchTheDiskPath) {
  const StaticSite site(root_);
  const auto wasm = site.find({"assets", kWasm});
  ASSERT_TRUE(wasm);
  const auto plain = find_static_file(root_, {"assets", kWasm}, "identity");
  const auto gz = find_static_file(root_, {"assets", kWasm}, "gzip");
  ASSERT_TRUE(plain && gz);
  EXPECT_EQ(wasm->identity.etag, plain->etag);
  EXPECT_EQ(wasm->gzip->etag, gz->etag);
  EXPECT_EQ(wasm->identity.last_modified, plain->last_modified);
  EXPECT_EQ(parse_http_date(wasm->identity.last_modified), wasm->identity.mtime_seconds);
}

TEST_F(StaticSiteTest, PrebuildsHeaderBlocks) {
  const StaticSite site(root_);
  const auto wasm = site.find({"assets", kWasm});
  ASSERT_TRUE(wasm);
  const std::string& gz200 = wasm->gzip->fields_200;
  EXPECT_NE(gz200.find("Server: dashboard-server\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("X-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("Content-Encoding: gzip\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("Content-Type: application/wasm\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("Vary: Accept-Encoding\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("Accept-Ranges: bytes\r\n"), std::string::npos);
  EXPECT_NE(gz200.find("ETag: " + wasm->gzip->etag + "\r\n"), std::string::npos);
  EXPECT_TRUE(gz200.ends_with("\r\n"));
  EXPECT_EQ(wasm->identity.fields_200.find("Content-Encoding"), std::string::npos);
  EXPECT_NE(wasm->identity.fields_200.find("Content-Length: 100\r\n"), std::string::npos);
  // 304 and the entity block of a 206 carry no length of the whole.
  EXPECT_EQ(wasm->identity.fields_304.find("Content-"),
            wasm->identity.fields_304.find("Content-Security"));
  EXPECT_EQ(wasm->identity.fields_entity.find("Content-Length"), std::string::npos);
  const auto css = site.find({"assets", "style.css"});
  EXPECT_EQ(css->identity.fields_200.find("Vary"), std::string::npos);
}

TEST_F(StaticSiteTest, NeverLoadsThroughSymlinksOutOfTheRootOrUnsafeSegments) {
  const StaticSite site(root_);
  EXPECT_FALSE(site.find({"assets", "leak.txt"}));
  EXPECT_FALSE(site.find({"..", "secret.txt"}));
  EXPECT_FALSE(site.find({"assets", "..", "..", "secret.txt"}));
  EXPECT_FALSE(site.find({"assets"}));
  EXPECT_FALSE(site.find({"assets", ""}));
  EXPECT_FALSE(site.find({}));
  EXPECT_FALSE(site.find({"missing.js"}));
}

TEST_F(StaticSiteTest, IndexIsReReadWhenRewritten) {
  const StaticSite site(root_);
  const auto first = site.find({"index.html"});
  ASSERT_TRUE(first);
  EXPECT_EQ(site.find({"index.html"}).get(), first.get()) << "unchanged: the same copy";

  write(root_ / "index.html", "<!doctype html><title>v2</title>");
  write(root_ / "index.html.gz", "gz-v2");
  const auto second = site.find({"index.html"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->identity.bytes, "<!doctype html><title>v2</title>");
  ASSERT_TRUE(second->gzip);
  EXPECT_EQ(second->gzip->bytes, "gz-v2");
  EXPECT_NE(second->identity.etag, first->identity.etag);
  EXPECT_EQ(first->identity.bytes, "<!doctype html>") << "a response in flight keeps its copy";
  EXPECT_EQ(site.byte_count(), 15u + 100u + 10u + 6u - 15u + 32u + 5u);
  EXPECT_NE(log_.str().find("\"msg\":\"static file reloaded\""), std::string::npos);
}

TEST_F(StaticSiteTest, IndexRenamedOverWithSameSizeAndMtimeIsSeen) {
  const StaticSite site(root_);
  const auto first = site.find({"index.html"});
  ASSERT_TRUE(first);
  const auto mtime = fs::last_write_time(root_ / "index.html");
  write(root_ / "next.html", "<!DOCTYPE HTML>");  // same length
  fs::last_write_time(root_ / "next.html", mtime);
  fs::rename(root_ / "next.html", root_ / "index.html");
  const auto second = site.find({"index.html"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->identity.bytes, "<!DOCTYPE HTML>");
}

TEST_F(StaticSiteTest, HashedAssetsAreNotLookedAtAgain) {
  const StaticSite site(root_);
  write(root_ / "assets" / kWasm, "changed on disk");
  const auto wasm = site.find({"assets", kWasm});
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->identity.bytes, std::string(100, 'w'));
  fs::remove(root_ / "assets" / kWasm);
  EXPECT_TRUE(site.find({"assets", kWasm})) << "an old page may still ask for it";
}

TEST_F(StaticSiteTest, UnhashedFileRemovedFromDiskIsGone) {
  const StaticSite site(root_);
  ASSERT_TRUE(site.find({"assets", "style.css"}));
  fs::remove(root_ / "assets" / "style.css");
  EXPECT_FALSE(site.find({"assets", "style.css"}));
  EXPECT_EQ(site.byte_count(), 15u + 100u + 10u);
  write(root_ / "assets" / "style.css", "p{}");
  const auto back = site.find({"assets", "style.css"});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->identity.bytes, "p{}");
}

TEST_F(StaticSiteTest, FileAddedAfterStartIsLoadedOnFirstUse) {
  const StaticSite site(root_);
  write(root_ / "assets" / "next.fedcba9876543210.js", "js");
  write(root_ / "assets" / "next.fedcba9876543210.js.gz", "gz");
  const auto next = site.find({"assets", "next.fedcba9876543210.js"});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->identity.bytes, "js");
  ASSERT_TRUE(next->gzip);
  EXPECT_EQ(site.file_count(), 6u);
  EXPECT_EQ(site.find({"assets", "next.fedcba9876543210.js"}).get(), next.get());
}

TEST_F(StaticSiteTest, GzipFileAskedForByNameIsPlainGzip) {
  const StaticSite site(root_);
  EXPECT_EQ(site.file_count(), 4u) << "the .gz is held once, as the wasm's variant";
  const auto gz = site.find({"assets", std::string(kWasm) + ".gz"});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->content_type, "application/gzip");
  EXPECT_FALSE(gz->gzip);
  EXPECT_EQ(gz->identity.bytes, std::string(10, 'z'));
}

TEST_F(StaticSiteTest, FilesOverTheBudgetStayOnDisk) {
  const StaticSite site(root_, StaticSiteLimits{.max_file_bytes = 50, .max_total_bytes = 1000});
  EXPECT_FALSE(site.find({"assets", kWasm})) << "100 bytes > the 50-byte file limit";
  EXPECT_TRUE(site.find({"index.html"}));
  EXPECT_EQ(site.file_count(), 2u);
  EXPECT_NE(log_.str().find("\"left_on_disk\":1"), std::string::npos);

  const StaticSite tight(root_, StaticSiteLimits{.max_file_bytes = 1000, .max_total_bytes = 20});
  EXPECT_LE(tight.byte_count(), 20u);
}

TEST_F(StaticSiteTest, MissingRootServesNothing) {
  const StaticSite site(base_ / "no-such-dir");
  EXPECT_EQ(site.file_count(), 0u);
  EXPECT_FALSE(site.find({"index.html"}));
}

}  // namespace
}  // namespace dashboard::server::http
