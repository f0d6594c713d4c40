// A small JSON API client for tests, on Node's fetch.
//
//   const api = apiClient(port);
//   const token = await api.login('alice', 'alice-bricks');
//   const { status, body } = await api.call('GET', '/api/dashboard', { token });
import assert from 'node:assert/strict';

export const DEMO_PASSWORDS = { alice: 'alice-bricks', bob: 'bob-bricks' };

export function apiClient(port) {
  const base = `http://127.0.0.1:${port}`;

  async function call(method, path, { token, body, contentType, rawBody, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (rawBody !== undefined) {
      payload = rawBody;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
    }
    if (payload !== undefined) h['content-type'] = contentType ?? 'application/json';
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body: json, text };
  }

  async function login(username, password = DEMO_PASSWORDS[username]) {
    const res = await call('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return res.body.token;
  }

  // Every event after `since`, following pages.
  async function eventsSince(token, since) {
    const events = [];
    let cursor = since;
    for (;;) {
      const res = await call('GET', `/api/events?since=${cursor}&limit=1000`, { token });
      if (res.status !== 200) return { status: res.status, body: res.body, events };
      events.push(...res.body.events);
      if (res.body.events.length === 0) return { status: 200, events, lastSeq: res.body.lastSeq };
      cursor = res.body.events.at(-1).seq;
    }
  }

  // Adds MOCs through POST /api/mocs/import, a thousand per request (the
  // API's limit), each request one transaction: 10,000 MOCs in seconds.
  async function importMocs(token, mocs) {
    for (let i = 0; i < mocs.length; i += 1000) {
      const res = await call('POST', '/api/mocs/import', { token, body: { mocs: mocs.slice(i, i + 1000) } });
      if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text}`);
    }
  }

  return { base, call, login, eventsSince, importMocs };
}

// Asserts the shared error body: the status, error.code, and (when given)
// a pattern the message must match.
export function assertApiError(res, status, code, messagePattern) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error?.code, code, res.text);
  if (messagePattern) assert.match(res.body.error.message, messagePattern);
}
