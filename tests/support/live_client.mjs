// A socket.io client that behaves like the dashboard's own (records every
// event's seq, keeps the last summary, resumes from its last seq), and the
// small waits and checks the cluster and fault suites share.
//
//   const client = liveClient(port, token, { reconnect: true });
//   await client.connected();
//   assertGapFree(client.seqs, 'alice');
import assert from 'node:assert/strict';

import { io } from 'socket.io-client';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export async function until(predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

// A socket.io client that behaves like ours: records every event's seq,
// keeps the summary it was sent, and resumes from its last seq when it
// reconnects (to whichever instance the load balancer picks).
export function liveClient(port, token, { reconnect = false } = {}) {
  const client = {
    seqs: [], summary: null, lastSeq: undefined, connects: 0, disconnects: 0, resyncs: 0,
    outages: [], reconnectAttempts: 0,
  };
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: reconnect,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    auth: (cb) => cb(client.lastSeq === undefined ? { token } : { token, lastSeq: client.lastSeq }),
  });
  // How long each disconnect lasted, and how many tries its reconnect took.
  let downAt = null;
  socket.on('connect', () => {
    client.connects += 1;
    if (downAt !== null) client.outages.push(Date.now() - downAt);
    downAt = null;
  });
  socket.on('disconnect', () => {
    client.disconnects += 1;
    downAt = Date.now();
  });
  socket.io.on('reconnect_attempt', () => { client.reconnectAttempts += 1; });
  socket.onAny((type, envelope) => {
    if (type === 'dashboard:resyncRequired') {
      client.resyncs += 1;
      return;
    }
    if (!envelope || typeof envelope.seq !== 'number') return;
    client.seqs.push(envelope.seq);
    client.lastSeq = envelope.seq;
    if (type === 'dashboard:summaryUpdated') client.summary = envelope.payload;
  });
  client.socket = socket;
  client.connected = () => new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return client;
}

// Seqs strictly one after another, from the first this socket saw.
export function assertGapFree(seqs, who) {
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i] !== seqs[i - 1] + 1) {
      assert.fail(`${who}: seq ${seqs[i]} after ${seqs[i - 1]} (${seqs.slice(Math.max(0, i - 3), i + 3)})`);
    }
  }
}

export async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}
