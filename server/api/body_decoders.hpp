// body_decoders: request bodies of the JSON API into store types, with the
// model's rules plus the API's limits. Errors name the field and the rule
// (`coveragePercentage: must be a number between 0 and 100`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace dashboard::server::api {

// Limits, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxTheme = 60;
inline constexpr std::size_t kMaxName = 200;
inline constexpr std::size_t kMaxSetNumber = 20;
inline constexpr std::size_t kMaxUrl = 2048;

// POST /api/mocs: title and theme required; buildStatus (default ADDED),
// partsCoverageStatus (default NONE), coveragePercentage (default 0) and
// coverImageUrl (http(s) URL or site path, or null) optional.
core::Result<store::NewMoc> decode_new_moc(std::string_view body);

// POST /api/mocs/import: {mocs: [<as POST /api/mocs>, ...]}, 1 to kMaxImport
// of them; an error names the element (`mocs[3].title: must not be empty`).
inline constexpr std::size_t kMaxImport = 1000;
core::Result<std::vector<store::NewMoc>> decode_moc_import(std::string_view body);

// PATCH /api/mocs/{id}: any of the fields above; at least one.
core::Result<store::MocPatch> decode_moc_patch(std::string_view body);

struct NewWishlistItem {
  std::string name;
  std::optional<std::string> set_number;
};
core::Result<NewWishlistItem> decode_wishlist_item(std::string_view body);

// POST /api/shares: {username, role: "viewer" | "editor"}.
inline constexpr std::size_t kMaxUsername = 64;
struct NewShare {
  std::string username;
  store::BoardRole role = store::BoardRole::Viewer;
};
core::Result<NewShare> decode_share(std::string_view body);

struct NewSet {
  std::string set_number;
  std::string name;
  std::string theme;
};
core::Result<NewSet> decode_set(std::string_view body);

struct LoginRequest {
  std::string username;
  std::string password;
};
core::Result<LoginRequest> decode_login(std::string_view body);

// POST /api/auth/password: {"currentPassword","newPassword"}.
struct PasswordChange {
  std::string current_password;
  std::string new_password;
};
core::Result<PasswordChange> decode_password_change(std::string_view body);

}  // namespace dashboard::server::api
