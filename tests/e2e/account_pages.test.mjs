// The account pages in the browser (issue 19): a new person signs up from
// the sign-in form's link (a client-side mismatch, the server's
// common-password and taken-username refusals each next to their field)
// and lands signed in on /dashboard; a signed-in person changes their
// password from the header's name link (wrong current password, a common
// new one), stays signed in while their other session ends, signs out and
// back in with the new password while the old one is refused. Without
// --allow-signup the sign-in form offers no sign-up and /signup says why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { openPage, waitForAppReady, waitUntilIdle } from '../support/browser.mjs';
import { byTestId, centerOf, clickAndSettle, overlayText, waitForText } from '../support/overlay.mjs';
import { fillField } from '../support/pages.mjs';
import { browserSuite } from '../support/signed_in_suite.mjs';

// Types each [testid, text] into its field (a real <input>), then presses
// Enter in the last one, as a person submits a form.
async function fillAndSubmit(page, fields) {
  for (const [testid, text] of fields) await fillField(page, testid, text);
  await page.keyboard.press('Enter');
}

// The text of the field error the overlay shows beside `field`.
function fieldError(page, field, predicate, timeout = 15000) {
  return waitForText(page, `${field}-error`, predicate, timeout);
}

async function click(page, testid) {
  await clickAndSettle(page, await centerOf(page, byTestId(testid)));
}

async function signInThroughTheForm(page, username, password) {
  await page.waitForSelector(byTestId('sign-in-form'));
  await fillAndSubmit(page, [['sign-in-username', username], ['sign-in-password', password]]);
}

// What went wrong in the page, but the refusals the test provokes (the
// browser logs every 4xx answer as a console error).
function unexpected(problems) {
  return problems.filter((p) => !/Failed to load resource: .* (400|401|409)/.test(p));
}

// Counts the page's requests to `pathname`.
function countRequests(page, pathname) {
  const seen = { count: 0 };
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === pathname) seen.count += 1;
  });
  return seen;
}

describe('account pages with sign-up allowed', () => {
  const suite = browserSuite('dashboard-account-pages-', { args: ['--allow-signup'] });

  test('sign up from the sign-in form: field errors, then signed in on the dashboard', async () => {
    const { context, page, problems } = await openPage(suite.browser, { width: 1280, height: 800 });
    try {
      const signups = countRequests(page, '/api/auth/signup');
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await page.waitForSelector(byTestId('sign-in-form'));
      await page.waitForSelector(byTestId('sign-in-to-sign-up'), { state: 'attached' });
      await click(page, 'sign-in-to-sign-up');
      await page.waitForSelector(byTestId('sign-up-form'));
      assert.equal(new URL(page.url()).pathname, '/signup');
      // Password managers offer to save what is typed here.
      for (const id of ['sign-up-password', 'sign-up-confirm']) {
        assert.equal(await page.getAttribute(`input${byTestId(id)}`, 'autocomplete'), 'new-password');
      }
      assert.equal(await page.getAttribute(`input${byTestId('sign-up-username')}`, 'autocomplete'),
        'username');

      // A mismatch is caught before anything is sent.
      await fillAndSubmit(page, [['sign-up-username', 'erin'],
        ['sign-up-password', 'purple-kite-flying'], ['sign-up-confirm', 'purple-kite-flyer']]);
      assert.match(await fieldError(page, 'sign-up-confirm', (t) => t.length > 0), /do not match/);
      assert.equal(signups.count, 0, 'nothing sent for a mismatch');

      // A common password: the server's rule, next to the password.
      await fillField(page, 'sign-up-password', 'password1234');
      await fillAndSubmit(page, [['sign-up-confirm', 'password1234']]);
      assert.match(await fieldError(page, 'sign-up-password', (t) => t.length > 0), /common password/);
      assert.equal(await overlayText(page, 'sign-up-confirm-error'), null);
      // Typing in the field takes its error away.
      await fillField(page, 'sign-up-password', 'purple-kite-flying');
      await page.waitForSelector(byTestId('sign-up-password-error'), { state: 'detached' });

      // A taken username, next to the username.
      await fillField(page, 'sign-up-username', 'alice');
      await fillAndSubmit(page, [['sign-up-confirm', 'purple-kite-flying']]);
      assert.match(await fieldError(page, 'sign-up-username', (t) => t.length > 0), /taken/);
      assert.equal(await overlayText(page, 'sign-up-password-error'), null);

      // Accepted: signed in, on the dashboard, live.
      await fillAndSubmit(page, [['sign-up-username', 'erin']]);
      await page.waitForSelector(byTestId('total-mocs-count'), { timeout: 30000 });
      await page.waitForFunction(() => window.location.pathname === '/dashboard');
      assert.equal(await overlayText(page, 'user-name'), 'erin');
      assert.equal(await overlayText(page, 'total-mocs-count'), '0');
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
      assert.ok((await context.cookies()).some((c) => c.name === 'dashboard_refresh'));
      assert.equal(signups.count, 3, 'the common password, the taken name, the account');
      const login = await suite.api.call('POST', '/api/auth/login',
        { body: { username: 'erin', password: 'purple-kite-flying' } });
      assert.equal(login.status, 200, login.text);
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await context.close();
    }
  });

  test('change the password: field errors, other sessions end, the new one signs in', async () => {
    const oldPassword = 'green-lamp-shade-7';
    const newPassword = 'yellow-canal-boat-3';
    const created = await suite.api.call('POST', '/api/auth/signup',
      { body: { username: 'frank', password: oldPassword } });
    assert.equal(created.status, 201, created.text);
    const { context, page, problems } = await openPage(suite.browser, { width: 1280, height: 800 });
    try {
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await signInThroughTheForm(page, 'frank', oldPassword);
      await page.waitForSelector(byTestId('total-mocs-count'), { timeout: 30000 });
      // Another browser of frank's, signed in with its own session.
      const elsewhere = await suite.api.call('POST', '/api/auth/login',
        { body: { username: 'frank', password: oldPassword } });
      assert.equal(elsewhere.status, 200, elsewhere.text);

      // The header's name leads to the account page.
      await click(page, 'user-name');
      await page.waitForSelector(byTestId('password-form'));
      assert.equal(new URL(page.url()).pathname, '/account/password');
      assert.equal(await page.getAttribute(`input${byTestId('password-current')}`, 'autocomplete'),
        'current-password');
      assert.equal(await page.getAttribute(`input${byTestId('password-new')}`, 'autocomplete'),
        'new-password');
      // Whose password it is, for the password manager.
      const user = page.locator(`input${byTestId('password-username')}`);
      assert.equal(await user.getAttribute('type'), 'hidden');
      assert.equal(await user.getAttribute('autocomplete'), 'username');
      assert.equal(await user.inputValue(), 'frank');

      await fillAndSubmit(page, [['password-current', 'not-my-password'],
        ['password-new', newPassword], ['password-confirm', newPassword]]);
      assert.match(await fieldError(page, 'password-current', (t) => t.length > 0), /not right/);

      await fillField(page, 'password-current', oldPassword);
      await fillAndSubmit(page, [['password-confirm', `${newPassword}x`]]);
      assert.match(await fieldError(page, 'password-confirm', (t) => t.length > 0), /do not match/);

      await fillField(page, 'password-new', 'password1234');
      await fillAndSubmit(page, [['password-confirm', 'password1234']]);
      assert.match(await fieldError(page, 'password-new', (t) => t.length > 0), /common password/);

      await fillField(page, 'password-new', newPassword);
      await fillAndSubmit(page, [['password-confirm', newPassword]]);
      await waitForText(page, 'password-changed', (t) => t === 'Password changed');
      // The passwords are not kept in the form.
      assert.equal(await page.inputValue(`input${byTestId('password-new')}`), '');
      // The other session ended; this browser goes on in its new one.
      const stale = await suite.api.call('GET', '/api/dashboard', { token: elsewhere.body.token });
      assert.equal(stale.status, 401);
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
      assert.equal(await overlayText(page, 'user-name'), 'frank');
      assert.equal(await page.locator(byTestId('sign-in-form')).count(), 0);

      // Sign out; the old password is refused, the new one signs in.
      await click(page, 'sign-out');
      await signInThroughTheForm(page, 'frank', oldPassword);
      await waitForText(page, 'sign-in-error', (t) => /Wrong username or password/.test(t));
      await fillAndSubmit(page, [['sign-in-password', newPassword]]);
      // Back where the person was: the account page, afresh.
      await waitForText(page, 'user-name', (t) => t === 'frank');
      await page.waitForSelector(byTestId('password-form'));
      assert.equal(await overlayText(page, 'password-changed'), null);
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('account pages on a phone', () => {
  const suite = browserSuite('dashboard-account-pages-phone-');

  test('the menu drawer leads to the change-password page', async () => {
    const { context, page } = await openPage(suite.browser, { width: 400, height: 760 });
    try {
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await signInThroughTheForm(page, 'alice', 'alice-bricks');
      await page.waitForSelector(byTestId('total-mocs-count'), { timeout: 30000 });
      assert.equal(await overlayText(page, 'user-name'), null, 'no room for the name here');
      await click(page, 'nav-menu');
      await page.waitForSelector(byTestId('nav-change-password'), { state: 'attached' });
      await click(page, 'nav-change-password');
      await page.waitForSelector(byTestId('password-form'));
      assert.equal(new URL(page.url()).pathname, '/account/password');
      assert.equal(await page.locator(byTestId('nav-drawer')).count(), 0, 'the drawer closed');
    } finally {
      await context.close();
    }
  });
});

describe('account pages with sign-up off (the default)', () => {
  const suite = browserSuite('dashboard-account-pages-off-');

  test('no sign-up link, and /signup says to ask the operator', async () => {
    const { context, page } = await openPage(suite.browser, { width: 1280, height: 800 });
    try {
      const config = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/config');
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await page.waitForSelector(byTestId('sign-in-form'));
      await config;
      await waitUntilIdle(page);  // the frames after the answer are drawn
      assert.equal(await page.locator(byTestId('sign-in-to-sign-up')).count(), 0);
      await page.goto(`${suite.baseUrl}/signup`);
      await waitForAppReady(page);
      await waitForText(page, 'sign-up-disabled', (t) => /ask its operator/i.test(t));
      assert.equal(await page.locator(byTestId('sign-up-form')).count(), 0);
      await click(page, 'sign-up-to-sign-in');
      await page.waitForSelector(byTestId('sign-in-form'));
    } finally {
      await context.close();
    }
  });
});
