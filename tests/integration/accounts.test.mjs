// Accounts and sessions (issue 19) against the real server and the real
// socket.io-client: the `user` command's lifecycle, refresh-token rotation
// and reuse detection, sign-out (one session, everywhere, by a password
// change) closing the session's sockets within a second, sign-in
// throttling per address, per address + username and (slowing only, never
// at a known address) per username, surviving a restart, the
// refresh cookie's attributes, the audit log lines and /metrics counters.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient, assertApiError } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-accounts-'));
after(() => rmSync(work, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => path.join(work, `data-${++dirs}`);

// `dashboard-server user ...` against a data dir; the password on stdin.
function userCommand(dataDir, args, password) {
  return spawnSync(serverBin, ['user', ...args, '--data-dir', dataDir,
    ...(password === undefined ? [] : ['--password-stdin'])],
  { encoding: 'utf8', input: password === undefined ? '' : `${password}\n` });
}

// Every sign-in test speaks from an address of its own (the server trusts
// X-Forwarded-For here), so their per-address counts never mix.
let addresses = 0;
function fromAddress() {
  addresses += 1;
  return { 'x-forwarded-for': `198.51.100.${addresses}` };
}

// The refresh cookie a response set, as name=value (for the Cookie header).
function cookieOf(res) {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('dashboard_refresh='));
  return set?.split(';')[0];
}

async function signIn(api, username, password, headers = fromAddress()) {
  const res = await api.call('POST', '/api/auth/login', { body: { username, password }, headers });
  assert.equal(res.status, 200, res.text);
  return { token: res.body.token, cookie: cookieOf(res), expiresAt: res.body.expiresAt, res };
}

function refresh(api, cookie, headers = {}) {
  return api.call('POST', '/api/auth/refresh', { headers: { ...headers, cookie } });
}

// A live /dashboard socket; `ended` resolves with the time its session
// was ended by the server (CONNECT_ERROR AUTH_FAILED, or the close).
async function liveSocket(port, token) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.ended = new Promise((resolve) => {
    socket.once('connect_error', (err) => resolve({ at: Date.now(), message: err.message }));
    socket.once('disconnect', (reason) => resolve({ at: Date.now(), message: reason }));
  });
  return socket;
}

// How long after `since` the socket was ended; fails when it stays open.
async function endedWithin(socket, since, timeoutMs = 10000) {
  const ended = await Promise.race([socket.ended,
    new Promise((resolve) => setTimeout(() => resolve(null), timeoutMs))]);
  socket.close();
  assert.ok(ended, `socket still open ${timeoutMs} ms after its session ended`);
  return ended.at - since;
}

async function metricsText(port) {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe('the user command', () => {
  test('add, sign in, passwd (old password and sockets end), remove with --yes, list', async () => {
    const dataDir = freshDir();
    // The rules, before anything is created.
    assert.match(userCommand(dataDir, ['add', 'carol'], 'short1').stderr, /at least 10 characters/);
    assert.match(userCommand(dataDir, ['add', 'carolcarol'], 'CarolCarol').stderr,
      /must not be the username/);
    assert.match(userCommand(dataDir, ['add', 'carol'], 'Basketball').stderr,
      /most common passwords/);
    assert.match(userCommand(dataDir, ['add', 'carol']).stderr, /--password-stdin/);
    assert.match(userCommand(dataDir, ['add', 'carol', '--role', 'root'], 'x').stderr, /role/);

    let run = userCommand(dataDir, ['add', 'carol', '--role', 'admin'], 'tall-red-tower-1');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /created user carol \(admin\)/);
    run = userCommand(dataDir, ['add', 'dave'], 'quiet-blue-harbour');
    assert.equal(run.status, 0, run.stderr);
    run = userCommand(dataDir, ['add', 'dave'], 'quiet-blue-harbour');
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /already exists/);
    run = userCommand(dataDir, ['list']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /carol\s+admin/);
    assert.match(run.stdout, /dave\s+member/);

    // Users made by the command mean no demo users on the first start.
    const server = await startServer({ site: siteDir, dataDir, args: ['--trust-forwarded-for'] });
    const api = apiClient(server.port);
    try {
      assert.equal((await api.call('POST', '/api/auth/login',
        { body: { username: 'alice', password: 'alice-bricks' } })).status, 401);
      const carol = await signIn(api, 'carol', 'tall-red-tower-1');
      assert.equal(carol.res.body.user.username, 'carol');
      const socket = await liveSocket(server.port, carol.token);

      run = userCommand(dataDir, ['passwd', 'carol'], 'new-green-castle-2');
      const changedAt = Date.now();
      assert.equal(run.status, 0, run.stderr);
      const closedAfter = await endedWithin(socket, changedAt);
      console.log(`socket closed ${closedAfter} ms after \`user passwd\` returned`);
      assert.ok(closedAfter < 2000, `closed after ${closedAfter} ms`);
      assertApiError(await refresh(api, carol.cookie), 401, 'UNAUTHORIZED');
      assertApiError(await api.call('GET', '/api/dashboard', { token: carol.token }), 401,
        'UNAUTHORIZED', /ended/);
      assert.equal((await api.call('POST', '/api/auth/login', { headers: fromAddress(),
        body: { username: 'carol', password: 'tall-red-tower-1' } })).status, 401);
      await signIn(api, 'carol', 'new-green-castle-2');

      // Remove: refused without --yes, then gone with its data.
      const dave = await signIn(api, 'dave', 'quiet-blue-harbour');
      assert.equal((await api.call('POST', '/api/mocs', { token: dave.token,
        body: { title: 'Lighthouse', theme: 'Creator' } })).status, 201);
      run = userCommand(dataDir, ['remove', 'dave']);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /--yes/);
      assert.equal((await api.call('GET', '/api/mocs', { token: dave.token })).status, 200);
      run = userCommand(dataDir, ['remove', 'dave', '--yes']);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(userCommand(dataDir, ['list']).stdout, /dave/);
      assert.equal((await api.call('POST', '/api/auth/login', { headers: fromAddress(),
        body: { username: 'dave', password: 'quiet-blue-harbour' } })).status, 401);
      assertApiError(await refresh(api, dave.cookie), 401, 'UNAUTHORIZED');
      assert.match(userCommand(dataDir, ['remove', 'nobody', '--yes']).stderr, /no user named/);
    } finally {
      await stopServer(server);
    }
  });
});

describe('sessions', () => {
  let server;
  let api;
  after(() => stopServer(server));

  test('the server starts with short access tokens and no reuse grace', async () => {
    server = await startServer({ site: siteDir, dataDir: freshDir(),
      args: ['--trust-forwarded-for', '--access-token-ttl-seconds', '60',
        '--refresh-reuse-grace-seconds', '0'] });
    api = apiClient(server.port);
  });

  test('the refresh cookie: HttpOnly, SameSite=Strict, the auth path, Secure over HTTPS',
    async () => {
      const { res, expiresAt } = await signIn(api, 'alice', 'alice-bricks');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dashboard_refresh='));
      assert.match(cookie, /; Path=\/api\/auth(;|$)/);
      assert.match(cookie, /; HttpOnly(;|$)/);
      assert.match(cookie, /; SameSite=Strict(;|$)/);
      assert.match(cookie, /; Max-Age=2592000(;|$)/);  // 30 days
      assert.doesNotMatch(cookie, /Secure/);
      assert.ok(!('refreshToken' in res.body), 'the refresh token is not in the body');
      const expires = Date.parse(expiresAt);
      assert.ok(Math.abs(expires - (Date.now() + 60000)) < 10000, `expiresAt ${expiresAt}`);
      const https = await signIn(api, 'alice', 'alice-bricks',
        { ...fromAddress(), 'x-forwarded-proto': 'https' });
      assert.match(https.res.headers.getSetCookie().join('\n'), /; Secure/);
    });

  test('refresh rotates; the replaced token used again ends the whole session', async () => {
    const first = await signIn(api, 'alice', 'alice-bricks');
    const socket = await liveSocket(server.port, first.token);
    const rotated = await refresh(api, first.cookie);
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal(rotated.body.user.username, 'alice');
    const second = cookieOf(rotated);
    assert.ok(second && second !== first.cookie, 'a new refresh token');
    assert.equal((await api.call('GET', '/api/dashboard', { token: rotated.body.token })).status,
      200);
    const third = cookieOf(await refresh(api, second));
    assert.ok(third);

    // The first token again: theft. The session ends: its newest refresh
    // token, its access tokens and its socket.
    const reusedAt = Date.now();
    const reused = await refresh(api, first.cookie);
    assertApiError(reused, 401, 'UNAUTHORIZED', /used twice/);
    assert.match(reused.headers.getSetCookie().join('\n'), /dashboard_refresh=; .*Max-Age=0/);
    const closedAfter = await endedWithin(socket, reusedAt);
    assert.ok(closedAfter < 2000, `closed after ${closedAfter} ms`);
    assertApiError(await refresh(api, third), 401, 'UNAUTHORIZED', /ended/);
    assertApiError(await api.call('GET', '/api/dashboard', { token: rotated.body.token }), 401,
      'UNAUTHORIZED', /ended/);
    await server.waitForLog((e) => e.msg === 'auth' && e.event === 'refresh' &&
      e.outcome === 'reuse_detected');
  });

  test('sign out ends this session only; its socket closes', async () => {
    const mine = await signIn(api, 'bob', 'bob-bricks');
    const other = await signIn(api, 'bob', 'bob-bricks');
    const mySocket = await liveSocket(server.port, mine.token);
    const otherSocket = await liveSocket(server.port, other.token);
    const outAt = Date.now();
    const out = await api.call('POST', '/api/auth/logout',
      { token: mine.token, headers: { cookie: mine.cookie } });
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie().join('\n'), /dashboard_refresh=; .*Max-Age=0/);
    const closedAfter = await endedWithin(mySocket, outAt);
    assert.ok(closedAfter < 2000, `closed after ${closedAfter} ms`);
    assertApiError(await refresh(api, mine.cookie), 401, 'UNAUTHORIZED');
    // The other browser goes on.
    assert.equal((await refresh(api, other.cookie)).status, 200);
    assert.ok(otherSocket.connected);
    otherSocket.close();
  });

  test('sign out everywhere closes every socket of the user within a second', async () => {
    const sessions = [];
    for (let i = 0; i < 3; i += 1) sessions.push(await signIn(api, 'bob', 'bob-bricks'));
    const sockets = await Promise.all(sessions.map((s) => liveSocket(server.port, s.token)));
    const alice = await signIn(api, 'alice', 'alice-bricks');
    const aliceSocket = await liveSocket(server.port, alice.token);
    const outAt = Date.now();
    const out = await api.call('POST', '/api/auth/logout-all', { token: sessions[0].token });
    assert.equal(out.status, 204, out.text);
    for (const socket of sockets) {
      const closedAfter = await endedWithin(socket, outAt);
      assert.ok(closedAfter < 2000, `closed after ${closedAfter} ms`);
    }
    for (const session of sessions) {
      assertApiError(await refresh(api, session.cookie), 401, 'UNAUTHORIZED');
    }
    // A new socket with a token of an ended session is refused.
    await assert.rejects(liveSocket(server.port, sessions[1].token), /AUTH_FAILED/);
    // Someone else's session is untouched.
    assert.ok(aliceSocket.connected);
    aliceSocket.close();
  });

  test('a password change ends the other sessions and keeps this browser signed in',
    async () => {
      const here = await signIn(api, 'bob', 'bob-bricks');
      const elsewhere = await signIn(api, 'bob', 'bob-bricks');
      const socket = await liveSocket(server.port, elsewhere.token);
      assertApiError(await api.call('POST', '/api/auth/password', { token: here.token,
        body: { currentPassword: 'wrong-password', newPassword: 'orange-brick-wall-9' } }),
      400, 'VALIDATION_FAILED', /current password/);
      const weak = await api.call('POST', '/api/auth/password', { token: here.token,
        body: { currentPassword: 'bob-bricks', newPassword: 'short' } });
      assertApiError(weak, 400, 'VALIDATION_FAILED', /at least 10/);
      assert.equal(weak.body.error.field, 'newPassword');
      const changedAt = Date.now();
      const changed = await api.call('POST', '/api/auth/password', { token: here.token,
        body: { currentPassword: 'bob-bricks', newPassword: 'orange-brick-wall-9' } });
      assert.equal(changed.status, 200, changed.text);
      const closedAfter = await endedWithin(socket, changedAt);
      assert.ok(closedAfter < 2000, `closed after ${closedAfter} ms`);
      assertApiError(await refresh(api, elsewhere.cookie), 401, 'UNAUTHORIZED');
      assertApiError(await refresh(api, here.cookie), 401, 'UNAUTHORIZED');
      assert.equal((await refresh(api, cookieOf(changed))).status, 200);
      await signIn(api, 'bob', 'orange-brick-wall-9');
    });

  test('every auth event is a log line without secrets and a /metrics count', async () => {
    const lines = server.logs.filter((e) => e.msg === 'auth');
    assert.ok(lines.length > 10);
    for (const line of lines) {
      assert.ok(line.event && line.outcome, JSON.stringify(line));
      const text = JSON.stringify(line);
      assert.doesNotMatch(text, /bricks|orange-brick|dashboard_refresh|eyJ/, text);
    }
    const text = await metricsText(server.port);
    for (const [event, outcome] of [['sign_in', 'ok'], ['refresh', 'ok'],
      ['refresh', 'reuse_detected'], ['sign_out', 'ok'], ['sign_out_everywhere', 'ok'],
      ['password_change', 'ok'], ['password_change', 'wrong_password']]) {
      const line = new RegExp(
        `^dashboard_auth_events_total\\{event="${event}",outcome="${outcome}"\\} ([0-9]+)$`, 'm');
      assert.ok(Number(text.match(line)?.[1]) >= 1, `${event} ${outcome} counted`);
    }
  });
});

describe('sign-in throttling', () => {
  const dataDir = freshDir();
  let server;
  let api;
  after(() => stopServer(server));
  const args = ['--trust-forwarded-for', '--signin-free-failures-user', '3',
    '--signin-free-failures-address', '6', '--signin-first-delay-seconds', '60'];
  const attempt = (username, password, headers) =>
    api.call('POST', '/api/auth/login', { body: { username, password }, headers });

  test('the server starts', async () => {
    server = await startServer({ site: siteDir, dataDir, args });
    api = apiClient(server.port);
  });

  const aliceHome = fromAddress();
  const guesser = fromAddress();

  test('a success resets the address + username: failures before it do not add up', async () => {
    const headers = aliceHome;
    for (let i = 0; i < 2; i += 1) assert.equal((await attempt('alice', 'nope', headers)).status, 401);
    assert.equal((await attempt('alice', 'alice-bricks', headers)).status, 200);
    for (let i = 0; i < 3; i += 1) assert.equal((await attempt('alice', 'nope', headers)).status, 401);
    assert.equal((await attempt('alice', 'alice-bricks', headers)).status, 200);
  });

  test('per username, from new addresses: slowed down (at most 30 s), never locked', async () => {
    for (let i = 0; i < 4; i += 1) {
      assert.equal((await attempt('bob', 'nope', fromAddress())).status, 401);
    }
    // The right password from a new address waits too: the guesser cannot tell.
    const res = await attempt('bob', 'bob-bricks', fromAddress());
    assertApiError(res, 429, 'TOO_MANY_ATTEMPTS', /try again in \d+ seconds/);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter > 20 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    // alice's five failures above count against her username too, but not
    // where she signed in before.
    assert.equal((await attempt('alice', 'alice-bricks', aliceHome)).status, 200);
  });

  test('per address: many usernames from one address', async () => {
    const headers = guesser;
    for (let i = 0; i < 7; i += 1) {
      assert.equal((await attempt(`guess${i}`, 'nope', headers)).status, 401);
    }
    assertApiError(await attempt('alice', 'alice-bricks', headers), 429, 'TOO_MANY_ATTEMPTS');
    assert.equal((await attempt('alice', 'alice-bricks', aliceHome)).status, 200);
  });

  test('the waits survive a restart (they are in the store)', async () => {
    await stopServer(server);
    server = await startServer({ site: siteDir, dataDir, args });
    api = apiClient(server.port);
    const res = await attempt('bob', 'bob-bricks', guesser);
    assertApiError(res, 429, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const text = await metricsText(server.port);
    assert.match(text, /^dashboard_auth_events_total\{event="sign_in",outcome="throttled"\} [1-9]/m);
  });
});

// Behind a proxy (X-Forwarded-For trusted), 21 wrong passwords for alice
// from one address: that address is slowed for everyone, alice is not
// locked out anywhere else, and never where she signed in before.
describe('sign-in throttling: nobody locks out another person', () => {
  const dataDir = freshDir();
  let server;
  let api;
  after(() => stopServer(server));
  const attempt = (username, password, headers) =>
    api.call('POST', '/api/auth/login', { body: { username, password }, headers });
  const retryAfter = (res) => Number(res.headers.get('retry-after'));

  test('21 failures for alice from A', async () => {
    // Defaults but the first wait, long enough that the checks below all
    // fall inside it on a loaded machine.
    server = await startServer({ site: siteDir, dataDir,
      args: ['--trust-forwarded-for', '--signin-first-delay-seconds', '4'] });
    api = apiClient(server.port);
    const home = fromAddress();
    const attacker = fromAddress();
    assert.equal((await attempt('alice', 'alice-bricks', home)).status, 200);

    const statuses = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await attempt('alice', 'guess', attacker)).status);
    assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(' '));
    assert.ok(statuses.filter((s) => s === 401).length >= 6, statuses.join(' '));
    assert.equal(statuses.at(-1), 429, 'A is held back');

    // Where alice signed in before: in at once, whatever her username's count.
    assert.equal((await attempt('alice', 'alice-bricks', home)).status, 200);

    // A itself is slowed for everyone (bob behind the same proxy address),
    // for seconds, not the 15 minutes of the longest wait; bob elsewhere is untouched.
    const bobAtA = await attempt('bob', 'bob-bricks', attacker);
    assertApiError(bobAtA, 429, 'TOO_MANY_ATTEMPTS');
    assert.ok(retryAfter(bobAtA) <= 60, `Retry-After ${retryAfter(bobAtA)}`);
    assert.equal((await attempt('bob', 'bob-bricks', fromAddress())).status, 200);

    // alice from a new address B: slowed down by her username's count
    // (at most 30 s), then in.
    const b = fromAddress();
    const first = await attempt('alice', 'alice-bricks', b);
    if (first.status !== 200) {
      assertApiError(first, 429, 'TOO_MANY_ATTEMPTS');
      assert.ok(retryAfter(first) <= 30, `Retry-After ${retryAfter(first)}`);
      await new Promise((r) => setTimeout(r, retryAfter(first) * 1000 + 100));
      assert.equal((await attempt('alice', 'alice-bricks', b)).status, 200);
    }
  });
});

describe('sign-up', () => {
  test('off by default; with --allow-signup a new member is signed in', async () => {
    const dataDir = freshDir();
    let server = await startServer({ site: siteDir, dataDir });
    let api = apiClient(server.port);
    try {
      assert.deepEqual((await api.call('GET', '/api/auth/config')).body, { signup: false });
      assertApiError(await api.call('POST', '/api/auth/signup',
        { body: { username: 'erin', password: 'purple-kite-flying' } }), 403, 'SIGNUP_DISABLED');
    } finally {
      await stopServer(server);
    }
    server = await startServer({ site: siteDir, dataDir, args: ['--allow-signup'] });
    api = apiClient(server.port);
    try {
      assert.deepEqual((await api.call('GET', '/api/auth/config')).body, { signup: true });
      const common = await api.call('POST', '/api/auth/signup',
        { body: { username: 'erin', password: 'qwertyuiop' } });
      assertApiError(common, 400, 'VALIDATION_FAILED', /common/);
      assert.equal(common.body.error.field, 'password');
      const made = await api.call('POST', '/api/auth/signup',
        { body: { username: 'erin', password: 'purple-kite-flying' } });
      assert.equal(made.status, 201, made.text);
      assert.ok(cookieOf(made));
      assert.equal((await api.call('GET', '/api/dashboard', { token: made.body.token })).status,
        200);
      assertApiError(await api.call('POST', '/api/auth/signup',
        { body: { username: 'erin', password: 'purple-kite-flying' } }), 409, 'USERNAME_TAKEN');
      assert.match(userCommand(dataDir, ['list']).stdout, /erin\s+member/);
    } finally {
      await stopServer(server);
    }
  });
});
