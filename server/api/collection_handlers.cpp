// The wishlist, sets and themes. Mutations return the stored object; the
// store appends the matching live events. (MOCs: moc_handlers.cpp.)
#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"

namespace dashboard::server::api {

ApiResponse list_wishlist(const ApiContext& ctx, const Caller& caller) {
  const auto page = ctx.store->list_wishlist(caller.user);
  if (!page) return store_failure(page.error());
  return json_response(200, encode_wishlist_page(*page));
}

ApiResponse list_themes(const ApiContext& ctx, const Caller& caller) {
  const auto themes = ctx.store->list_themes(caller.user);
  if (!themes) return store_failure(themes.error());
  return json_response(200, encode_themes(*themes));
}

ApiResponse add_wishlist_item(const ApiContext& ctx, const Caller& caller, const ApiRequest& req) {
  const auto item = decode_wishlist_item(req.body);
  if (!item) return bad_request(item.error());
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
  if (!set) return bad_request(set.error());
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
