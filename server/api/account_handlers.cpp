// The accounts API: sign-in with throttling and a session, the refresh that
// rotates its token, sign-out (this session, or everywhere), the password
// change and the optional sign-up. Every outcome is one "auth" log line
// (user, address, outcome; never a password or a token) and one count of
// dashboard_auth_events_total.
#include <algorithm>
#include <cmath>
#include <string>

#include "api/accounts_context.hpp"
#include "api/body_decoders.hpp"
#include "api/entity_json.hpp"
#include "api/handlers.hpp"
#include "auth/password.hpp"
#include "auth/password_rules.hpp"
#include "auth/refresh_cookie.hpp"
#include "log.hpp"
#include "store/accounts.hpp"
#include "store/auth_sessions.hpp"
#include "store/sign_in_throttle.hpp"

namespace dashboard::server::api {
namespace {

// The client address: the peer without its port, or behind a trusted load
// balancer the last X-Forwarded-For hop (the one it added).
std::string client_address(const AccountsContext& accounts, const ApiRequest& req) {
  if (accounts.trust_forwarded_for && !req.forwarded_for.empty()) {
    std::string_view hop = req.forwarded_for;
    if (const auto comma = hop.rfind(','); comma != std::string_view::npos) {
      hop = hop.substr(comma + 1);
    }
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (!hop.empty()) return std::string(hop);
  }
  std::string_view remote = req.remote;
  if (!remote.empty() && remote.front() == '[') {  // [v6]:port
    const auto close = remote.find(']');
    return std::string(remote.substr(1, close == std::string_view::npos ? close : close - 1));
  }
  const auto colon = remote.rfind(':');
  return std::string(colon == std::string_view::npos ? remote : remote.substr(0, colon));
}

// The sign-in throttle's key for one username tried from one address.
std::string pair_throttle_key(const std::string& address, const std::string& username) {
  return "pair:" + address + "|" + username;
}

bool over_https(const ApiRequest& req) {
  return req.forwarded_proto == "https";
}

void audit(const AccountsContext& accounts, const std::string& event, const std::string& outcome,
           log::Fields fields) {
  fields.insert(fields.begin(), {{"event", event}, {"outcome", outcome}});
  log::info("auth", fields);
  if (accounts.metrics != nullptr) accounts.metrics->count_auth_event(event, outcome);
}

ApiResponse too_many_attempts(std::chrono::milliseconds wait) {
  const auto seconds = std::max<long long>(1, (wait.count() + 999) / 1000);
  ApiResponse res = error_response(
      429, "TOO_MANY_ATTEMPTS",
      "too many failed sign-ins; try again in " + std::to_string(seconds) + " seconds");
  res.headers.emplace_back("Retry-After", std::to_string(seconds));
  return res;
}

// A new session for `user`: its access token in the body, its refresh token
// in the cookie.
ApiResponse start_session(const ApiContext& ctx, const ApiRequest& req, const store::User& user,
                          unsigned status) {
  const AccountsContext& accounts = *ctx.accounts;
  const core::UnixMillis now = accounts.clock->now();
  const std::string session_id = accounts.ids->next_uuid();
  const std::string refresh = auth::new_refresh_token();
  store::create_auth_session(
      *accounts.database,
      {session_id, user.id, auth::hash_refresh_token(refresh),
       now + std::chrono::duration_cast<std::chrono::milliseconds>(accounts.session_ttl).count()},
      now);
  const std::string token =
      ctx.tokens->issue(user.id, user.username, ctx.options.token_ttl, session_id);
  ApiResponse res = json_response(
      status,
      encode_login(
          token,
          now +
              std::chrono::duration_cast<std::chrono::milliseconds>(ctx.options.token_ttl).count(),
          user));
  res.headers.emplace_back("Set-Cookie",
                           auth::refresh_cookie(refresh, accounts.session_ttl, over_https(req)));
  return res;
}

ApiResponse signed_out(const ApiRequest& req, unsigned status, std::string_view code,
                       std::string_view message) {
  ApiResponse res;
  if (status == 204) {
    res.status = 204;
  } else {
    res = error_response(status, code, message);
  }
  res.headers.emplace_back("Set-Cookie", auth::cleared_refresh_cookie(over_https(req)));
  return res;
}

}  // namespace

ApiResponse login(const ApiContext& ctx, const ApiRequest& req) {
  const auto credentials = decode_login(req.body);
  if (!credentials) return bad_request(credentials.error());
  if (!ctx.accounts) {  // unit tests without sessions: a plain token
    const auto user = ctx.store->find_user(credentials->username);
    const bool valid = user ? auth::verify_password(user->password_hash, credentials->password)
                            : (auth::verify_dummy_password(credentials->password), false);
    if (!valid) return error_response(401, "UNAUTHORIZED", "invalid username or password");
    const std::string token = ctx.tokens->issue(user->id, user->username, ctx.options.token_ttl);
    const auto claims = ctx.tokens->verify(token);
    return json_response(200, encode_login(token, claims ? claims->expires_at : 0, *user));
  }
  const AccountsContext& accounts = *ctx.accounts;
  store::sql::Database& db = *accounts.database;
  const std::string address = client_address(accounts, req);
  const std::string user_key = "user:" + credentials->username;
  const std::string address_key = "addr:" + address;
  const std::string pair_key = pair_throttle_key(address, credentials->username);
  const core::UnixMillis now = accounts.clock->now();
  const auto user = ctx.store->find_user(credentials->username);
  // Failures anywhere else never hold up a person where they signed in before.
  const bool known_address =
      user &&
      store::signed_in_from(db, user->id, address, now - accounts.known_address_for.count());
  auto wait =
      std::max(store::throttle_wait(db, address_key, now), store::throttle_wait(db, pair_key, now));
  if (!known_address) {
    wait = std::max(
        wait, std::min(store::throttle_wait(db, user_key, now), accounts.username_slowdown_cap));
  }
  if (wait.count() > 0) {
    // Attempts during a wait count against the address only: one that keeps
    // on waits longer, and nobody else's count moves. Retry-After says the
    // wait this attempt made, so a client that honours it gets in.
    wait = std::max(wait,
                    store::record_sign_in_failure(db, address_key, accounts.address_throttle, now));
    audit(accounts, "sign_in", "throttled",
          {{"username", credentials->username},
           {"address", address},
           {"known_address", known_address},
           {"retry_after_ms", static_cast<std::int64_t>(wait.count())}});
    return too_many_attempts(wait);
  }
  const bool valid = user ? auth::verify_password(user->password_hash, credentials->password)
                          : (auth::verify_dummy_password(credentials->password), false);
  if (!valid) {
    // Unknown usernames count too: a guesser learns nothing from the waits.
    const auto pair_wait = store::record_sign_in_failure(db, pair_key, accounts.user_throttle, now);
    store::record_sign_in_failure(db, user_key, accounts.user_throttle, now);
    const auto address_wait =
        store::record_sign_in_failure(db, address_key, accounts.address_throttle, now);
    audit(accounts, "sign_in", "failed",
          {{"username", credentials->username},
           {"address", address},
           {"known_user", user.has_value()},
           {"wait_ms", static_cast<std::int64_t>(std::max(pair_wait, address_wait).count())}});
    // One message for both cases: which usernames exist is not the caller's business.
    return error_response(401, "UNAUTHORIZED", "invalid username or password");
  }
  // The username's count stays (it ages out): it is everyone's guesses at
  // this account, which the owner's success says nothing about.
  store::reset_sign_in_failures(db, pair_key);
  store::remember_sign_in_address(db, user->id, address, now,
                                  now - accounts.known_address_for.count());
  ApiResponse res = start_session(ctx, req, *user, 200);
  audit(accounts, "sign_in", "ok",
        {{"user", user->id}, {"username", user->username}, {"address", address}});
  return res;
}

ApiResponse refresh(const ApiContext& ctx, const ApiRequest& req) {
  if (!ctx.accounts) return not_found("no route for " + std::string(req.target));
  const AccountsContext& accounts = *ctx.accounts;
  const std::string address = client_address(accounts, req);
  const auto presented = auth::refresh_token_from(req.cookie);
  if (!presented) {
    audit(accounts, "refresh", "no_cookie", {{"address", address}});
    return signed_out(req, 401, "UNAUTHORIZED", "no session; sign in");
  }
  const core::UnixMillis now = accounts.clock->now();
  const std::string next = auth::new_refresh_token();
  const auto result = store::rotate_refresh_token(
      *accounts.database, auth::hash_refresh_token(*presented), auth::hash_refresh_token(next), now,
      now + std::chrono::duration_cast<std::chrono::milliseconds>(accounts.session_ttl).count(),
      accounts.refresh_race_grace);
  log::Fields who{{"user", result.user}, {"session", result.session_id}, {"address", address}};
  switch (result.outcome) {
    case store::RefreshOutcome::Rotated:
    case store::RefreshOutcome::Raced:
      break;
    case store::RefreshOutcome::Reused:
      if (accounts.revocations) accounts.revocations->note_revoked(result.session_id);
      audit(accounts, "refresh", "reuse_detected", who);
      return signed_out(req, 401, "UNAUTHORIZED",
                        "this sign-in was ended: its refresh token was used twice");
    case store::RefreshOutcome::Unknown:
      audit(accounts, "refresh", "unknown", {{"address", address}});
      return signed_out(req, 401, "UNAUTHORIZED", "no session; sign in");
    case store::RefreshOutcome::Ended:
      audit(accounts, "refresh", "ended", who);
      return signed_out(req, 401, "UNAUTHORIZED", "this sign-in has ended; sign in again");
  }
  const auto user = ctx.store->find_user(result.user);
  if (!user) {  // removed while the session was live (its revocation is on its way)
    audit(accounts, "refresh", "ended", who);
    return signed_out(req, 401, "UNAUTHORIZED", "this sign-in has ended; sign in again");
  }
  const std::string token =
      ctx.tokens->issue(user->id, user->username, ctx.options.token_ttl, result.session_id);
  ApiResponse res = json_response(
      200,
      encode_login(
          token,
          now +
              std::chrono::duration_cast<std::chrono::milliseconds>(ctx.options.token_ttl).count(),
          *user));
  if (result.outcome == store::RefreshOutcome::Rotated) {
    res.headers.emplace_back("Set-Cookie",
                             auth::refresh_cookie(next, accounts.session_ttl, over_https(req)));
  }
  audit(accounts, "refresh", result.outcome == store::RefreshOutcome::Rotated ? "ok" : "raced",
        who);
  return res;
}

ApiResponse logout(const ApiContext& ctx, const ApiRequest& req,
                   const std::optional<Caller>& caller) {
  if (!ctx.accounts) return not_found("no route for " + std::string(req.target));
  const AccountsContext& accounts = *ctx.accounts;
  const std::string address = client_address(accounts, req);
  const core::UnixMillis now = accounts.clock->now();
  // The session of the cookie, else the one the access token names.
  std::string session_id;
  store::UserId user = caller ? caller->user : 0;
  if (const auto presented = auth::refresh_token_from(req.cookie)) {
    if (const auto live = store::find_live_session(*accounts.database,
                                                   auth::hash_refresh_token(*presented), now)) {
      session_id = live->session_id;
      user = live->user;
    }
  }
  if (session_id.empty() && caller) session_id = caller->session_id;
  if (!session_id.empty() &&
      store::revoke_auth_session(*accounts.database, session_id, "signed out", now) &&
      accounts.revocations) {
    accounts.revocations->note_revoked(session_id);
  }
  audit(accounts, "sign_out", session_id.empty() ? "no_session" : "ok",
        {{"user", user}, {"session", session_id}, {"address", address}});
  return signed_out(req, 204, "", "");
}

ApiResponse logout_everywhere(const ApiContext& ctx, const ApiRequest& req, const Caller& caller) {
  if (!ctx.accounts) return not_found("no route for " + std::string(req.target));
  const AccountsContext& accounts = *ctx.accounts;
  const int ended = store::revoke_user_sessions(*accounts.database, caller.user,
                                                "signed out everywhere", accounts.clock->now());
  // This instance's sockets close now; the others' within their next poll.
  if (accounts.revocations) accounts.revocations->poll();
  audit(accounts, "sign_out_everywhere", "ok",
        {{"user", caller.user},
         {"username", caller.username},
         {"sessions", ended},
         {"address", client_address(accounts, req)}});
  return signed_out(req, 204, "", "");
}

ApiResponse change_password(const ApiContext& ctx, const ApiRequest& req, const Caller& caller) {
  if (!ctx.accounts) return not_found("no route for " + std::string(req.target));
  const AccountsContext& accounts = *ctx.accounts;
  const auto change = decode_password_change(req.body);
  if (!change) return bad_request(change.error());
  const std::string address = client_address(accounts, req);
  const auto user = ctx.store->find_user(caller.user);
  if (!user) return error_response(401, "UNAUTHORIZED", "no such user");
  // Guessing the current password here is throttled like signing in, per
  // address + username: a guesser elsewhere cannot stop the owner changing it.
  const std::string user_key = pair_throttle_key(address, user->username);
  const core::UnixMillis now = accounts.clock->now();
  if (const auto wait = store::throttle_wait(*accounts.database, user_key, now); wait.count() > 0) {
    audit(accounts, "password_change", "throttled", {{"user", user->id}, {"address", address}});
    return too_many_attempts(wait);
  }
  if (!auth::verify_password(user->password_hash, change->current_password)) {
    store::record_sign_in_failure(*accounts.database, user_key, accounts.user_throttle, now);
    audit(accounts, "password_change", "wrong_password",
          {{"user", user->id}, {"address", address}});
    core::Error error;
    error.path = "currentPassword";
    error.message = "the current password is not right";
    return bad_request(error);
  }
  if (const auto problem = auth::password_problem(user->username, change->new_password)) {
    audit(accounts, "password_change", "rejected", {{"user", user->id}, {"address", address}});
    core::Error error;
    error.path = "newPassword";
    error.message = *problem;
    return bad_request(error);
  }
  // Every session ends (their sockets close); this browser continues in a
  // new one, so the person who changed it stays signed in here.
  store::set_password_hash(*accounts.database, user->id, auth::hash_password(change->new_password),
                           now);
  if (accounts.revocations) accounts.revocations->poll();
  ApiResponse res = start_session(ctx, req, *user, 200);
  audit(accounts, "password_change", "ok",
        {{"user", user->id}, {"username", user->username}, {"address", address}});
  return res;
}

ApiResponse signup(const ApiContext& ctx, const ApiRequest& req) {
  if (!ctx.accounts || !ctx.accounts->allow_signup) {
    return error_response(403, "SIGNUP_DISABLED",
                          "this server does not take sign-ups; ask its operator for an account");
  }
  const AccountsContext& accounts = *ctx.accounts;
  const auto credentials = decode_login(req.body);
  if (!credentials) return bad_request(credentials.error());
  const std::string address = client_address(accounts, req);
  const auto field_error = [](const char* field, const std::string& message) {
    core::Error error;
    error.path = field;
    error.message = message;
    return bad_request(error);
  };
  if (const auto problem = auth::username_problem(credentials->username)) {
    return field_error("username", *problem);
  }
  if (const auto problem = auth::password_problem(credentials->username, credentials->password)) {
    return field_error("password", *problem);
  }
  const auto created = ctx.store->create_user(
      credentials->username, auth::hash_password(credentials->password), store::UserRole::Member);
  if (!created) {
    if (created.error().kind == store::StoreError::Kind::Conflict) {
      audit(accounts, "sign_up", "taken",
            {{"username", credentials->username}, {"address", address}});
      return error_response(409, "USERNAME_TAKEN", "that username is taken; choose another");
    }
    return store_failure(created.error());
  }
  ApiResponse res = start_session(ctx, req, *created, 201);
  audit(accounts, "sign_up", "ok",
        {{"user", created->id}, {"username", created->username}, {"address", address}});
  return res;
}

std::string accounts_config_json(const ApiContext& ctx) {
  const bool signup = ctx.accounts && ctx.accounts->allow_signup;
  return std::string(R"({"signup":)") + (signup ? "true" : "false") + "}";
}

}  // namespace dashboard::server::api
