#include "store/sqlite/sqlite_schema.hpp"

#include <array>

namespace dashboard::server::store {
namespace {

constexpr std::array<const char*, 13> kSteps{
    // 1: the collection, its owners and the event outbox.
    R"sql(
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  last_seq       INTEGER NOT NULL DEFAULT 0,  -- newest outbox seq: the snapshot version
  pruned_through INTEGER NOT NULL DEFAULT 0,  -- outbox rows up to here were deleted
  created_at     TEXT NOT NULL
);
CREATE TABLE mocs (
  id                    TEXT PRIMARY KEY,
  user_id               INTEGER NOT NULL REFERENCES users(id),
  title                 TEXT NOT NULL CHECK (length(title) > 0),
  theme                 TEXT NOT NULL CHECK (length(theme) > 0),
  build_status          TEXT NOT NULL CHECK (build_status IN ('ADDED', 'IN_PROGRESS', 'BUILT')),
  parts_coverage_status TEXT NOT NULL
      CHECK (parts_coverage_status IN ('FULL_INVENTORY', 'PARTIAL_ORDERED', 'NONE')),
  coverage_percentage   REAL NOT NULL CHECK (coverage_percentage BETWEEN 0 AND 100),
  cover_image_url       TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX mocs_by_user_created ON mocs (user_id, created_at DESC, id DESC);
CREATE INDEX mocs_by_user_coverage ON mocs (user_id, parts_coverage_status);
CREATE TABLE sets (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  set_number TEXT NOT NULL,
  name       TEXT NOT NULL,
  theme      TEXT NOT NULL CHECK (length(theme) > 0),
  created_at TEXT NOT NULL
);
CREATE INDEX sets_by_user ON sets (user_id);
CREATE TABLE wishlist_items (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL CHECK (length(name) > 0),
  set_number TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX wishlist_by_user ON wishlist_items (user_id);
CREATE TABLE outbox (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  seq        INTEGER NOT NULL,
  event_id   TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;
)sql",
    // 2: the collection pages: MOC versions (stale edits are refused) and
    // deletes kept for undo until the outbox's retention passes them; and
    // settings shared by every instance on one database.
    R"sql(
ALTER TABLE mocs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE mocs ADD COLUMN deleted_at TEXT;
CREATE INDEX mocs_by_user_updated ON mocs (user_id, updated_at DESC, id DESC);
CREATE TABLE server_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
    // 3: the build board: each MOC's place in its column (existing MOCs in
    // creation order), boards shared with other users, and topic streams
    // (board:<user>, moc:<id>), each with its own seq.
    R"sql(
ALTER TABLE mocs ADD COLUMN board_rank TEXT NOT NULL DEFAULT '';
UPDATE mocs SET board_rank = created_at;
CREATE TABLE shares (
  id         TEXT PRIMARY KEY,
  owner_id   INTEGER NOT NULL REFERENCES users(id),
  grantee_id INTEGER NOT NULL REFERENCES users(id),
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
  created_at TEXT NOT NULL,
  UNIQUE (owner_id, grantee_id)
);
CREATE INDEX shares_by_grantee ON shares (grantee_id);
CREATE TABLE topic_streams (
  topic          TEXT PRIMARY KEY,
  last_seq       INTEGER NOT NULL DEFAULT 0,
  pruned_through INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE topic_events (
  topic      TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  event_id   TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (topic, seq)
) WITHOUT ROWID;
)sql",
    // 4: user roles: admins see every service on /status; the first
    // demo user is one.
    R"sql(
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member'));
)sql",
    // 5: system status: one point a minute per service for 24 h (/status
    // history and uptime), and each instance's last heartbeat.
    R"sql(
CREATE TABLE status_history (
  service_id  TEXT NOT NULL,
  minute      INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('up', 'degraded', 'down')),
  response_ms REAL,
  checks      INTEGER NOT NULL,
  up          INTEGER NOT NULL,
  PRIMARY KEY (service_id, minute)
) WITHOUT ROWID;
CREATE TABLE status_heartbeats (
  instance_id TEXT PRIMARY KEY,
  beat_at     INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: accounts: sign-in sessions (the refresh token's hash, rotated on
    // every use; the hashes it replaced, so a reuse is recognised and
    // revokes the session) and sign-in throttling shared by every instance.
    R"sql(
CREATE TABLE auth_sessions (
  id           TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL,  -- no foreign key: a removed user's revoked sessions stay until pruned
  refresh_hash TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  rotated_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  revoked_why  TEXT
);
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_by_revoked ON auth_sessions (revoked_at);
CREATE TABLE auth_refresh_used (
  refresh_hash TEXT PRIMARY KEY,
  session_id   TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
  replaced_at  INTEGER NOT NULL
);
CREATE INDEX auth_refresh_used_by_session ON auth_refresh_used (session_id);
CREATE TABLE auth_throttle (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
)sql",
    // 7: direct messages (conversations with each side's read position and
    // unread count) and notifications with per-kind preferences.
    R"sql(
CREATE TABLE messages (
  low_id     INTEGER NOT NULL REFERENCES users(id),  -- the pair, smaller id first
  high_id    INTEGER NOT NULL REFERENCES users(id),
  seq        INTEGER NOT NULL,                       -- order within the conversation
  id         TEXT NOT NULL UNIQUE,
  sender_id  INTEGER NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL CHECK (length(body) > 0),
  client_id  TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (low_id, high_id, seq)
) WITHOUT ROWID;
CREATE TABLE conversations (
  user_id         INTEGER NOT NULL REFERENCES users(id),
  other_id        INTEGER NOT NULL REFERENCES users(id),
  last_seq        INTEGER NOT NULL,            -- the conversation's newest message
  last_message_at TEXT NOT NULL,
  read_through    INTEGER NOT NULL DEFAULT 0,  -- seq read by user_id
  unread          INTEGER NOT NULL DEFAULT 0,  -- messages from other_id after read_through
  PRIMARY KEY (user_id, other_id)
) WITHOUT ROWID;
CREATE INDEX conversations_by_recent ON conversations (user_id, last_message_at DESC);
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  kind       TEXT NOT NULL
      CHECK (kind IN ('message', 'boardChanged', 'coverageComplete', 'announcement')),
  body       TEXT NOT NULL,
  link       TEXT NOT NULL DEFAULT '',
  actor      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  read_at    TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
CREATE TABLE notification_preferences (
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind    TEXT NOT NULL,
  toast   INTEGER NOT NULL,
  sound   INTEGER NOT NULL,
  browser INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;
)sql",
    // 8: each user's count of unread notifications, kept with every change
    // (counting the rows made every new notification cost O(unread): a
    // conversation of 100,000 messages slowed each send to ~20 ms).
    R"sql(
ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;
UPDATE users SET unread_notifications =
  (SELECT COUNT(*) FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL);
)sql",
    // The seq of the last event its commit wrote, so a client can apply a
    // commit whole (a frame drawn between a MOC's recent-list and summary
    // events showed the new MOC beside the old total). NULL on older rows:
    // each counts as a commit of its own.
    R"sql(
ALTER TABLE outbox ADD COLUMN commit_last_seq INTEGER;
)sql",
    // Operability: the pruner finds expired events through these indexes
    // and deletes them in small batches by primary key (a scan of the whole
    // table, under the writers' locks, stalled writes); and the addresses
    // each account signed in from, where failed sign-ins elsewhere never
    // block it (api/accounts_context.hpp).
    R"sql(
CREATE INDEX outbox_by_created ON outbox (created_at);
CREATE INDEX topic_events_by_created ON topic_events (created_at);
CREATE TABLE sign_in_addresses (
  user_id      INTEGER NOT NULL,  -- no foreign key, like auth_sessions; removed with the user
  address      TEXT NOT NULL,
  signed_in_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, address)
) WITHOUT ROWID;
)sql",
    // Idempotency-Key: a retried mutating request returns the first answer
    // instead of doing its work twice (store/idempotency.hpp). Kept 24 h.
    R"sql(
CREATE TABLE idempotency_keys (
  user_id     INTEGER NOT NULL,
  idem_key    TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  status      INTEGER,
  headers     TEXT,
  body        TEXT,
  PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_ms);
)sql",
    // Each instance's live sockets, shared every few seconds so the busiest
    // can move some to an instance that joined (cluster_balance.hpp).
    R"sql(
CREATE TABLE instance_load (
  instance_id TEXT PRIMARY KEY,
  sockets     INTEGER NOT NULL,
  seen_ms     INTEGER NOT NULL
);
)sql",
    // Cluster-wide presence: who has each topic open on each instance
    // (realtime/cluster_presence.hpp). Rows of an instance whose heartbeat
    // (status_heartbeats) went stale are ignored and swept, so a crashed
    // instance's viewers vanish without it.
    R"sql(
CREATE TABLE topic_presence (
  topic       TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  user_id     INTEGER NOT NULL,  -- no foreign key: a row goes with its socket or its instance
  username    TEXT NOT NULL,
  since       INTEGER NOT NULL,
  PRIMARY KEY (topic, instance_id, user_id)
) WITHOUT ROWID;
CREATE INDEX topic_presence_by_instance ON topic_presence (instance_id);
)sql",
};

}  // namespace

std::span<const char* const> sqlite_schema_steps() {
  return kSteps;
}

}  // namespace dashboard::server::store
