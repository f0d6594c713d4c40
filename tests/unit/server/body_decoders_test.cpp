// Request body decoders: every rule, valid and invalid, with the exact
// error text the API returns (`field: rule`).
// [SECTION] Helpers
// [SECTION] POST /api/mocs
// [SECTION] PATCH /api/mocs/{id}
// [SECTION] Wishlist, sets, login
// [SECTION] Bodies that are not JSON objects
#include "api/body_decoders.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace dashboard::server::api {
namespace {

using core::BuildStatus;
using core::PartsCoverageStatus;

// [SECTION] Helpers

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// The error text, or "<ok>" when the body decoded.
template <typename T>
std::string error_of(const core::Result<T>& result) {
  return result ? "<ok>" : result.error().to_string();
}

// A valid MOC body with `extra` members appended ("" for none).
std::string moc_body(const std::string& extra) {
  return R"({"title":"Galaxy Explorer","theme":"Space")" + (extra.empty() ? "" : "," + extra) + "}";
}

std::string moc_with_title(const std::string& title) {
  return R"({"title":")" + title + R"(","theme":"Space"})";
}

std::string moc_with_cover(const std::string& json_value) {
  return moc_body(R"("coverImageUrl":)" + json_value);
}

const std::string kCoverRule =
    "coverImageUrl: must be an http(s) URL, a path on this site, or null";
const std::string kPercentRule = "coveragePercentage: must be a number between 0 and 100";
const std::string kEmptyPatch =
    "body must set at least one of title, theme, buildStatus, partsCoverageStatus, "
    "coveragePercentage, coverImageUrl, boardRank";

// [SECTION] POST /api/mocs

TEST(BodyDecoders, NewMocDefaultsOptionalFields) {
  const auto moc = decode_new_moc(moc_body(""));
  ASSERT_TRUE(moc) << error_of(moc);
  EXPECT_EQ(moc->title, "Galaxy Explorer");
  EXPECT_EQ(moc->theme, "Space");
  EXPECT_EQ(moc->build_status, BuildStatus::Added);
  EXPECT_EQ(moc->parts_coverage_status, PartsCoverageStatus::None);
  EXPECT_EQ(moc->coverage_percentage, 0);
  EXPECT_EQ(moc->cover_image_url, std::nullopt);
}

TEST(BodyDecoders, NewMocReadsEveryField) {
  const auto moc = decode_new_moc(moc_body(
      R"("buildStatus":"IN_PROGRESS","partsCoverageStatus":"PARTIAL_ORDERED",)"
      R"("coveragePercentage":72.5,"coverImageUrl":"https://img.example/g.png","extra":[1])"));
  ASSERT_TRUE(moc) << error_of(moc);
  EXPECT_EQ(moc->build_status, BuildStatus::InProgress);
  EXPECT_EQ(moc->parts_coverage_status, PartsCoverageStatus::PartialOrdered);
  EXPECT_EQ(moc->coverage_percentage, 72.5);
  EXPECT_EQ(moc->cover_image_url, "https://img.example/g.png");
}

TEST(BodyDecoders, NewMocAcceptsEveryStatusName) {
  const std::pair<const char*, BuildStatus> builds[] = {{"ADDED", BuildStatus::Added},
                                                        {"IN_PROGRESS", BuildStatus::InProgress},
                                                        {"BUILT", BuildStatus::Built}};
  for (const auto& [name, status] : builds) {
    const auto moc = decode_new_moc(moc_body(R"("buildStatus":")" + std::string(name) + "\""));
    ASSERT_TRUE(moc) << name << ": " << error_of(moc);
    EXPECT_EQ(moc->build_status, status);
  }
  const std::pair<const char*, PartsCoverageStatus> coverages[] = {
      {"FULL_INVENTORY", PartsCoverageStatus::FullInventory},
      {"PARTIAL_ORDERED", PartsCoverageStatus::PartialOrdered},
      {"NONE", PartsCoverageStatus::None}};
  for (const auto& [name, status] : coverages) {
    const auto moc =
        decode_new_moc(moc_body(R"("partsCoverageStatus":")" + std::string(name) + "\""));
    ASSERT_TRUE(moc) << name << ": " << error_of(moc);
    EXPECT_EQ(moc->parts_coverage_status, status);
  }
}

TEST(BodyDecoders, NewMocRequiresTitle) {
  EXPECT_EQ(error_of(decode_new_moc(R"({"theme":"Space"})")), "title: is required");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"","theme":"Space"})")),
            "title: must not be empty");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":5,"theme":"Space"})")), "title: must be a string");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":null,"theme":"Space"})")),
            "title: must be a string");
  // The first broken rule is the one reported.
  EXPECT_EQ(error_of(decode_new_moc("{}")), "title: is required");
}

TEST(BodyDecoders, NewMocRequiresTheme) {
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"T"})")), "theme: is required");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"T","theme":""})")), "theme: must not be empty");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"T","theme":["Space"]})")),
            "theme: must be a string");
}

TEST(BodyDecoders, TitleLimitCountsCodePoints) {
  EXPECT_EQ(error_of(decode_new_moc(moc_with_title(repeat("a", 200)))), "<ok>");
  EXPECT_EQ(error_of(decode_new_moc(moc_with_title(repeat("a", 201)))),
            "title: must be at most 200 characters");
  // 200 two-byte and four-byte characters are 400 and 800 bytes, still 200 characters.
  const auto accented = decode_new_moc(moc_with_title(repeat("\xC3\xA9", 200)));
  ASSERT_TRUE(accented) << error_of(accented);
  EXPECT_EQ(accented->title.size(), 400u);
  EXPECT_EQ(error_of(decode_new_moc(moc_with_title(repeat("\xF0\x9F\xA7\xB1", 200)))), "<ok>");
  EXPECT_EQ(error_of(decode_new_moc(moc_with_title(repeat("\xC3\xA9", 201)))),
            "title: must be at most 200 characters");
}

TEST(BodyDecoders, ThemeLimitIs60Characters) {
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"T","theme":")" + repeat("\xC3\xA9", 60) + "\"}")),
            "<ok>");
  EXPECT_EQ(error_of(decode_new_moc(R"({"title":"T","theme":")" + repeat("t", 61) + "\"}")),
            "theme: must be at most 60 characters");
}

TEST(BodyDecoders, NewMocRejectsUnknownStatuses) {
  for (const char* bad : {R"("DONE")", R"("added")", "null", "1"}) {
    EXPECT_EQ(error_of(decode_new_moc(moc_body(std::string(R"("buildStatus":)") + bad))),
              "buildStatus: must be one of ADDED, IN_PROGRESS, BUILT")
        << bad;
    EXPECT_EQ(error_of(decode_new_moc(moc_body(std::string(R"("partsCoverageStatus":)") + bad))),
              "partsCoverageStatus: must be one of FULL_INVENTORY, PARTIAL_ORDERED, NONE")
        << bad;
  }
}

TEST(BodyDecoders, CoveragePercentageMustBeWithin0And100) {
  for (const char* good : {"0", "100", "50", "0.5", "99.99"}) {
    EXPECT_EQ(error_of(decode_new_moc(moc_body(std::string(R"("coveragePercentage":)") + good))),
              "<ok>")
        << good;
  }
  for (const char* bad : {"-1", "-0.01", "100.01", "1e3", R"("50")", "null", "true", "[]"}) {
    EXPECT_EQ(error_of(decode_new_moc(moc_body(std::string(R"("coveragePercentage":)") + bad))),
              kPercentRule)
        << bad;
  }
}

TEST(BodyDecoders, CoverImageUrlAcceptsWebUrlsAndSitePaths) {
  for (const char* url : {"https://img.example/g.png", "http://img.example/g.png", "/site/path",
                          "/uploads/a%20b.png?size=2"}) {
    const auto moc = decode_new_moc(moc_with_cover("\"" + std::string(url) + "\""));
    ASSERT_TRUE(moc) << url << ": " << error_of(moc);
    EXPECT_EQ(moc->cover_image_url, url);
  }
  const auto cleared = decode_new_moc(moc_with_cover("null"));
  ASSERT_TRUE(cleared) << error_of(cleared);
  EXPECT_EQ(cleared->cover_image_url, std::nullopt);
}

TEST(BodyDecoders, CoverImageUrlRejectsOtherSchemesAndHosts) {
  for (const char* url :
       {"javascript:alert(1)", "//evil.com/x", "ftp://example.com/x", "data:image/png;base64,AA",
        "", "/", "img.png", "JAVASCRIPT:alert(1)", " https://x.example/a.png"}) {
    EXPECT_EQ(error_of(decode_new_moc(moc_with_cover("\"" + std::string(url) + "\""))), kCoverRule)
        << url;
  }
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover("5"))),
            "coverImageUrl: must be a string or null");
}

TEST(BodyDecoders, CoverImageUrlRejectsSitePathsThatBrowsersReadAsOtherHosts) {
  // WHATWG URL parsing reads '\' as '/' and drops tabs and newlines, so both
  // of these are "//evil.com/...": another host, not a path on this site.
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover(R"("/\\evil.com/x")"))), kCoverRule);
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover(R"("/\t/evil.com/x")"))), kCoverRule);
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover(R"("/\n/evil.com/x")"))), kCoverRule);
}

TEST(BodyDecoders, CoverImageUrlLimitIs2048Characters) {
  const std::string prefix = "https://img.example/";
  const std::string longest = prefix + repeat("a", 2048 - prefix.size());
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover("\"" + longest + "\""))), "<ok>");
  EXPECT_EQ(error_of(decode_new_moc(moc_with_cover("\"" + longest + "a\""))),
            "coverImageUrl: must be at most 2048 characters");
}

TEST(BodyDecoders, NewMocIgnoresUnknownMembers) {
  const auto moc = decode_new_moc(moc_body(R"("id":"forged","userId":2,"createdAt":"x")"));
  ASSERT_TRUE(moc) << error_of(moc);
  EXPECT_EQ(moc->title, "Galaxy Explorer");
}

// [SECTION] PATCH /api/mocs/{id}

TEST(BodyDecoders, PatchSetsOnlyTheGivenFields) {
  const auto patch = decode_moc_patch(R"({"title":"Renamed"})");
  ASSERT_TRUE(patch) << error_of(patch);
  EXPECT_EQ(patch->title, "Renamed");
  EXPECT_FALSE(patch->theme);
  EXPECT_FALSE(patch->build_status);
  EXPECT_FALSE(patch->parts_coverage_status);
  EXPECT_FALSE(patch->coverage_percentage);
  EXPECT_FALSE(patch->cover_image_url);
}

TEST(BodyDecoders, PatchReadsEveryField) {
  const auto patch = decode_moc_patch(
      R"({"title":"T","theme":"Castle","buildStatus":"BUILT","partsCoverageStatus":)"
      R"("PARTIAL_ORDERED","coveragePercentage":40,"coverImageUrl":"/covers/1.png"})");
  ASSERT_TRUE(patch) << error_of(patch);
  EXPECT_EQ(patch->title, "T");
  EXPECT_EQ(patch->theme, "Castle");
  EXPECT_EQ(patch->build_status, BuildStatus::Built);
  EXPECT_EQ(patch->parts_coverage_status, PartsCoverageStatus::PartialOrdered);
  EXPECT_EQ(patch->coverage_percentage, 40.0);
  ASSERT_TRUE(patch->cover_image_url);
  EXPECT_EQ(*patch->cover_image_url, "/covers/1.png");
}

TEST(BodyDecoders, PatchWithNullCoverImageUrlClearsIt) {
  const auto patch = decode_moc_patch(R"({"coverImageUrl":null})");
  ASSERT_TRUE(patch) << error_of(patch);
  ASSERT_TRUE(patch->cover_image_url.has_value());    // change it...
  EXPECT_FALSE(patch->cover_image_url->has_value());  // ...to nothing
}

TEST(BodyDecoders, PatchWithNoKnownFieldIsAnError) {
  EXPECT_EQ(error_of(decode_moc_patch("{}")), kEmptyPatch);
  EXPECT_EQ(error_of(decode_moc_patch(R"({"name":"T","id":"x"})")), kEmptyPatch);
}

TEST(BodyDecoders, PatchAppliesTheSameRulesAsCreate) {
  EXPECT_EQ(error_of(decode_moc_patch(R"({"title":""})")), "title: must not be empty");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"title":null})")), "title: must be a string");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"title":")" + repeat("a", 201) + "\"}")),
            "title: must be at most 200 characters");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"theme":")" + repeat("a", 61) + "\"}")),
            "theme: must be at most 60 characters");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"buildStatus":"DONE"})")),
            "buildStatus: must be one of ADDED, IN_PROGRESS, BUILT");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"partsCoverageStatus":null})")),
            "partsCoverageStatus: must be one of FULL_INVENTORY, PARTIAL_ORDERED, NONE");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"coveragePercentage":101})")), kPercentRule);
  EXPECT_EQ(error_of(decode_moc_patch(R"({"coverImageUrl":"//evil.com/x"})")), kCoverRule);
  EXPECT_EQ(error_of(decode_moc_patch(R"({"title":"ok","coverImageUrl":"javascript:x"})")),
            kCoverRule);
}

// [SECTION] Wishlist, sets, login

TEST(BodyDecoders, WishlistItemSetNumberIsOptional) {
  const auto bare = decode_wishlist_item(R"({"name":"Millennium Falcon"})");
  ASSERT_TRUE(bare) << error_of(bare);
  EXPECT_EQ(bare->name, "Millennium Falcon");
  EXPECT_EQ(bare->set_number, std::nullopt);

  const auto null_number = decode_wishlist_item(R"({"name":"Falcon","setNumber":null})");
  ASSERT_TRUE(null_number) << error_of(null_number);
  EXPECT_EQ(null_number->set_number, std::nullopt);

  const auto numbered = decode_wishlist_item(R"({"name":"Falcon","setNumber":"75192-1"})");
  ASSERT_TRUE(numbered) << error_of(numbered);
  EXPECT_EQ(numbered->set_number, "75192-1");
}

TEST(BodyDecoders, WishlistItemRules) {
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"setNumber":"1"})")), "name: is required");
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"name":""})")), "name: must not be empty");
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"name":")" + repeat("n", 200) + "\"}")), "<ok>");
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"name":")" + repeat("n", 201) + "\"}")),
            "name: must be at most 200 characters");
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"name":"F","setNumber":)" + std::string(R"(")") +
                                          repeat("9", 20) + "\"}")),
            "<ok>");
  EXPECT_EQ(
      error_of(decode_wishlist_item(R"({"name":"F","setNumber":")" + repeat("9", 21) + "\"}")),
      "setNumber: must be at most 20 characters");
  EXPECT_EQ(error_of(decode_wishlist_item(R"({"name":"F","setNumber":75192})")),
            "setNumber: must be a string or null");
}

TEST(BodyDecoders, SetReadsAllThreeFields) {
  const auto set =
      decode_set(R"({"setNumber":"10497-1","name":"Galaxy Explorer","theme":"Space"})");
  ASSERT_TRUE(set) << error_of(set);
  EXPECT_EQ(set->set_number, "10497-1");
  EXPECT_EQ(set->name, "Galaxy Explorer");
  EXPECT_EQ(set->theme, "Space");
}

TEST(BodyDecoders, SetRequiresSetNumberNameAndTheme) {
  EXPECT_EQ(error_of(decode_set(R"({"name":"N","theme":"T"})")), "setNumber: is required");
  EXPECT_EQ(error_of(decode_set(R"({"setNumber":"1","theme":"T"})")), "name: is required");
  EXPECT_EQ(error_of(decode_set(R"({"setNumber":"1","name":"N"})")), "theme: is required");
  EXPECT_EQ(error_of(decode_set(R"({"setNumber":null,"name":"N","theme":"T"})")),
            "setNumber: must be a string");
  EXPECT_EQ(error_of(decode_set(R"({"setNumber":"","name":"N","theme":"T"})")),
            "setNumber: must not be empty");
  EXPECT_EQ(
      error_of(decode_set(R"({"setNumber":")" + repeat("1", 21) + R"(","name":"N","theme":"T"})")),
      "setNumber: must be at most 20 characters");
  EXPECT_EQ(
      error_of(decode_set(R"({"setNumber":"1","name":")" + repeat("n", 201) + R"(","theme":"T"})")),
      "name: must be at most 200 characters");
  EXPECT_EQ(
      error_of(decode_set(R"({"setNumber":"1","name":"N","theme":")" + repeat("t", 61) + "\"}")),
      "theme: must be at most 60 characters");
}

TEST(BodyDecoders, LoginRequiresUsernameAndPassword) {
  const auto login = decode_login(R"({"username":"alice","password":"s3cret pass"})");
  ASSERT_TRUE(login) << error_of(login);
  EXPECT_EQ(login->username, "alice");
  EXPECT_EQ(login->password, "s3cret pass");

  EXPECT_EQ(error_of(decode_login(R"({"password":"p"})")), "username: is required");
  EXPECT_EQ(error_of(decode_login(R"({"username":"alice"})")), "password: is required");
  EXPECT_EQ(error_of(decode_login(R"({"username":"alice","password":""})")),
            "password: must not be empty");
  EXPECT_EQ(error_of(decode_login(R"({"username":1,"password":"p"})")),
            "username: must be a string");
}

TEST(BodyDecoders, LoginLimits) {
  const auto body = [](std::size_t user_len, std::size_t pass_len) {
    return R"({"username":")" + repeat("u", user_len) + R"(","password":")" +
           repeat("p", pass_len) + "\"}";
  };
  EXPECT_EQ(error_of(decode_login(body(64, 256))), "<ok>");
  EXPECT_EQ(error_of(decode_login(body(65, 1))), "username: must be at most 64 characters");
  EXPECT_EQ(error_of(decode_login(body(1, 257))), "password: must be at most 256 characters");
}

// [SECTION] Bodies that are not JSON objects

TEST(BodyDecoders, InvalidJsonNamesTheOffset) {
  EXPECT_EQ(error_of(decode_new_moc("")), "invalid JSON at offset 0: The document is empty.");
  EXPECT_EQ(error_of(decode_moc_patch(R"({"title":"T",})")),
            "invalid JSON at offset 13: Missing a name for object member.");
  EXPECT_EQ(error_of(decode_login("{\"username\":\"a\"} trailing")),
            "invalid JSON at offset 17: The document root must not be followed by other values.");
  EXPECT_EQ(error_of(decode_set("{")),
            "invalid JSON at offset 1: Missing a name for object member.");
}

// 200,000 '[' overflowed the stack of a recursive parser: a crash from one
// unauthenticated request. Now a 400 like any other bad body.
TEST(BodyDecoders, DeepNestingIsRejectedNotRecursedInto) {
  const std::string deep = R"({"title":)" + repeat("[", 200000);
  EXPECT_EQ(error_of(decode_login(deep)), "JSON nested deeper than 64 levels");
  EXPECT_EQ(error_of(decode_new_moc(repeat("[", 65) + repeat("]", 65))),
            "JSON nested deeper than 64 levels");
}

TEST(BodyDecoders, InvalidUtf8IsRejected) {
  const std::string body = "{\"title\":\"\xC3\",\"theme\":\"Space\"}";
  EXPECT_EQ(error_of(decode_new_moc(body)).rfind("invalid JSON at offset ", 0), 0u)
      << error_of(decode_new_moc(body));
}

TEST(BodyDecoders, NonObjectRootsAreRejected) {
  for (const char* root : {"[]", R"(["title"])", R"("text")", "42", "null", "true"}) {
    EXPECT_EQ(error_of(decode_new_moc(root)), "must be an object") << root;
    EXPECT_EQ(error_of(decode_moc_patch(root)), "must be an object") << root;
    EXPECT_EQ(error_of(decode_wishlist_item(root)), "must be an object") << root;
    EXPECT_EQ(error_of(decode_set(root)), "must be an object") << root;
    EXPECT_EQ(error_of(decode_login(root)), "must be an object") << root;
  }
}

}  // namespace
}  // namespace dashboard::server::api
