// auth_sessions: sign-in sessions in the store, shared by every instance.
//
// A session holds the SHA-256 of its current refresh token (never the
// token). Each refresh replaces it; the replaced hash is remembered, so a
// replaced token presented again (a copy someone stole, used after its
// owner rotated it, or the other way round) revokes the whole session.
// Revocations are rows with revoked_at set; revocations_since() is what
// every instance polls to close the revoked sessions' sockets.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace dashboard::server::store {

struct NewAuthSession {
  std::string id;
  UserId user = 0;
  std::string refresh_hash;
  core::UnixMillis expires_at = 0;
};

void create_auth_session(sql::Database& db, const NewAuthSession& session, core::UnixMillis now);

enum class RefreshOutcome {
  Rotated,  // the current token: replaced by the new hash
  Raced,    // replaced within the grace period (another tab refreshed first):
            // a new access token, the cookie stays as the other answer set it
  Reused,   // replaced earlier than that: theft; the session is now revoked
  Unknown,  // no session has had this token
  Ended,    // the session expired or was revoked before
};

struct RefreshResult {
  RefreshOutcome outcome = RefreshOutcome::Unknown;
  std::string session_id;
  UserId user = 0;
};

// Presents `presented_hash`; on Rotated the session's hash is `next_hash`
// and it expires at `expires_at`.
RefreshResult rotate_refresh_token(sql::Database& db, const std::string& presented_hash,
                                   const std::string& next_hash, core::UnixMillis now,
                                   core::UnixMillis expires_at,
                                   std::chrono::milliseconds race_grace);

// The session a (current) refresh token belongs to, if it is live.
std::optional<RefreshResult> find_live_session(sql::Database& db, const std::string& refresh_hash,
                                               core::UnixMillis now);

// False when it was already revoked (or never existed).
bool revoke_auth_session(sql::Database& db, const std::string& session_id, const std::string& why,
                         core::UnixMillis now);

// Revokes every live session of the user; returns how many.
int revoke_user_sessions(sql::Database& db, UserId user, const std::string& why,
                         core::UnixMillis now);
// The same inside a transaction the caller already holds.
int revoke_user_sessions(sql::Session& s, UserId user, const std::string& why,
                         core::UnixMillis now);

struct Revocation {
  std::string session_id;
  UserId user = 0;
  core::UnixMillis revoked_at = 0;
};

// Sessions revoked at or after `since`, oldest first.
std::vector<Revocation> revocations_since(sql::Database& db, core::UnixMillis since);

// Deletes sessions that ended (expired or revoked) before `horizon`.
int prune_auth_sessions(sql::Database& db, core::UnixMillis horizon);

}  // namespace dashboard::server::store
