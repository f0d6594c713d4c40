// Driving the build board (/board, /board/<user>) as a person does: cards
// found by their overlay items (board-card-<column>, text = the title),
// drags made of real mouse moves one frame apart (ImGui samples input once
// per frame), keys held for a frame.
//
//   await dragCard(page, 'Castle Keep', 'built');
//   await waitForCard(page, 'Castle Keep', 'built');
import { drawFrames, holdFrames, releaseFrames } from './browser.mjs';
import { byTestId, overlayText, texts } from './overlay.mjs';
import { itemCenter } from './pages.mjs';

export const COLUMNS = ['added', 'in_progress', 'built'];

// The column (wire name, lower case) whose cards include `title`, or null.
export async function columnOf(page, title) {
  for (const column of COLUMNS) {
    if ((await texts(page, `board-card-${column}`)).includes(title)) return column;
  }
  return null;
}

// Polls until the card `title` shows in `column`; returns the column's titles.
export async function waitForCard(page, title, column, timeout = 20000) {
  const start = Date.now();
  let where = null;
  while (Date.now() - start < timeout) {
    where = await columnOf(page, title);
    if (where === column) return texts(page, `board-card-${column}`);
    await page.waitForTimeout(50);
  }
  throw new Error(`${title}: in ${where}, not ${column}, after ${timeout} ms`);
}

// A card to play with: a new MOC at the top of its column (rank "1" sorts
// before the demo's creation-time ranks).
export async function topCard(api, token, title, buildStatus = 'ADDED') {
  const created = await api.call('POST', '/api/mocs', {
    token,
    body: { title, theme: 'Castle', buildStatus, partsCoverageStatus: 'PARTIAL_ORDERED',
            coveragePercentage: 40 },
  });
  if (created.status !== 201) throw new Error(`create ${title}: ${created.status} ${created.text}`);
  const ranked = await api.call('PATCH', `/api/mocs/${created.body.id}`, {
    token, headers: { 'if-match': `"${created.body.version}"` }, body: { boardRank: '1' },
  });
  if (ranked.status !== 200) throw new Error(`rank ${title}: ${ranked.status} ${ranked.text}`);
  return ranked.body;
}

// Makes sure alice's board is shared with bob as `role`.
export async function shareWithBob(api, aliceToken, role = 'editor') {
  const res = await api.call('POST', '/api/shares', { token: aliceToken, body: { username: 'bob', role } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`share: ${res.status} ${res.text}`);
  return res.body;
}

// Drags the card `title` to the top of `column`'s lane with the mouse,
// one frame per step. Resolves after the drop's frames.
export async function dragCard(page, title, column, { steps = 10, below = 0 } = {}) {
  const from = await itemCenter(page, `board-card-${await columnOf(page, title)}`, title);
  const header = await page.locator(byTestId(`board-column-${column}`)).first().boundingBox();
  const to = { x: header.x + header.width / 2, y: header.y + header.height + 24 + below };
  await holdFrames(page);
  try {
    await page.mouse.move(from.x, from.y);
    await drawFrames(page, 1);
    await page.mouse.down();
    await drawFrames(page, 1);
    for (let i = 1; i <= steps; ++i) {
      await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
      await drawFrames(page, 1);
    }
    await page.mouse.up();
    await drawFrames(page, 2);
  } finally {
    await releaseFrames(page).catch(() => {});
  }
  return overlayText(page, 'board-selected');
}

// Presses `key` (with Shift when asked), down for one frame, up the next.
export async function pressMoveKey(page, key, { shift = false } = {}) {
  await holdFrames(page);
  try {
    if (shift) await page.keyboard.down('Shift');
    await page.keyboard.down(key);
    await drawFrames(page, 1);
    await page.keyboard.up(key);
    if (shift) await page.keyboard.up('Shift');
    await drawFrames(page, 1);
  } finally {
    await releaseFrames(page).catch(() => {});
  }
}
