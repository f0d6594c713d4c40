// MOCs: the list, one MOC, and its edits. Edits may name the version they
// started from (If-Match: "<version>", the ETag of GET /api/mocs/{id}); a
// stale one is a 409 carrying the MOC as it is now.
#include <charconv>

#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"
#include "api/moc_list_query.hpp"

namespace dashboard::server::api {
namespace {

store::Actor actor_of(const Caller& caller, const ApiRequest& req) {
  return store::Actor{caller.user, std::string(req.request_id)};
}

std::string etag_of(const store::Moc& moc) {
  return "\"" + std::to_string(moc.version) + "\"";
}

ApiResponse moc_response(unsigned status, const store::Moc& moc) {
  ApiResponse res = json_response(status, encode_moc(moc));
  res.headers.emplace_back("ETag", etag_of(moc));
  return res;
}

// If-Match: absent (unconditional), "*" (any version), or one ETag we
// issued ("4", also weak W/"4").
core::Result<std::optional<std::int64_t>> expected_version(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  if (header.empty() || header == "*") return std::optional<std::int64_t>{};
  if (header.substr(0, 2) == "W/") header.remove_prefix(2);
  if (header.size() >= 2 && header.front() == '"' && header.back() == '"') {
    header = header.substr(1, header.size() - 2);
  }
  std::int64_t version = 0;
  const auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), version);
  if (ec != std::errc() || end != header.data() + header.size() || version < 1) {
    return core::Error{"If-Match", "must be the ETag of GET /api/mocs/{id}, e.g. \"3\""};
  }
  return std::optional<std::int64_t>{version};
}

}  // namespace

ApiResponse list_mocs(const ApiContext& ctx, const Caller& caller, const Query& query) {
  const auto parsed = parse_moc_query(query);
  if (!parsed) return bad_request(parsed.error());
  const auto page = ctx.store->list_mocs(caller.user, *parsed);
  if (!page) return store_failure(page.error());
  std::optional<std::string> cursor;
  if (page->next) cursor = encode_moc_cursor(*parsed, *page->next);
  return json_response(200, encode_moc_page(*page, cursor));
}

ApiResponse create_moc(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto moc = decode_new_moc(req.body);
  if (!moc) return bad_request(moc.error());
  const auto created = ctx.store->create_moc(actor_of(caller, req), *moc);
  if (!created) return store_failure(created.error());
  return moc_response(201, *created);
}

// A collection moved from elsewhere (a spreadsheet, another server): every
// MOC in one transaction, so a refused element leaves nothing half-imported.
ApiResponse import_mocs(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto mocs = decode_moc_import(req.body);
  if (!mocs) return bad_request(mocs.error());
  const auto created = ctx.store->import_mocs(actor_of(caller, req), *mocs);
  if (!created) return store_failure(created.error());
  return json_response(201, encode_moc_import(*created));
}

ApiResponse get_moc(const ApiContext& ctx, const Caller& caller, const std::string& id) {
  const auto moc = ctx.store->get_moc(caller.user, id);
  if (!moc) return store_failure(moc.error());
  return moc_response(200, *moc);
}

ApiResponse update_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                       const ApiRequest& req) {
  const auto version = expected_version(req.if_match);
  if (!version) return bad_request(version.error());
  const auto patch = decode_moc_patch(req.body);
  if (!patch) return bad_request(patch.error());
  const auto updated = ctx.store->update_moc(actor_of(caller, req), id, *patch, *version);
  if (!updated) return store_failure(updated.error());
  return moc_response(200, *updated);
}

ApiResponse delete_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                       const ApiRequest& req) {
  const auto version = expected_version(req.if_match);
  if (!version) return bad_request(version.error());
  const auto done = ctx.store->delete_moc(actor_of(caller, req), id, *version);
  if (!done) return store_failure(done.error());
  return json_response(204, "");
}

ApiResponse restore_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                        const ApiRequest& req) {
  const auto restored = ctx.store->restore_moc(actor_of(caller, req), id);
  if (!restored) return store_failure(restored.error());
  return moc_response(200, *restored);
}

}  // namespace dashboard::server::api
