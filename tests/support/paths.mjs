// Where the built binaries and the staged site are, and where a test's
// artifacts and process logs go. CTest passes them in the environment; the
// defaults match the CMake presets, for running a test file by hand with
// `node --test`.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const serverBin =
  process.env.DASHBOARD_SERVER_BIN ?? path.join(repoRoot, 'build/native/dashboard-server');
export const nativeBin =
  process.env.DASHBOARD_NATIVE_BIN ?? path.join(repoRoot, 'build/native/dashboard-native');
export const siteDir = process.env.DASHBOARD_SITE_DIR ?? path.join(repoRoot, 'build/wasm/site');
export const artifactsDir =
  process.env.DASHBOARD_ARTIFACTS ?? path.join(repoRoot, 'tests/artifacts');

// The logs of every process a test starts (dashboard-server, PostgreSQL,
// HAProxy, ...) land in one folder per test: CTest names it
// (tests/artifacts/logs/<build>/<test>, see tests/integration/CMakeLists.txt)
// and scripts/test.sh's failure summary points at it. By hand it is
// tests/artifacts/logs/manual/<test file>.
export const testLogDir = process.env.DASHBOARD_LOG_DIR ??
  path.join(artifactsDir, 'logs', 'manual',
    path.basename(process.argv[1] ?? 'node', path.extname(process.argv[1] ?? '')));

const logCounts = new Map();

// A new file in testLogDir for one process's output: `${kind}-1.log`, then
// `${kind}-2.log` for the next process of that kind (a restart, a second
// instance). Tests starting PostgreSQL or HAProxy take their log path here.
// The first call of a run removes the logs of an earlier run (not
// failures.jsonl, which the reporter is writing for this one).
export function processLogPath(kind) {
  mkdirSync(testLogDir, { recursive: true });
  if (logCounts.size === 0) {
    for (const name of readdirSync(testLogDir)) {
      if (name.endsWith('.log')) rmSync(path.join(testLogDir, name), { force: true });
    }
  }
  const n = (logCounts.get(kind) ?? 0) + 1;
  logCounts.set(kind, n);
  return path.join(testLogDir, `${kind}-${n}.log`);
}
