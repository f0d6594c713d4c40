// Runs scripts/cluster.sh (PostgreSQL, instances, HAProxy) for a test, with
// the binaries already built (CLUSTER_SKIP_BUILD=1). Its PostgreSQL runs as
// the postgres user, so CLUSTER_DIR must be a folder that user can reach
// (a mkdtemp folder chmod 0755 under /tmp will do).
//
//   const port = await freePortRun(2);    // HAProxy's port, the instances' after it
//   const cluster = await startCluster({ CLUSTER_DIR: dir, DASHBOARD_PORT: String(port) });
//   cluster.proc.kill('SIGTERM');
//   await cluster.exited;
import { spawn } from 'node:child_process';
import path from 'node:path';

import { repoRoot } from './paths.mjs';
import { freePort } from './postgres.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// True when something answers HTTP on the port.
export async function portOpen(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`);
    return true;
  } catch {
    return false;
  }
}

// A port with the next `count` ports free too (HAProxy's, then the instances').
export async function freePortRun(count) {
  for (;;) {
    const port = await freePort();
    const next = await Promise.all(
      Array.from({ length: count }, (_, i) => portOpen(port + 1 + i)));
    if (port + count < 65535 && next.every((open) => !open)) return port;
  }
}

// Runs scripts/cluster.sh until it prints its URL; resolves with the
// process, its exit, everything it printed so far (output()) and the URL.
export async function startCluster(env) {
  const proc = spawn(path.join(repoRoot, 'scripts/cluster.sh'), [],
    { env: { ...process.env, CLUSTER_SKIP_BUILD: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (c) => { out += c; });
  proc.stderr.on('data', (c) => { out += c; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 90000;
  while (!/MOC Dashboard \(cluster\): (\S+)/.test(out)) {
    if (proc.exitCode !== null) {
      await exited;
      await sleep(100);  // the last of its output
      throw new Error(`cluster.sh ended: ${out}`);
    }
    if (Date.now() > deadline) throw new Error(`cluster.sh printed no URL: ${out}`);
    await sleep(100);
  }
  return { proc, exited, output: () => out, url: /MOC Dashboard \(cluster\): (\S+)/.exec(out)[1] };
}

export async function healthy(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

// The pids cluster.sh announced, in order: "cluster: instance 2 started (pid 123, ...".
export function startedPids(output, name) {
  return [...output.matchAll(new RegExp(`cluster: ${name} started \\(pid (\\d+)`, 'g'))]
    .map((m) => Number(m[1]));
}
