// Static file policy: target decoding, traversal refusal (including symlinks
// out of the root), MIME types, cache policy, Accept-Encoding q-values and
// ETag validators. Filesystem cases run against a fresh temporary tree.
#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace dashboard::server::http {
namespace {
namespace fs = std::filesystem;
using Segments = std::vector<std::string>;

// Every test gets a fresh tree (cheap, and keeps cases independent):
// <tmp>/site/{index.html, assets/app.0123456789ab.wasm[.gz], assets/style.css}
// and <tmp>/secret.txt, <tmp>/site-evil/secret.txt outside the root.
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "static_files_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    base_ = templ;
    root_ = base_ / "site";
    fs::create_directories(root_ / "assets");
    fs::create_directories(base_ / "site-evil");
    write(root_ / "index.html", "<!doctype html>");
    write(root_ / "assets" / "app.0123456789ab.wasm", std::string(100, 'w'));
    write(root_ / "assets" / "app.0123456789ab.wasm.gz", std::string(10, 'z'));
    write(root_ / "assets" / "style.css", "body{}");
    write(base_ / "secret.txt", "TOP SECRET");
    write(base_ / "site-evil" / "secret.txt", "TOP SECRET");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }

  // The whole request path as the handler uses it.
  std::optional<fs::path> resolve_target(std::string_view target) const {
    const auto segments = decode_path_segments(target);
    if (!segments) return std::nullopt;
    return resolve_under_root(root_, *segments);
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFiles, DecodesPathSegments) {
  EXPECT_EQ(decode_path_segments("/a/b%20c?x=1"), (Segments{"a", "b c"}));
  EXPECT_EQ(decode_path_segments("/"), (Segments{""}));
  EXPECT_EQ(decode_path_segments("/dashboard/"), (Segments{"dashboard", ""}));
  EXPECT_EQ(join_path(*decode_path_segments("/dashboard/?v=2")), "/dashboard/");
  EXPECT_EQ(join_path(*decode_path_segments("/")), "/");
}

TEST_F(StaticFiles, RejectsTargetsThatAreNotOriginForm) {
  EXPECT_FALSE(decode_path_segments("http://example.com/index.html"));
  EXPECT_FALSE(decode_path_segments("*"));
  EXPECT_FALSE(decode_path_segments("index.html"));
  EXPECT_FALSE(decode_path_segments(""));
  EXPECT_FALSE(decode_path_segments("/a%zz"));
  EXPECT_FALSE(decode_path_segments("/a\\b"));
}

TEST_F(StaticFiles, RejectsEncodedSlashBackslashAndNul) {
  EXPECT_FALSE(decode_path_segments("/assets%2f..%2f..%2fsecret.txt"));
  EXPECT_FALSE(decode_path_segments("/assets%2F..%2Fsecret.txt"));
  EXPECT_FALSE(decode_path_segments("/assets/..%5c..%5csecret.txt"));
  EXPECT_FALSE(decode_path_segments("/assets/..%5C..%5Csecret.txt"));
  EXPECT_FALSE(decode_path_segments("/index.html%00.png"));
}

TEST_F(StaticFiles, SafeSegments) {
  EXPECT_TRUE(is_safe_segment("index.html"));
  EXPECT_TRUE(is_safe_segment(".well-known"));
  EXPECT_FALSE(is_safe_segment(""));
  EXPECT_FALSE(is_safe_segment("."));
  EXPECT_FALSE(is_safe_segment(".."));
  EXPECT_FALSE(is_safe_segment("C:"));
  EXPECT_FALSE(is_safe_segment("a\\b"));
  EXPECT_FALSE(is_safe_segment(std::string_view("a\0b", 3)));
}

TEST_F(StaticFiles, ResolvesFilesInsideRoot) {
  EXPECT_EQ(resolve_target("/index.html"), fs::canonical(root_ / "index.html"));
  EXPECT_EQ(resolve_target("/assets/style.css?v=1"), fs::canonical(root_ / "assets/style.css"));
  EXPECT_EQ(resolve_target("/assets/%73tyle.css"), fs::canonical(root_ / "assets/style.css"));
}

TEST_F(StaticFiles, RejectsDotDot) {
  EXPECT_FALSE(resolve_target("/../secret.txt"));
  EXPECT_FALSE(resolve_target("/assets/../../secret.txt"));
  // Even a ".." that would stay inside the root is refused outright.
  EXPECT_FALSE(resolve_target("/assets/../index.html"));
  EXPECT_FALSE(resolve_target("/./index.html"));
}

TEST_F(StaticFiles, RejectsEncodedDotDot) {
  EXPECT_FALSE(resolve_target("/%2e%2e/secret.txt"));
  EXPECT_FALSE(resolve_target("/%2E%2E/secret.txt"));
  EXPECT_FALSE(resolve_target("/assets/%2e%2e/%2e%2e/secret.txt"));
  EXPECT_FALSE(resolve_target("/assets/%2e%2e%2f..%2fsecret.txt"));
  EXPECT_FALSE(resolve_target("/.%2e/secret.txt"));
}

TEST_F(StaticFiles, RejectsAbsoluteLookingPaths) {
  EXPECT_FALSE(resolve_target("//etc/passwd"));
  EXPECT_FALSE(resolve_target("/" + base_.string() + "/secret.txt"));
  EXPECT_FALSE(resolve_target("/C:/Windows/win.ini"));
  EXPECT_FALSE(resolve_under_root(root_, {base_.string(), "secret.txt"}));
}

TEST_F(StaticFiles, RejectsSymlinkEscapingRoot) {
  fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "link.txt");
  fs::create_directory_symlink(base_, root_ / "up");
  fs::create_directory_symlink(base_ / "site-evil", root_ / "evil");
  EXPECT_FALSE(resolve_target("/assets/link.txt"));
  EXPECT_FALSE(resolve_target("/up/secret.txt"));
  // A sibling whose name merely starts with the root's name is still outside.
  EXPECT_FALSE(resolve_target("/evil/secret.txt"));
}

TEST_F(StaticFiles, FollowsSymlinkStayingInsideRoot) {
  fs::create_symlink(root_ / "index.html", root_ / "assets" / "home.html");
  EXPECT_EQ(resolve_target("/assets/home.html"), fs::canonical(root_ / "index.html"));
}

TEST_F(StaticFiles, RejectsDirectoriesAndMissingFiles) {
  EXPECT_FALSE(resolve_target("/assets"));
  EXPECT_FALSE(resolve_target("/assets/"));
  EXPECT_FALSE(resolve_target("/missing.js"));
  EXPECT_FALSE(resolve_under_root(base_ / "no-such-root", {"index.html"}));
  EXPECT_FALSE(resolve_under_root(root_, {}));
}

TEST_F(StaticFiles, MimeTypes) {
  EXPECT_EQ(mime_type_for("dashboard.3f2a9c1b7d4e.wasm"), "application/wasm");
  EXPECT_EQ(mime_type_for("boot.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("INDEX.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("dashboard.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("demo.json"), "application/json");
  EXPECT_EQ(mime_type_for("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type_for("icon.png"), "image/png");
  EXPECT_EQ(mime_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(mime_type_for("Inter.otf"), "font/otf");
  EXPECT_EQ(mime_type_for("Inter.ttf"), "font/ttf");
  EXPECT_EQ(mime_type_for("Inter.woff2"), "font/woff2");
  EXPECT_EQ(mime_type_for("dashboard.data"), "application/octet-stream");
  EXPECT_EQ(mime_type_for("app.wasm.gz"), "application/gzip");
  EXPECT_EQ(mime_type_for("README"), "application/octet-stream");
  EXPECT_EQ(mime_type_for("thing.unknownext"), "application/octet-stream");
}

TEST_F(StaticFiles, CachePolicyForHashedAndUnhashedNames) {
  EXPECT_TRUE(has_content_hash("dashboard.3f2a9c1b7d4e.wasm"));
  EXPECT_TRUE(has_content_hash("app.0123ABCD.js"));
  EXPECT_TRUE(has_content_hash("app.0123456789ab.wasm.gz"));
  EXPECT_FALSE(has_content_hash("app.0123abc.js"));    // 7 digits: too short
  EXPECT_FALSE(has_content_hash("app.0123456g.js"));   // not hex
  EXPECT_FALSE(has_content_hash("0123456789ab.js"));   // the hash is the name
  EXPECT_FALSE(has_content_hash("app.0123456789ab"));  // the hash is the extension
  EXPECT_FALSE(has_content_hash("index.html"));

  EXPECT_EQ(cache_control_for({"assets", "dashboard.3f2a9c1b7d4e.wasm"}), kCacheImmutable);
  EXPECT_EQ(cache_control_for({"assets", "dashboard.css"}), kCacheRevalidate);
  EXPECT_EQ(cache_control_for({"index.html"}), kCacheRevalidate);
  // Only the build's assets folder is promised to be content-addressed.
  EXPECT_EQ(cache_control_for({"dashboard.3f2a9c1b7d4e.wasm"}), kCacheRevalidate);
  EXPECT_EQ(cache_control_for({"other", "dashboard.3f2a9c1b7d4e.wasm"}), kCacheRevalidate);
}

TEST_F(StaticFiles, AcceptEncodingQValues) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("deflate , gzip ; q=1"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("gzip;Q=0."));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  // An explicit gzip entry beats the wildcard either way.
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));
  EXPECT_TRUE(accepts_gzip("*;q=0, gzip"));
  // Malformed weights disqualify their element only.
  EXPECT_FALSE(accepts_gzip("gzip;q=2"));
  EXPECT_FALSE(accepts_gzip("gzip;q=1.5"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.0001"));
  EXPECT_FALSE(accepts_gzip("gzip;q=abc"));
}

TEST_F(StaticFiles, ETagMatchingForIfNoneMatchLists) {
  const std::string tag = "\"1f-abc\"";
  EXPECT_TRUE(if_none_match("\"1f-abc\"", tag));
  EXPECT_TRUE(if_none_match("\"x\", \"1f-abc\"", tag));
  EXPECT_TRUE(if_none_match("\"x\",\"1f-abc\" ", tag));
  EXPECT_TRUE(if_none_match("W/\"1f-abc\"", tag));  // weak comparison
  EXPECT_TRUE(if_none_match("\"1f-abc\"", "W/\"1f-abc\""));
  EXPECT_TRUE(if_none_match("*", tag));
  EXPECT_TRUE(if_none_match("\"a,b\", \"1f-abc\"", tag));  // commas inside a tag
  EXPECT_FALSE(if_none_match("\"1f-abd\"", tag));
  EXPECT_FALSE(if_none_match("\"x\", W/\"y\"", tag));
  EXPECT_FALSE(if_none_match("1f-abc", tag));  // unquoted: malformed
  EXPECT_FALSE(if_none_match("", tag));
  EXPECT_FALSE(if_none_match("\"1f-abc", tag));
}

TEST_F(StaticFiles, ETagDependsOnSizeMtimeAndVariant) {
  const auto t = fs::file_time_type::clock::now();
  const std::string plain = make_etag(31, t, false);
  EXPECT_EQ(plain.front(), '"');
  EXPECT_EQ(plain.back(), '"');
  EXPECT_NE(plain, make_etag(31, t, true));
  EXPECT_NE(plain, make_etag(32, t, false));
  EXPECT_NE(plain, make_etag(31, t + std::chrono::seconds(1), false));
  EXPECT_EQ(plain, make_etag(31, t, false));
}

TEST_F(StaticFiles, HttpDate) {
  EXPECT_EQ(http_date(std::chrono::system_clock::time_point{}), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(std::chrono::system_clock::from_time_t(784111777)),
            "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST_F(StaticFiles, ParsesImfFixdateOnly) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_http_date(" Sun, 06 Nov 1994 08:49:37 GMT "), 784111777);
  EXPECT_EQ(parse_http_date(http_date(std::chrono::system_clock::from_time_t(1790000000))),
            1790000000);
  // RFC 850 and asctime forms are obsolete; a date we cannot read is ignored.
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun Nov  6 08:49:37 1994"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
  EXPECT_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT"));
  EXPECT_FALSE(parse_http_date("Xyz, 06 Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nox 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 0x Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST_F(StaticFiles, ParsesOneByteRange) {
  using Kind = RangeRequest::Kind;
  const auto range = [](std::string_view header, std::uint64_t size) {
    const RangeRequest r = parse_range(header, size);
    EXPECT_EQ(r.kind, Kind::kSatisfiable) << header;
    return r.range;
  };
  EXPECT_EQ(range("bytes=0-9", 100), (ByteRange{0, 9}));
  EXPECT_EQ(range("bytes=90-", 100), (ByteRange{90, 99}));
  EXPECT_EQ(range("bytes=-10", 100), (ByteRange{90, 99}));
  EXPECT_EQ(range("bytes=-1000", 100), (ByteRange{0, 99}));  // more than there is: all of it
  EXPECT_EQ(range("bytes=10-1000", 100), (ByteRange{10, 99}));
  EXPECT_EQ(range("bytes=99-99", 100), (ByteRange{99, 99}));
  EXPECT_EQ(range("Bytes=1-2 ", 100), (ByteRange{1, 2}));
  EXPECT_EQ(range("bytes=5-99999999999999999999999", 100), (ByteRange{5, 99}));
}

TEST_F(StaticFiles, RangeOutsideTheFileIsUnsatisfiable) {
  using Kind = RangeRequest::Kind;
  EXPECT_EQ(parse_range("bytes=100-", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=100-200", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-5", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=99999999999999999999999-", 100).kind, Kind::kUnsatisfiable);
}

TEST_F(StaticFiles, RangeThatDoesNotParseOrAsksForSeveralIsIgnored) {
  using Kind = RangeRequest::Kind;
  for (const std::string_view header :
       {"bytes=5-2", "items=0-1", "bytes=0-1,4-5", "bytes=abc", "bytes=", "bytes=-", "bytes=1",
        "bytes=--5", "bytes=+1-2", "0-1", ""}) {
    EXPECT_EQ(parse_range(header, 100).kind, Kind::kIgnore) << header;
  }
}

TEST_F(StaticFiles, IfRangeNeedsAStrongMatch) {
  EXPECT_TRUE(if_range_matches("\"abc\"", "\"abc\"", "Sun, 06 Nov 1994 08:49:37 GMT"));
  EXPECT_TRUE(if_range_matches("Sun, 06 Nov 1994 08:49:37 GMT", "\"abc\"",
                               "Sun, 06 Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(if_range_matches("W/\"abc\"", "\"abc\"", "x"));
  EXPECT_FALSE(if_range_matches("\"abd\"", "\"abc\"", "x"));
  EXPECT_FALSE(if_range_matches("\"abc\"", "W/\"abc\"", "x"));
  EXPECT_FALSE(if_range_matches("Mon, 07 Nov 1994 08:49:37 GMT", "\"abc\"",
                                "Sun, 06 Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(if_range_matches("", "\"abc\"", ""));
}

TEST_F(StaticFiles, AppRoutesGetTheShellAssetsDoNot) {
  for (const std::string_view target :
       {"/dashboard", "/mocs", "/mocs/new", "/mocs/123", "/mocs/123/", "/wishlist", "/gallery",
        "/board", "/board/alice", "/messages/bob", "/notifications", "/status", "/settings",
        "/signup", "/a/b/c/d", "/mocs/x?y=1.js", "/.well-known-not/route"}) {
    EXPECT_TRUE(is_app_route(*decode_path_segments(target))) << target;
  }
  for (const std::string_view target : {"/",
                                        "/api",
                                        "/api/mocs",
                                        "/api/nope/deeper",
                                        "/socket.io",
                                        "/socket.io/x",
                                        "/healthz",
                                        "/healthz/x",
                                        "/metrics",
                                        "/assets",
                                        "/assets/",
                                        "/assets/app",
                                        "/covers/x",
                                        "/covers/x.png",
                                        "/fonts/Inter",
                                        "/x.js",
                                        "/mocs/1.json",
                                        "/favicon.ico",
                                        "/app.0123456789ab.wasm",
                                        "/mocs/..",
                                        "/mocs/.",
                                        "//mocs",
                                        "/mocs//1",
                                        "/a:b/c"}) {
    EXPECT_FALSE(is_app_route(*decode_path_segments(target))) << target;
  }
  EXPECT_FALSE(is_app_route({}));
}

TEST_F(StaticFiles, ServesGzipSiblingOnlyWhenAccepted) {
  const Segments wasm{"assets", "app.0123456789ab.wasm"};
  const auto gz = find_static_file(root_, wasm, "gzip, deflate");
  ASSERT_TRUE(gz);
  EXPECT_TRUE(gz->gzip);
  EXPECT_TRUE(gz->vary_accept_encoding);
  EXPECT_EQ(gz->size, 10u);
  EXPECT_EQ(gz->content_type, "application/wasm");
  EXPECT_EQ(gz->cache_control, kCacheImmutable);
  EXPECT_EQ(gz->path.filename(), "app.0123456789ab.wasm.gz");

  const auto plain = find_static_file(root_, wasm, "gzip;q=0");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->gzip);
  EXPECT_TRUE(plain->vary_accept_encoding);
  EXPECT_EQ(plain->size, 100u);
  EXPECT_NE(plain->etag, gz->etag);

  const auto css = find_static_file(root_, {"assets", "style.css"}, "gzip");
  ASSERT_TRUE(css);
  EXPECT_FALSE(css->gzip);
  EXPECT_FALSE(css->vary_accept_encoding);
  EXPECT_EQ(css->cache_control, kCacheRevalidate);
  EXPECT_FALSE(css->last_modified.empty());

  // The .gz itself, asked for by name, is just a gzip file.
  const auto raw = find_static_file(root_, {"assets", "app.0123456789ab.wasm.gz"}, "gzip");
  ASSERT_TRUE(raw);
  EXPECT_FALSE(raw->gzip);
  EXPECT_EQ(raw->content_type, "application/gzip");
}

TEST_F(StaticFiles, GzipSiblingEscapingRootIsIgnored) {
  write(base_ / "style.css.gz", "outside");
  fs::create_symlink(base_ / "style.css.gz", root_ / "assets" / "style.css.gz");
  const auto css = find_static_file(root_, {"assets", "style.css"}, "gzip");
  ASSERT_TRUE(css);
  EXPECT_FALSE(css->gzip);
  EXPECT_EQ(css->size, 6u);
}

}  // namespace
}  // namespace dashboard::server::http
