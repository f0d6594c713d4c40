#include "core/client/route.hpp"

namespace dashboard::core::client {
namespace {

constexpr std::string_view kProduct = "MOC Dashboard";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A MOC id from the address: decoded, and one path segment of printable text.
std::optional<std::string> id_segment(std::string_view raw) {
  std::optional<std::string> id = decode_percent(raw);
  if (!id || id->empty()) return std::nullopt;
  for (const char c : *id) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || u < 0x20 || u == 0x7F) return std::nullopt;
  }
  return id;
}

}  // namespace

std::optional<std::string> decode_percent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::string encode_path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

Route parse_route(std::string_view target) {
  std::string_view path = target;
  std::string_view query;
  if (const auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  if (const auto mark = path.find('?'); mark != std::string_view::npos) {
    query = path.substr(mark + 1);
    path = path.substr(0, mark);
  }
  Route route;
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);
  if (trimmed.empty() || trimmed == "/" || trimmed == "/dashboard") return route;
  if (trimmed == "/mocs") {
    route.page = Page::Mocs;
    route.query = std::string(query);
    return route;
  }
  if (trimmed == "/mocs/new") {
    route.page = Page::AddMoc;
    return route;
  }
  if (trimmed == "/wishlist") {
    route.page = Page::Wishlist;
    return route;
  }
  if (trimmed == "/gallery") {
    route.page = Page::Gallery;
    return route;
  }
  if (trimmed == "/board") {
    route.page = Page::Board;
    return route;
  }
  if (trimmed == "/status") {
    route.page = Page::Status;
    return route;
  }
  if (trimmed == "/board/sharing") {
    route.page = Page::Sharing;
    return route;
  }
  if (trimmed == "/notifications") {
    route.page = Page::Notifications;
    return route;
  }
  if (trimmed == "/signup") {
    route.page = Page::SignUp;
    return route;
  }
  if (trimmed == "/account/password") {
    route.page = Page::Password;
    return route;
  }
  if (trimmed == "/messages") {
    route.page = Page::Messages;
    return route;
  }
  constexpr std::string_view kMessagesPrefix = "/messages/";
  if (trimmed.substr(0, kMessagesPrefix.size()) == kMessagesPrefix) {
    const std::string_view rest = trimmed.substr(kMessagesPrefix.size());
    if (rest.find('/') == std::string_view::npos) {
      if (std::optional<std::string> peer = id_segment(rest)) {
        route.page = Page::Messages;
        route.peer = std::move(*peer);
        return route;
      }
    }
  }
  constexpr std::string_view kBoardPrefix = "/board/";
  if (trimmed.substr(0, kBoardPrefix.size()) == kBoardPrefix) {
    const std::string_view rest = trimmed.substr(kBoardPrefix.size());
    if (rest.find('/') == std::string_view::npos) {
      if (std::optional<std::string> owner = id_segment(rest)) {
        route.page = Page::Board;
        route.board_owner = std::move(*owner);
        return route;
      }
    }
  }
  constexpr std::string_view kMocPrefix = "/mocs/";
  if (trimmed.substr(0, kMocPrefix.size()) == kMocPrefix) {
    const std::string_view rest = trimmed.substr(kMocPrefix.size());
    if (rest.find('/') == std::string_view::npos) {
      if (std::optional<std::string> id = id_segment(rest)) {
        route.page = Page::Moc;
        route.moc_id = std::move(*id);
        return route;
      }
    }
  }
  route.page = Page::NotFound;
  route.path = std::string(path.empty() ? "/" : path);
  return route;
}

std::string route_path(const Route& route) {
  switch (route.page) {
    case Page::Dashboard:
      return "/dashboard";
    case Page::Mocs:
      return route.query.empty() ? "/mocs" : "/mocs?" + route.query;
    case Page::AddMoc:
      return "/mocs/new";
    case Page::Moc:
      return "/mocs/" + encode_path_segment(route.moc_id);
    case Page::Wishlist:
      return "/wishlist";
    case Page::Gallery:
      return "/gallery";
    case Page::Board:
      return route.board_owner.empty() ? "/board"
                                       : "/board/" + encode_path_segment(route.board_owner);
    case Page::Sharing:
      return "/board/sharing";
    case Page::Notifications:
      return "/notifications";
    case Page::SignUp:
      return "/signup";
    case Page::Password:
      return "/account/password";
    case Page::Messages:
      return route.peer.empty() ? "/messages" : "/messages/" + encode_path_segment(route.peer);
    case Page::Status:
      return "/status";
    case Page::NotFound:
      return route.path.empty() ? "/" : route.path;
  }
  return "/dashboard";
}

std::string document_title(const Route& route, std::string_view moc_title) {
  std::string page;
  switch (route.page) {
    case Page::Dashboard:
      return std::string(kProduct);
    case Page::Mocs:
      page = "MOCs";
      break;
    case Page::AddMoc:
      page = "Add MOC";
      break;
    case Page::Moc:
      page = moc_title.empty() ? "MOC" : std::string(moc_title);
      break;
    case Page::Wishlist:
      page = "Wishlist";
      break;
    case Page::Gallery:
      page = "Gallery";
      break;
    case Page::Board:
      page = route.board_owner.empty() ? "Board" : route.board_owner + "\xE2\x80\x99s board";
      break;
    case Page::Sharing:
      page = "Sharing";
      break;
    case Page::Notifications:
      page = "Notifications";
      break;
    case Page::SignUp:
      page = "Create an account";
      break;
    case Page::Password:
      page = "Change password";
      break;
    case Page::Messages:
      page = route.peer.empty() ? "Messages" : route.peer + " \xC2\xB7 Messages";
      break;
    case Page::Status:
      page = "System status";
      break;
    case Page::NotFound:
      page = "Page not found";
      break;
  }
  return page + " \xC2\xB7 " + std::string(kProduct);
}

}  // namespace dashboard::core::client
