#include "core/client/route.hpp"

#include <gtest/gtest.h>

namespace dashboard::core::client {
namespace {

TEST(Route, EverySectionByItsPath) {
  EXPECT_EQ(parse_route("/dashboard").page, Page::Dashboard);
  EXPECT_EQ(parse_route("/").page, Page::Dashboard);
  EXPECT_EQ(parse_route("").page, Page::Dashboard);
  EXPECT_EQ(parse_route("/mocs").page, Page::Mocs);
  EXPECT_EQ(parse_route("/mocs/new").page, Page::AddMoc);
  EXPECT_EQ(parse_route("/wishlist").page, Page::Wishlist);
  EXPECT_EQ(parse_route("/gallery").page, Page::Gallery);
  EXPECT_EQ(parse_route("/board").page, Page::Board);
  EXPECT_EQ(parse_route("/board/sharing").page, Page::Sharing);
  EXPECT_EQ(parse_route("/status").page, Page::Status);
  EXPECT_EQ(parse_route("/status/").page, Page::Status);
  EXPECT_EQ(document_title(parse_route("/status")), "System status \xC2\xB7 MOC Dashboard");
}

TEST(Route, TheAccountPages) {
  EXPECT_EQ(parse_route("/signup").page, Page::SignUp);
  EXPECT_EQ(parse_route("/account/password/").page, Page::Password);
  EXPECT_EQ(route_path(parse_route("/signup")), "/signup");
  EXPECT_EQ(route_path(parse_route("/account/password")), "/account/password");
  EXPECT_EQ(document_title(parse_route("/signup")), "Create an account \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(parse_route("/account").page, Page::NotFound);
}

TEST(Route, ASharedBoardByItsOwner) {
  const Route r = parse_route("/board/bob%20b?x=1");
  EXPECT_EQ(r.page, Page::Board);
  EXPECT_EQ(r.board_owner, "bob b");
  EXPECT_EQ(route_path(r), "/board/bob%20b");
  EXPECT_EQ(parse_route("/board").board_owner, "");
  EXPECT_EQ(parse_route("/board/a/b").page, Page::NotFound);
  EXPECT_EQ(document_title(r), "bob b\xE2\x80\x99s board \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/board")), "Board \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/board/sharing")), "Sharing \xC2\xB7 MOC Dashboard");
}

TEST(Route, TheMessagesListAndAConversationByThePeer) {
  EXPECT_EQ(parse_route("/messages").page, Page::Messages);
  EXPECT_EQ(parse_route("/messages/").peer, "");
  const Route r = parse_route("/messages/bob%20b?x=1");
  EXPECT_EQ(r.page, Page::Messages);
  EXPECT_EQ(r.peer, "bob b");
  EXPECT_EQ(route_path(r), "/messages/bob%20b");
  EXPECT_EQ(route_path(parse_route("/messages")), "/messages");
  EXPECT_EQ(parse_route("/messages/a/b").page, Page::NotFound);
  EXPECT_EQ(document_title(r), "bob b \xC2\xB7 Messages \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/messages")), "Messages \xC2\xB7 MOC Dashboard");
}

TEST(Route, OneMocByIdDecoded) {
  const Route r = parse_route("/mocs/5f0c%20x?from=dashboard#top");
  EXPECT_EQ(r.page, Page::Moc);
  EXPECT_EQ(r.moc_id, "5f0c x");
  EXPECT_EQ(route_path(r), "/mocs/5f0c%20x");
}

TEST(Route, TrailingSlashQueryAndFragmentAreIgnored) {
  EXPECT_EQ(parse_route("/gallery/").page, Page::Gallery);
  EXPECT_EQ(parse_route("/wishlist?x=1#y").page, Page::Wishlist);
  const Route mocs = parse_route("/mocs/?q=tower&sort=title");
  EXPECT_EQ(mocs.page, Page::Mocs);
  EXPECT_EQ(mocs.query, "q=tower&sort=title");
  EXPECT_EQ(route_path(mocs), "/mocs?q=tower&sort=title");
}

TEST(Route, AnythingElseIsNotFound) {
  for (const char* path : {"/mocs/a/b", "/nope", "/mocs/%2", "/mocs/%2Fa", "/mocs/%0A", "/api/mocs",
                           "/dashboards", "/mocsx"}) {
    const Route r = parse_route(path);
    EXPECT_EQ(r.page, Page::NotFound) << path;
  }
  const Route r = parse_route("/nope?x=1");
  EXPECT_EQ(r.path, "/nope");
  EXPECT_EQ(route_path(r), "/nope");
}

TEST(Route, PathsRoundTrip) {
  for (const char* path : {"/dashboard", "/mocs", "/mocs/new", "/mocs/abc-123", "/wishlist",
                           "/gallery", "/mocs?q=a%20b", "/board", "/board/bob", "/board/sharing",
                           "/messages", "/messages/bob", "/notifications", "/status"}) {
    EXPECT_EQ(route_path(parse_route(path)), path);
  }
  // An id that spells "new" cannot be reached by its path: it is the form.
  Route moc;
  moc.page = Page::Moc;
  moc.moc_id = "a/b";
  EXPECT_EQ(route_path(moc), "/mocs/a%2Fb");
  EXPECT_EQ(parse_route("/mocs/a%2Fb").page, Page::NotFound);
}

TEST(Route, DocumentTitles) {
  EXPECT_EQ(document_title(parse_route("/dashboard")), "MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/mocs")), "MOCs \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/mocs/x"), "Harbour Crane"),
            "Harbour Crane \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/mocs/x")), "MOC \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/mocs/new")), "Add MOC \xC2\xB7 MOC Dashboard");
  EXPECT_EQ(document_title(parse_route("/zzz")), "Page not found \xC2\xB7 MOC Dashboard");
}

TEST(Route, PercentDecoding) {
  EXPECT_EQ(decode_percent("a%41%c3%a9"), "aA\xC3\xA9");
  EXPECT_EQ(decode_percent("%"), std::nullopt);
  EXPECT_EQ(decode_percent("%4"), std::nullopt);
  EXPECT_EQ(decode_percent("%zz"), std::nullopt);
  EXPECT_EQ(encode_path_segment("a b/\xC3\xA9"), "a%20b%2F%C3%A9");
}

}  // namespace
}  // namespace dashboard::core::client
