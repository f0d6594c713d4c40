// route: the client's pages and the paths that lead to them. The browser's
// address, a link on the dashboard and the native client's --route all go
// through parse_route, so a deep link, a reload and a click land on the
// same page; route_path is its inverse.
//
//   Route r = parse_route("/mocs/5f0c...?from=dashboard");  // {Page::Moc, "5f0c..."}
//   route_path(r);                                          // "/mocs/5f0c..."
//   document_title(r, "Harbour Crane");                     // "Harbour Crane · MOC Dashboard"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dashboard::core::client {

enum class Page {
  Dashboard,
  Mocs,
  AddMoc,
  Moc,
  Wishlist,
  Gallery,
  Board,
  Sharing,
  Messages,
  Notifications,
  Status,
  SignUp,    // /signup: shown while signed out
  Password,  // /account/password: change the signed-in user's password
  NotFound
};

struct Route {
  Page page = Page::Dashboard;
  std::string moc_id;       // Page::Moc: the id, percent-decoded
  std::string query;        // Page::Mocs: the search part without '?', e.g. "q=tower&sort=title"
  std::string path;         // Page::NotFound: the path asked for
  std::string board_owner;  // Page::Board: a shared board's owner; empty: one's own
  std::string peer;         // Page::Messages: the conversation open; empty: the list

  bool operator==(const Route&) const = default;
};

// The route for a path as the address bar holds it (an optional "?query"
// and "#fragment" follow). "/" is the dashboard; a trailing slash is
// ignored; an id segment is percent-decoded and must not be empty or hold
// a '/' or a control character. Anything else is Page::NotFound.
Route parse_route(std::string_view target);

// The canonical path of `route` (with "?query" for the MOCs page when set).
std::string route_path(const Route& route);

// What the browser tab shows: "MOCs · MOC Dashboard". `moc_title` names
// the open MOC (Page::Moc); without it the page says "MOC".
std::string document_title(const Route& route, std::string_view moc_title = {});

// Unreserved characters (RFC 3986) pass; everything else becomes %XX, so
// an id can never escape its path segment.
std::string encode_path_segment(std::string_view text);

// %XX sequences decoded; nullopt for a malformed escape.
std::optional<std::string> decode_percent(std::string_view text);

}  // namespace dashboard::core::client
