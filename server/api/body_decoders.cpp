#include "api/body_decoders.hpp"

#include <algorithm>

#include "core/board_rank.hpp"
#include "core/json_fields.hpp"

namespace dashboard::server::api {
namespace {

using core::Error;
using core::JsonPath;
using rapidjson::Value;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool within(const std::string& value, std::size_t max, std::string_view key, Error& error,
            const JsonPath& at = JsonPath()) {
  if (code_points(value) <= max) return true;
  return core::fail(error, at.field(key), "must be at most " + std::to_string(max) + " characters");
}

bool not_empty(const std::string& value, std::string_view key, Error& error) {
  return !value.empty() || core::fail(error, JsonPath().field(key), "must not be empty");
}

// A required, bounded, non-empty string.
bool bounded_string(const Value& body, std::string_view key, std::size_t max, std::string& out,
                    Error& error, const JsonPath& at = JsonPath()) {
  return core::read_string(body, key, at, out, error) && within(out, max, key, error, at);
}

bool cover_url(const Value& body, std::optional<std::string>& out, Error& error,
               const JsonPath& at = JsonPath()) {
  if (!core::read_nullable_string(body, "coverImageUrl", at, out, error)) return false;
  if (!out) return true;
  const std::string& url = *out;
  // Browsers read "\\" as "/" and drop tabs and newlines, so "/\\evil.com"
  // would load from another host: no control characters or backslashes.
  const bool clean = std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\';
  });
  const bool web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  const bool site_path = url.size() > 1 && url[0] == '/' && url[1] != '/';
  if (!clean || (!web && !site_path)) {
    return core::fail(error, at.field("coverImageUrl"),
                      "must be an http(s) URL, a path on this site, or null");
  }
  return within(url, kMaxUrl, "coverImageUrl", error, at);
}

bool parse_object(std::string_view body, rapidjson::Document& doc, Error& error) {
  return core::parse_json(body, doc, error) && core::expect_object(doc, JsonPath(), error);
}

bool has(const Value& body, std::string_view key) {
  return core::find_member(body, key) != nullptr;
}

// One new MOC: the object at `at` (the body, or an element of an import).
bool read_new_moc(const Value& obj, const JsonPath& at, store::NewMoc& moc, Error& error) {
  return core::expect_object(obj, at, error) &&
         bounded_string(obj, "title", kMaxTitle, moc.title, error, at) &&
         bounded_string(obj, "theme", kMaxTheme, moc.theme, error, at) &&
         (!has(obj, "buildStatus") ||
          core::read_build_status(obj, "buildStatus", at, moc.build_status, error)) &&
         (!has(obj, "partsCoverageStatus") ||
          core::read_coverage_status(obj, "partsCoverageStatus", at, moc.parts_coverage_status,
                                     error)) &&
         (!has(obj, "coveragePercentage") ||
          core::read_percentage(obj, "coveragePercentage", at, moc.coverage_percentage, error)) &&
         (!has(obj, "coverImageUrl") || cover_url(obj, moc.cover_image_url, error, at));
}

}  // namespace

core::Result<store::NewMoc> decode_new_moc(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  store::NewMoc moc;
  if (!parse_object(body, doc, error) || !read_new_moc(doc, JsonPath(), moc, error)) return error;
  return moc;
}

core::Result<std::vector<store::NewMoc>> decode_moc_import(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  const JsonPath root;
  const JsonPath list = root.field("mocs");
  if (!parse_object(body, doc, error)) return error;
  const Value* mocs = core::find_member(doc, "mocs");
  if (mocs == nullptr) return Error{"mocs", "is required: an array of MOCs"};
  if (!core::expect_array(*mocs, list, error)) return error;
  if (mocs->Empty() || mocs->Size() > kMaxImport) {
    return Error{"mocs", "must hold 1 to " + std::to_string(kMaxImport) + " MOCs"};
  }
  std::vector<store::NewMoc> out(mocs->Size());
  for (rapidjson::SizeType i = 0; i < mocs->Size(); ++i) {
    if (!read_new_moc((*mocs)[i], list.at(i), out[i], error)) return error;
  }
  return out;
}

core::Result<store::MocPatch> decode_moc_patch(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  store::MocPatch patch;
  const JsonPath root;
  if (!parse_object(body, doc, error)) return error;
  const auto take_string = [&](std::string_view key, std::size_t max,
                               std::optional<std::string>& out) {
    if (!has(doc, key)) return true;
    std::string value;
    if (!bounded_string(doc, key, max, value, error)) return false;
    out = std::move(value);
    return true;
  };
  const bool ok =
      take_string("title", kMaxTitle, patch.title) &&
      take_string("theme", kMaxTheme, patch.theme) &&
      (!has(doc, "buildStatus") ||
       core::read_build_status(doc, "buildStatus", root, patch.build_status.emplace(), error)) &&
      (!has(doc, "partsCoverageStatus") ||
       core::read_coverage_status(doc, "partsCoverageStatus", root,
                                  patch.parts_coverage_status.emplace(), error)) &&
      (!has(doc, "coveragePercentage") ||
       core::read_percentage(doc, "coveragePercentage", root, patch.coverage_percentage.emplace(),
                             error)) &&
      (!has(doc, "coverImageUrl") || cover_url(doc, patch.cover_image_url.emplace(), error)) &&
      take_string("boardRank", core::kMaxBoardRank, patch.board_rank);
  if (!ok) return error;
  if (patch.board_rank && !core::valid_rank(*patch.board_rank)) {
    return Error{"boardRank", "must be a board rank (printable ASCII, not ending in '!')"};
  }
  if (!patch.title && !patch.theme && !patch.build_status && !patch.parts_coverage_status &&
      !patch.coverage_percentage && !patch.cover_image_url && !patch.board_rank) {
    return Error{"",
                 "body must set at least one of title, theme, buildStatus, "
                 "partsCoverageStatus, coveragePercentage, coverImageUrl, boardRank"};
  }
  return patch;
}

core::Result<NewWishlistItem> decode_wishlist_item(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  NewWishlistItem item;
  const bool ok =
      parse_object(body, doc, error) && bounded_string(doc, "name", kMaxName, item.name, error) &&
      (!has(doc, "setNumber") ||
       (core::read_nullable_string(doc, "setNumber", JsonPath(), item.set_number, error) &&
        (!item.set_number || not_empty(*item.set_number, "setNumber", error)) &&
        (!item.set_number || within(*item.set_number, kMaxSetNumber, "setNumber", error))));
  if (!ok) return error;
  return item;
}

core::Result<NewShare> decode_share(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  NewShare share;
  std::string role;
  const bool ok = parse_object(body, doc, error) &&
                  bounded_string(doc, "username", kMaxUsername, share.username, error) &&
                  bounded_string(doc, "role", 16, role, error);
  if (!ok) return error;
  if (role == "viewer") {
    share.role = store::BoardRole::Viewer;
  } else if (role == "editor") {
    share.role = store::BoardRole::Editor;
  } else {
    return Error{"role", "must be viewer or editor"};
  }
  return share;
}

core::Result<NewSet> decode_set(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  NewSet set;
  const bool ok = parse_object(body, doc, error) &&
                  bounded_string(doc, "setNumber", kMaxSetNumber, set.set_number, error) &&
                  bounded_string(doc, "name", kMaxName, set.name, error) &&
                  bounded_string(doc, "theme", kMaxTheme, set.theme, error);
  if (!ok) return error;
  return set;
}

core::Result<LoginRequest> decode_login(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  LoginRequest login;
  const bool ok = parse_object(body, doc, error) &&
                  bounded_string(doc, "username", 64, login.username, error) &&
                  bounded_string(doc, "password", 256, login.password, error);
  if (!ok) return error;
  return login;
}

core::Result<PasswordChange> decode_password_change(std::string_view body) {
  rapidjson::Document doc;
  Error error;
  PasswordChange change;
  // Longer than the rules allow is still read: the rules name the limit.
  const bool ok = parse_object(body, doc, error) &&
                  bounded_string(doc, "currentPassword", 256, change.current_password, error) &&
                  bounded_string(doc, "newPassword", 2048, change.new_password, error);
  if (!ok) return error;
  return change;
}

}  // namespace dashboard::server::api
