// A writer that adds MOCs one after another, each with its own
// Idempotency-Key, and retries a failed attempt (5xx, 409 in progress, a cut
// connection) with the same key and body until it is acknowledged: what the
// client's optimistic queue does. The fault suites run it throughout and
// then check each acknowledged title exists exactly once.
//
//   const writer = startWriter(apiClient(lb.port), token, 'Frozen Keep');
//   ... await writer.stop();  writer.acknowledged, writer.attempts
import assert from 'node:assert/strict';

import { sleep } from './live_client.mjs';

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
