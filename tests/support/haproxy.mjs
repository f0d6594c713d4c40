// HAProxy (Debian's 2.6) in front of dashboard-server instances for a test,
// with the configuration an operator uses (deploy/haproxy.cfg's shape):
// HTTP and WebSocket on one port, balance leastconn, health checks on
// /healthz. Runs in the foreground as a child process; stop() ends it.
//
//   const lb = await startHaproxy([{ name: 'a', port: a.port }, { name: 'b', port: b.port }]);
//   fetch(`http://127.0.0.1:${lb.port}/healthz`);
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './postgres.mjs';

export function haproxyConfig({ port, backends, checkIntervalMs = 500 }) {
  return `global
  # Two descriptors per proxied connection; stays within a default 20,000 ulimit.
  maxconn 8000
  log stderr format raw local0 warning

defaults
  mode http
  log global
  option dontlognull
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A WebSocket is a tunnel once upgraded; pings keep it busy well within this.
  timeout tunnel 1h
  timeout http-keep-alive 10s
  # A connection refused by an instance that just died goes to another.
  retries 3
  option redispatch

frontend dashboard
  bind 127.0.0.1:${port}
  default_backend instances

backend instances
  balance leastconn
  option httpchk GET /healthz
  http-check expect status 200
  default-server check inter ${checkIntervalMs} fall 2 rise 1 on-marked-down shutdown-sessions
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port}`).join('\n')}
`;
}

export async function startHaproxy(backends, { checkIntervalMs } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-haproxy-'));
  const port = await freePort();
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig({ port, backends, checkIntervalMs }));
  const proc = spawn('/usr/sbin/haproxy', ['-f', config, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // Up when the frontend answers.
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    proc,
    logs: () => stderr,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
