// What watching costs: dashboard-server's CPU % with 100 monitored HTTP
// endpoints at a 10 s interval (plus its built-in checks), next to the same
// server watching none, in the same run, each with one admin socket
// subscribed to the live status feed. CPU is utime + stime from
// /proc/<pid>/stat over the measuring window, after a warm-up.
//
//   node tests/bench/status/cpu.mjs [--monitors 100] [--interval-ms 10000] [--seconds 60]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

import { apiClient } from '../../support/api_client.mjs';
import { siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  monitors: { type: 'string', default: '100' },
  'interval-ms': { type: 'string', default: '10000' },
  seconds: { type: 'string', default: '60' },
  warmup: { type: 'string', default: '15' },
} });
const monitors = Number(values.monitors);
const intervalMs = Number(values['interval-ms']);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const ticks = 100;  // USER_HZ on Linux

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;  // utime, stime
}

// One endpoint process answering every path: the probes' peers.
const endpoint = http.createServer((req, res) => res.writeHead(200).end('ok'));
await new Promise((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${endpoint.address().port}`;
let hits = 0;
endpoint.on('request', () => { hits += 1; });

async function measure(label, count) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-bench-'));
  const args = ['--status-interval-ms', String(intervalMs)];
  for (let i = 0; i < count; i += 1) args.push('--monitor', `ep${i}=${base}/ep/${i}`);
  const server = await startServer({ site: siteDir, dataDir, args });
  try {
    const api = apiClient(server.port);
    const token = await api.login('alice');
    const socket = io(`http://127.0.0.1:${server.port}/dashboard`,
      { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    let deltas = 0;
    socket.on('service:status', () => { deltas += 1; });
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
    socket.emit('subscribe:status');
    await sleep(warmup * 1000);
    const hitsBefore = hits;
    const deltasBefore = deltas;
    const cpuBefore = cpuSeconds(server.proc.pid);
    const started = process.hrtime.bigint();
    await sleep(seconds * 1000);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(server.proc.pid) - cpuBefore;
    socket.disconnect();
    return { label, monitors: count, cpuPercent: (100 * cpu) / wall, cpuSeconds: cpu, wall,
      probes: hits - hitsBefore, deltas: deltas - deltasBefore };
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const idle = await measure('built-in checks only', 0);
const watched = await measure(`${monitors} monitors`, monitors);
endpoint.close();
for (const r of [idle, watched]) {
  console.log(`${r.label.padEnd(22)} CPU ${r.cpuPercent.toFixed(2)} % (${r.cpuSeconds.toFixed(2)} s ` +
    `in ${r.wall.toFixed(1)} s), ${r.probes} probes, ${r.deltas} deltas received`);
}
const extra = watched.cpuSeconds - idle.cpuSeconds * (watched.wall / idle.wall);
console.log(`${monitors} endpoints at ${intervalMs / 1000} s: +${(watched.cpuPercent - idle.cpuPercent).toFixed(2)} ` +
  `CPU percentage points, ${watched.probes ? ((1e6 * extra) / watched.probes).toFixed(0) : '-'} µs per probe ` +
  `(probe, record, delta to one socket); load ${os.loadavg()[0].toFixed(1)}`);
