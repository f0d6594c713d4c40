// The build board in Chromium against the real server with the demo data
// (alice's board is shared with bob as editor): columns and counts as the
// API has them; bob drags a card on alice's board and alice sees it move;
// both move the same card at once and the later one rolls back with a toast
// that names who moved it; keyboard moves; the 375 px layout with its
// column switcher and touch moves; a viewer cannot drag; a revoked share
// says "Access removed"; the sharing page adds and removes people with
// errors next to the field. Screenshots at 375 / 800 / 1440 px go to
// tests/artifacts/e2e/board/.
//
// The pages follow board:alice on the socket (topic subscriptions), with
// presence; REST polling covers only a subscription that is not live.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { afterInput, artifactPath, openPage } from '../support/browser.mjs';
import {
  COLUMNS, columnOf, dragCard, pressMoveKey, shareWithBob, topCard, waitForCard,
} from '../support/board.mjs';
import { byTestId, overlayText, texts, waitForText } from '../support/overlay.mjs';
import { clickItem, fillField, itemCenter, loadRoute, waitForMoc } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

describe('the build board in Chromium', () => {
  const suite = signedInSuite('dashboard-board-');
  let bobToken;
  const open = async ({ user = 'alice', route = '/board', width = 1440, height = 900, hasTouch = false } = {}) => {
    const opened = await openPage(suite.browser, { width, height, hasTouch });
    const token = user === 'alice' ? suite.token : (bobToken ??= await suite.api.login('bob'));
    await loadRoute(opened.page, { baseUrl: suite.baseUrl, token, user, route, section: 'board-page' });
    await opened.page.waitForSelector(byTestId('board-column-added'), { state: 'attached', timeout: TIMEOUT });
    return opened;
  };
  const mocOf = async (id) => (await suite.api.call('GET', `/api/mocs/${id}`, { token: suite.token })).body;

  test('columns and counts as the API has them, at 1440, 800 and 375 px', async () => {
    const board = (await suite.api.call('GET', '/api/board/alice', { token: suite.token })).body;
    const want = { added: 0, in_progress: 0, built: 0 };
    for (const c of board.cards) want[c.buildStatus.toLowerCase()] += 1;
    for (const [width, height] of [[1440, 900], [800, 900], [375, 800]]) {
      const { context, page, problems } = await open({ width, height });
      try {
        await waitForText(page, 'page-title', (t) => t === 'Build board');
        if (width >= 800) {
          for (const column of COLUMNS) {
            assert.equal(await overlayText(page, `board-count-${column}`), String(want[column]), column);
          }
          // Cards in rank order: the first cards of Added are the lowest ranks.
          const added = board.cards.filter((c) => c.buildStatus === 'ADDED')
            .sort((a, b) => (a.boardRank < b.boardRank ? -1 : a.boardRank > b.boardRank ? 1 : a.id < b.id ? -1 : 1));
          const shown = await texts(page, 'board-card-added');
          assert.deepEqual(shown.slice(0, 3), added.slice(0, 3).map((c) => c.title));
        } else {
          // One column at a time, with a switcher that names each column's count.
          assert.deepEqual(await texts(page, 'board-column-tab'),
            [`Added ${want.added}`, `In progress ${want.in_progress}`, `Built ${want.built}`]);
          assert.equal((await texts(page, 'board-card-built')).length, 0);
          await clickItem(page, 'board-column-tab', `Built ${want.built}`);
          await page.waitForSelector(byTestId('board-card-built'), { state: 'attached', timeout: TIMEOUT });
          assert.equal((await texts(page, 'board-card-added')).length, 0);
        }
        assert.match(await overlayText(page, 'board-hint'), width >= 800 ? /Shift \+ arrows/ : /Tap a card/);
        await page.screenshot({ path: artifactPath('e2e', 'board', `board-${width}.png`) });
        assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
      } finally {
        await context.close();
      }
    }
  });

  test('bob drags a card on alice\'s board; alice sees it move', async () => {
    await shareWithBob(suite.api, suite.token, 'editor');
    const moc = await topCard(suite.api, suite.token, 'Drag Keep');
    const alice = await open({ user: 'alice' });
    const bob = await open({ user: 'bob', route: '/board/alice' });
    try {
      await waitForText(bob.page, 'page-title', (t) => t === 'alice\u2019s board');
      await waitForCard(alice.page, 'Drag Keep', 'added');
      await waitForCard(bob.page, 'Drag Keep', 'added');
      // Who is here: both, from the topic's presence.
      await waitForText(alice.page, 'board-presence', (t) => t === 'Here now: alice, bob');
      await dragCard(bob.page, 'Drag Keep', 'built');
      // Bob's own page moves it at once (the frame of the drop), then the server agrees.
      assert.equal(await columnOf(bob.page, 'Drag Keep'), 'built');
      const after = await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'BUILT');
      assert.equal(after.version, moc.version + 1);
      await waitForCard(alice.page, 'Drag Keep', 'built');
      await waitForText(alice.page, 'board-recent', (t) => /^bob moved Drag Keep to Built, \d+ s ago$/.test(t));
      await bob.page.screenshot({ path: artifactPath('e2e', 'board', 'bob-after-drag-1440.png') });
      assert.deepEqual([...alice.problems, ...bob.problems].filter((p) => !/404/.test(p)), []);
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  test('both move the same card at once: the later one rolls back and says who moved it', async () => {
    await shareWithBob(suite.api, suite.token, 'editor');
    const moc = await topCard(suite.api, suite.token, 'Race Tower');
    const { context, page, problems } = await open({ user: 'alice' });
    try {
      await waitForCard(page, 'Race Tower', 'added');
      // Alice's move leaves her tab; bob's lands on the server first.
      bobToken ??= await suite.api.login('bob');
      await page.route('**/api/mocs/*', async (route) => {
        if (route.request().method() !== 'PATCH') return route.continue();
        const res = await suite.api.call('PATCH', `/api/mocs/${moc.id}`, {
          token: bobToken, headers: { 'if-match': `"${moc.version}"` },
          body: { buildStatus: 'BUILT', boardRank: '1' },
        });
        assert.equal(res.status, 200, res.text);
        return route.continue();
      });
      await dragCard(page, 'Race Tower', 'in_progress');
      await waitForText(page, 'toast', (t) => t.includes('Race Tower') && t.includes('bob moved it to Built'), TIMEOUT);
      await waitForCard(page, 'Race Tower', 'built');
      assert.equal((await mocOf(moc.id)).buildStatus, 'BUILT');
      await page.screenshot({ path: artifactPath('e2e', 'board', 'rollback-toast-1440.png') });
      assert.deepEqual(problems.filter((p) => !/404|409/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('keyboard: arrows pick a card, Shift + arrows move it', async () => {
    const moc = await topCard(suite.api, suite.token, 'Key Bridge');
    const { context, page } = await open({ width: 1440, height: 900 });
    try {
      await waitForCard(page, 'Key Bridge', 'added');
      await clickItem(page, 'board-card-added', 'Key Bridge');
      await waitForText(page, 'board-selected', (t) => t === 'Key Bridge');
      await pressMoveKey(page, 'ArrowRight', { shift: true });
      assert.equal(await columnOf(page, 'Key Bridge'), 'in_progress');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'IN_PROGRESS');
      await pressMoveKey(page, 'ArrowRight', { shift: true });
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'BUILT');
      // Down within Built: it lands after its neighbour, in the server's order too.
      const built = await waitForCard(page, 'Key Bridge', 'built');
      const index = built.indexOf('Key Bridge');
      await pressMoveKey(page, 'ArrowDown', { shift: true });
      const moved = await waitForMoc(suite.api, suite.token, moc.id, (m) => m.version === moc.version + 3);
      const shown = await texts(page, 'board-card-built');
      assert.equal(shown.indexOf('Key Bridge'), index + 1);
      const board = (await suite.api.call('GET', '/api/board/alice', { token: suite.token })).body;
      const serverOrder = board.cards.filter((c) => c.buildStatus === 'BUILT')
        .sort((a, b) => (a.boardRank < b.boardRank ? -1 : a.boardRank > b.boardRank ? 1 : a.id < b.id ? -1 : 1))
        .map((c) => c.title);
      assert.equal(serverOrder.indexOf('Key Bridge'), index + 1, moved.boardRank);
      // Arrows without Shift only pick.
      await pressMoveKey(page, 'ArrowUp');
      assert.equal(await overlayText(page, 'board-selected'), shown[index]);
      assert.equal(await columnOf(page, 'Key Bridge'), 'built');
    } finally {
      await context.close();
    }
  });

  test('375 px: the column switcher and touch moves', async () => {
    const moc = await topCard(suite.api, suite.token, 'Touch Mill');
    const { context, page } = await open({ width: 375, height: 800, hasTouch: true });
    try {
      await waitForCard(page, 'Touch Mill', 'added');
      const at = await itemCenter(page, 'board-card-added', 'Touch Mill');
      await afterInput(page, () => page.touchscreen.tap(at.x, at.y), 3);
      await waitForText(page, 'board-selected', (t) => t === 'Touch Mill');
      await page.screenshot({ path: artifactPath('e2e', 'board', 'touch-picked-375.png') });
      const right = await itemCenter(page, 'board-move-right');
      await afterInput(page, () => page.touchscreen.tap(right.x, right.y), 3);
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'IN_PROGRESS');
      // The column shown follows the card.
      await waitForCard(page, 'Touch Mill', 'in_progress');
      assert.equal((await texts(page, 'board-card-added')).length, 0);
    } finally {
      await context.close();
    }
  });

  test('a viewer cannot drag; a revoked share says "Access removed"', async () => {
    await shareWithBob(suite.api, suite.token, 'viewer');
    const moc = await topCard(suite.api, suite.token, 'Viewer Hut');
    const { context, page } = await open({ user: 'bob', route: '/board/alice' });
    try {
      await waitForText(page, 'board-readonly', (t) => t.startsWith('View only'));
      await waitForCard(page, 'Viewer Hut', 'added');
      await dragCard(page, 'Viewer Hut', 'built');
      assert.equal(await columnOf(page, 'Viewer Hut'), 'added');
      assert.equal((await mocOf(moc.id)).version, moc.version);
      assert.equal(await overlayText(page, 'board-move-right'), null);
      // Alice stops sharing: bob's page says so.
      const shares = (await suite.api.call('GET', '/api/shares', { token: suite.token })).body;
      const share = shares.owned.find((s) => s.grantee === 'bob');
      assert.equal((await suite.api.call('DELETE', `/api/shares/${share.id}`, { token: suite.token })).status, 204);
      await waitForText(page, 'board-access-removed', (t) => t === 'Access removed', TIMEOUT);
      await page.screenshot({ path: artifactPath('e2e', 'board', 'access-removed-1440.png') });
    } finally {
      await context.close();
      await shareWithBob(suite.api, suite.token, 'editor');
    }
  });

  test('the sharing page: errors next to the field, add and remove', async () => {
    await shareWithBob(suite.api, suite.token, 'editor');
    const opened = await openPage(suite.browser, { width: 800, height: 900 });
    const { context, page, problems } = opened;
    try {
      await loadRoute(page, { baseUrl: suite.baseUrl, token: suite.token, route: '/board/sharing', section: 'sharing-page' });
      await waitForText(page, 'share-person', (t) => t === 'bob');
      const submit = async (name) => {
        await fillField(page, 'share-username', name);
        await page.keyboard.press('Enter');
      };
      await submit('nobody-here');
      await waitForText(page, 'share-error', (t) => t === 'No user named nobody-here');
      await submit('alice');
      await waitForText(page, 'share-error', (t) => t.startsWith('That is you'));
      await clickItem(page, 'share-role', 'Editor');
      await submit('bob');
      await waitForText(page, 'share-error', (t) => t === 'Already shared with bob as editor');
      await page.screenshot({ path: artifactPath('e2e', 'board', 'sharing-error-800.png') });
      await clickItem(page, 'share-remove', 'Remove');
      await waitForText(page, 'share-empty', (t) => t.includes('not shared'));
      const after = (await suite.api.call('GET', '/api/shares', { token: suite.token })).body;
      assert.deepEqual(after.owned, []);
      await clickItem(page, 'share-role', 'Viewer');
      await submit('bob');
      await waitForText(page, 'share-role-of', (t) => t === 'bob: Viewer: sees the board');
      const again = (await suite.api.call('GET', '/api/shares', { token: suite.token })).body;
      assert.equal(again.owned[0].role, 'viewer');
      assert.equal(await page.locator(`input${byTestId('share-username')}`).inputValue(), '');
      assert.deepEqual(problems.filter((p) => !/40[04]/.test(p)), []);
    } finally {
      await context.close();
      await shareWithBob(suite.api, suite.token, 'editor');
    }
  });
});
