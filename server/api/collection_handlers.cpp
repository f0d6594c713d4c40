// The collection's mutations: MOCs, wishlist items and sets. Each returns
// the stored object; the store appends the matching live events.
#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"

namespace dashboard::server::api {

ApiResponse create_moc(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto moc = decode_new_moc(req.body);
  if (!moc) return bad_request(moc.error().to_string());
  const auto created = ctx.store->create_moc(caller.user, *moc);
  if (!created) return store_failure(created.error());
  return json_response(201, encode_moc(*created));
}

ApiResponse get_moc(const ApiContext& ctx, const Caller& caller, const std::string& id) {
  const auto moc = ctx.store->get_moc(caller.user, id);
  if (!moc) return store_failure(moc.error());
  return json_response(200, encode_moc(*moc));
}

ApiResponse update_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                       const ApiRequest& req) {
  const auto patch = decode_moc_patch(req.body);
  if (!patch) return bad_request(patch.error().to_string());
  const auto updated = ctx.store->update_moc(caller.user, id, *patch);
  if (!updated) return store_failure(updated.error());
  return json_response(200, encode_moc(*updated));
}

ApiResponse delete_moc(const ApiContext& ctx, const Caller& caller, const std::string& id) {
  const auto done = ctx.store->delete_moc(caller.user, id);
  if (!done) return store_failure(done.error());
  return json_response(204, "");
}

ApiResponse add_wishlist_item(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto item = decode_wishlist_item(req.body);
  if (!item) return bad_request(item.error().to_string());
  const auto added = ctx.store->add_wishlist_item(caller.user, item->name, item->set_number);
  if (!added) return store_failure(added.error());
  return json_response(201, encode_wishlist_item(*added));
}

ApiResponse remove_wishlist_item(const ApiContext& ctx, const Caller& caller,
                                 const std::string& id) {
  const auto done = ctx.store->remove_wishlist_item(caller.user, id);
  if (!done) return store_failure(done.error());
  return json_response(204, "");
}

ApiResponse add_set(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto set = decode_set(req.body);
  if (!set) return bad_request(set.error().to_string());
  const auto added = ctx.store->add_set(caller.user, set->set_number, set->name, set->theme);
  if (!added) return store_failure(added.error());
  return json_response(201, encode_set(*added));
}

ApiResponse remove_set(const ApiContext& ctx, const Caller& caller, const std::string& id) {
  const auto done = ctx.store->remove_set(caller.user, id);
  if (!done) return store_failure(done.error());
  return json_response(204, "");
}

}  // namespace dashboard::server::api
