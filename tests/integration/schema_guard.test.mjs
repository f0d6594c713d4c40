// An old binary on a newer database stops at start: it must not serve (or
// migrate) tables it does not know. Both engines: the schema version is put
// past what the binary knows (SQLite's PRAGMA user_version,
// PostgreSQL's schema_migrations), and the server exits non-zero with one
// JSON log line naming both versions.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { serverBin, siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const kNewer = /^database schema is at version 999, this dashboard-server knows up to (\d+); upgrade the binary$/;

// Runs the server to its exit; returns the exit status and its parsed log lines.
function runToExit(args) {
  const res = spawnSync(serverBin, ['--port', '0', '--static-dir', siteDir, ...args],
    { encoding: 'utf8', timeout: 30000 });
  // Leniently: libpq's NOTICE lines reach stderr as they are until the
  // server installs a notice processor (another change); the refusal
  // itself must be JSON.
  const lines = res.stderr.split('\n').filter((l) => l !== '').map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return { unparsed: l };
    }
  });
  return { status: res.status, lines, stderr: res.stderr };
}

function assertRefused(run) {
  assert.notEqual(run.status, 0, run.stderr);
  assert.notEqual(run.status, null, `still running after 30 s: ${run.stderr}`);
  const refusal = run.lines.find((l) => kNewer.test(l.error ?? ''));
  assert.ok(refusal, `no refusal line in ${run.stderr}`);
  assert.equal(refusal.level, 'error');
  assert.ok(!run.lines.some((l) => l.msg === 'listening'), 'it never listened');
  return Number(refusal.error.match(kNewer)[1]);
}

describe('a schema newer than the binary', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-schema-guard-'));
  let pg;
  after(async () => {
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('SQLite: refused at start, the file left as it was', async () => {
    const dataDir = path.join(work, 'sqlite');
    const server = await startServer({ site: siteDir, dataDir });
    await stopServer(server);
    const file = path.join(dataDir, 'dashboard.db');
    const known = Number(execFileSync('sqlite3', [file, 'PRAGMA user_version']).toString().trim());
    execFileSync('sqlite3', [file, 'PRAGMA user_version = 999']);
    assert.equal(assertRefused(runToExit(['--data-dir', dataDir])), known);
    assert.equal(execFileSync('sqlite3', [file, 'PRAGMA user_version']).toString().trim(), '999');
  });

  test('PostgreSQL: refused at start, nothing migrated', async () => {
    pg = await startPostgres({ name: 'schema-guard' });
    const url = await pg.createDatabase('dashboard');
    const server = await startServer({ site: siteDir, dataDir: path.join(work, 'pg-1'),
      args: ['--database', url] });
    await stopServer(server);
    const known = Number(pg.query(url, 'SELECT MAX(version) FROM schema_migrations')[0]);
    pg.query(url, 'INSERT INTO schema_migrations (version) VALUES (999)');
    const run = runToExit(['--data-dir', path.join(work, 'pg-2'), '--database', url]);
    assert.equal(assertRefused(run), known);
    assert.deepEqual(pg.query(url, 'SELECT COUNT(*) FROM schema_migrations'), [String(known + 1)]);
  });
});
