// handlers: one function per API operation. The router has already
// authenticated the caller and checked method and content type.
#pragma once

#include <optional>
#include <string>

#include "api/api_types.hpp"

namespace dashboard::server::api {

// A query string parameter: nullopt when absent.
struct Query {
  std::optional<std::string> user_id;
  std::optional<std::string> since;
  std::optional<std::string> limit;
  // GET /api/mocs
  std::optional<std::string> cursor;
  std::optional<std::string> q;
  std::optional<std::string> theme;
  std::optional<std::string> build_status;     // buildStatus
  std::optional<std::string> coverage_status;  // coverageStatus
  std::optional<std::string> sort;
};

// Accounts (account_handlers.cpp).
ApiResponse login(const ApiContext& ctx, const ApiRequest& req);
ApiResponse refresh(const ApiContext& ctx, const ApiRequest& req);
ApiResponse logout(const ApiContext& ctx, const ApiRequest& req,
                   const std::optional<Caller>& caller);
ApiResponse logout_everywhere(const ApiContext& ctx, const ApiRequest& req, const Caller& caller);
ApiResponse change_password(const ApiContext& ctx, const ApiRequest& req, const Caller& caller);
ApiResponse signup(const ApiContext& ctx, const ApiRequest& req);
std::string accounts_config_json(const ApiContext& ctx);

// ?userId= on any route: 400 when it is not a user id, 403 when it names
// someone other than the caller, nullopt (go on) when it is the caller or absent.
std::optional<ApiResponse> reject_other_user(const Caller& caller, const Query& query);

ApiResponse get_dashboard(const ApiContext& ctx, const Caller& caller,
                          std::string_view accept_encoding);
ApiResponse get_events(const ApiContext& ctx, const Caller& caller, const Query& query);
// GET /api/events/missed?since=<RFC 3339>: the events after an instant.
ApiResponse get_missed_events(const ApiContext& ctx, const Caller& caller, const Query& query);

ApiResponse list_mocs(const ApiContext& ctx, const Caller& caller, const Query& query);
ApiResponse create_moc(const ApiContext& ctx, const Caller& caller, const ApiRequest& req);
ApiResponse import_mocs(const ApiContext& ctx, const Caller& caller, const ApiRequest& req);
ApiResponse get_moc(const ApiContext& ctx, const Caller& caller, const std::string& id);
ApiResponse update_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                       const ApiRequest& req);
ApiResponse delete_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                       const ApiRequest& req);
ApiResponse restore_moc(const ApiContext& ctx, const Caller& caller, const std::string& id,
                        const ApiRequest& req);

ApiResponse list_wishlist(const ApiContext& ctx, const Caller& caller);
// GET /api/status: the services the caller may see {overall, services}.
ApiResponse get_status(const ApiContext& ctx, const Caller& caller);

ApiResponse get_board(const ApiContext& ctx, const Caller& caller, const std::string& owner);
ApiResponse list_shares(const ApiContext& ctx, const Caller& caller);
ApiResponse create_share(const ApiContext& ctx, const Caller& caller, const ApiRequest& req);
ApiResponse delete_share(const ApiContext& ctx, const Caller& caller, const std::string& id,
                         const ApiRequest& req);
ApiResponse get_topic_events(const ApiContext& ctx, const Caller& caller, const std::string& topic,
                             const Query& query);
ApiResponse list_themes(const ApiContext& ctx, const Caller& caller);

ApiResponse add_wishlist_item(const ApiContext& ctx, const Caller& caller, const ApiRequest& req);
ApiResponse remove_wishlist_item(const ApiContext& ctx, const Caller& caller,
                                 const std::string& id);
ApiResponse add_set(const ApiContext& ctx, const Caller& caller, const ApiRequest& req);
ApiResponse remove_set(const ApiContext& ctx, const Caller& caller, const std::string& id);

}  // namespace dashboard::server::api
