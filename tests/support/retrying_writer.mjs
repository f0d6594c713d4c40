// A writer that adds MOCs one after another, each with its own
// Idempotency-Key, and retries a failed attempt (5xx, 409 in progress, a cut
// connection) with the same key and body until it is acknowledged: what the
// client's optimistic queue does. The fault suites run it throughout and
// then check each acknowledged title exists exactly once.
//
//   const writer = startWriter(apiClient(lb.port), token, 'Frozen Keep');
//   ... await writer.stop();  writer.acknowledged, writer.attempts
import assert from 'node:assert/strict';

import { assertGapFree, sleep, until } from './live_client.mjs';

export function startWriter(api, token, prefix) {
  const writer = { acknowledged: [], attempts: [], running: true, replays: 0 };
  writer.done = (async () => {
    for (let n = 0; writer.running; n++) {
      const title = `${prefix} ${n}`;
      const key = `${prefix.replace(/\W/g, '-')}-${n}`;
      for (;;) {
        const started = Date.now();
        let status = 0;
        let retryAfter = null;
        try {
          const res = await api.call('POST', '/api/mocs', {
            token, body: { title, theme: 'Castle' }, headers: { 'idempotency-key': key },
          });
          status = res.status;
          retryAfter = res.headers.get('retry-after');
          if (res.headers.get('idempotent-replayed') === 'true') writer.replays += 1;
        } catch {
          status = -1;  // the connection was cut
        }
        writer.attempts.push({ at: started, ms: Date.now() - started, status, retryAfter });
        if (status === 201) {
          writer.acknowledged.push(title);
          break;
        }
        assert.ok(status === -1 || status >= 500 || status === 409, `${title}: ${status}`);
        await sleep(200);
      }
      await sleep(100);
    }
  })();
  writer.stop = async () => {
    writer.running = false;
    await writer.done;
  };
  return writer;
}

// Lets the writer land three more writes, stops it, and checks the end
// state of a fault: every acknowledged title exactly once (nothing lost,
// nothing twice), and every client at the snapshot's version, gap-free,
// with the snapshot's summary, connected, and never without a socket for
// longer than one reconnect. Returns every client's outages (ms).
export async function assertNothingLostOrDoubled({ writer, api, token, clients, prefix }) {
  const acknowledged = writer.acknowledged.length;
  await until(() => writer.acknowledged.length >= acknowledged + 3, 'writes go on');
  await writer.stop();
  const list = await api.call('GET', `/api/mocs?q=${encodeURIComponent(prefix)}&limit=200`, { token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((m) => m.title).sort(), [...writer.acknowledged].sort(),
    'each acknowledged write exactly once');
  const snapshot = (await api.call('GET', '/api/dashboard', { token })).body;
  for (const [i, client] of clients.entries()) {
    await until(() => client.lastSeq === snapshot.version, `client ${i} reaches ${snapshot.version}`);
    assertGapFree(client.seqs, `client ${i}`);
    assert.deepEqual(client.summary, snapshot.summary);
    // A move of the last balancing round may still be reconnecting.
    await until(() => client.socket.connected, `client ${i} connected`, 5000);
    assert.ok(client.reconnectAttempts <= client.disconnects + 1,
      `client ${i}: ${client.reconnectAttempts} attempts for ${client.disconnects} disconnects`);
    for (const outage of client.outages) assert.ok(outage < 3000, `client ${i} outage ${outage} ms`);
  }
  return clients.flatMap((c) => c.outages);
}
