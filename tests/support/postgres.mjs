// A throwaway PostgreSQL cluster for a Node test (tests/support/postgres_cluster.sh):
// started in a temp folder as the unprivileged postgres user, stopped and
// deleted by stop(). down() / up() stop and restart it with its data, for
// tests of what the servers do while the database is away.
//
//   const pg = await startPostgres();
//   const url = await pg.createDatabase('dashboard');   // postgres://.../dashboard
//   pg.query(url, 'SELECT 1');                            // via psql, rows as text
//   await pg.down(); await pg.up(); await pg.freeze(); await pg.thaw(); await pg.stop();
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { artifactsDir, repoRoot } from './paths.mjs';

const run = promisify(execFile);
const script = path.join(repoRoot, 'tests/support/postgres_cluster.sh');

// A TCP port nobody listens on right now.
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres({ name = 'postgres' } = {}) {
  const state = mkdtempSync(path.join(os.tmpdir(), 'dashboard-pg-state-'));
  const port = await freePort();
  await run(script, ['start', state, String(port)]);
  const adminUrl = readFileSync(path.join(state, 'url'), 'utf8').trim();

  const pg = {
    adminUrl,
    port,
    // Rows of `sql` on `url` (each row's columns joined by |).
    query(url, sql) {
      const res = spawnSync('psql', [url, '-AtX', '-v', 'ON_ERROR_STOP=1', '-c', sql],
        { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`psql ${sql}: ${res.stderr}`);
      return res.stdout.split('\n').filter((l) => l !== '');
    },
    async createDatabase(db) {
      pg.query(adminUrl, `CREATE DATABASE ${db}`);
      return adminUrl.replace(/\/postgres$/, `/${db}`);
    },
    down: () => run(script, ['down', state]),
    up: () => run(script, ['up', state]),
    // Every server process stopped (SIGSTOP): connections are accepted and
    // packets acknowledged, but nothing answers; thaw() resumes them.
    freeze: () => run(script, ['freeze', state]),
    thaw: () => run(script, ['thaw', state]),
    async stop() {
      await run(script, ['stop', state]).catch(() => {});
      // The server's log goes with the test's artifacts.
      const log = path.join(state, 'postgres.log.last');
      if (existsSync(log)) {
        const dir = path.join(artifactsDir, 'logs');
        mkdirSync(dir, { recursive: true });
        copyFileSync(log, path.join(dir, `${name}-postgres.log`));
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
  return pg;
}
