// HAProxy (Debian's 2.6) in front of dashboard-server instances for a test,
// running the operator's own configuration (deploy/haproxy.cfg) with the
// test's ports in its environment variables. Foreground child process;
// stop() ends it.
//
//   const lb = await startHaproxy([a.port, b.port]);
//   fetch(`http://127.0.0.1:${lb.port}/healthz`);
//   const tls = await startHaproxy([a.port], { tls: true });   // also lb.tlsPort, self-signed
//   await lb.admin('add server instances/extra1 127.0.0.1:9001 check slowstart 2s');  // runtime API
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from './paths.mjs';
import { freePort } from './postgres.mjs';

export const haproxyConfig = path.join(repoRoot, 'deploy/haproxy.cfg');

// A self-signed certificate and key for localhost in one PEM, as HAProxy takes it.
function selfSignedPem(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
    '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const pem = path.join(dir, 'dashboard.pem');
  writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  return pem;
}

function adminCommand(port, command) {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`${command}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', () => resolve(answer.trim()));
    socket.on('error', reject);
  });
}

export async function startHaproxy(instancePorts,
  { tls = false, checkInterval = '500ms', slowstart = '2s' } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-haproxy-'));
  const port = await freePort();
  const adminPort = await freePort();
  const env = {
    ...process.env,
    DASHBOARD_LB_BIND: `127.0.0.1:${port}`,
    DASHBOARD_CHECK_INTERVAL: checkInterval,
    DASHBOARD_SLOWSTART: slowstart,
    DASHBOARD_LB_ADMIN: `ipv4@127.0.0.1:${adminPort}`,
  };
  instancePorts.forEach((p, i) => { env[`DASHBOARD_INSTANCE_${i + 1}`] = `127.0.0.1:${p}`; });
  let tlsPort;
  if (tls) {
    tlsPort = await freePort();
    env.DASHBOARD_TLS_BIND = `127.0.0.1:${tlsPort}`;
    env.DASHBOARD_TLS_CERT = selfSignedPem(dir);
  }
  const proc = spawn('/usr/sbin/haproxy', ['-f', haproxyConfig, '-db'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // Up when the frontend answers through to an instance.
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { redirect: 'manual' });
      if (res.status === 200 || (tls && res.status === 301)) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    tlsPort,
    proc,
    logs: () => stderr,
    // One runtime API command (deploy/haproxy.cfg's stats socket); its answer.
    admin: (command) => adminCommand(adminPort, command),
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
