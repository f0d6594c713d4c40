// When a page first showed something, on the machine's epoch clock (the
// same clock as Date.now() in the benchmark, so a click in one page and a
// frame in another compare): overlay items as they appear, and socket
// messages as they reach the page, before the app handles them.
//
//   await recordFirstShown(page, 'message');          // before the event
//   ... act ...
//   const shown = await firstShown(page);              // { text: epoch ms }
import { byTestId } from '../../support/overlay.mjs';

// Starts recording the first time each text of overlay items `testid`
// shows (a MutationObserver: the overlay updates right after the frame
// that drew them).
export function recordFirstShown(page, testid) {
  return page.evaluate((selector) => {
    window.firstShownAt = {};
    const note = () => {
      for (const el of document.querySelectorAll(selector)) {
        const text = el.textContent;
        if (!(text in window.firstShownAt)) window.firstShownAt[text] = performance.timeOrigin + performance.now();
      }
    };
    note();
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, byTestId(testid));
}

export function firstShown(page) {
  return page.evaluate(() => window.firstShownAt);
}

// An init script (page.addInitScript) that records when each WebSocket
// text message matching `pattern` (a RegExp source whose first group names
// it) first reached the page: window.arrivedAt[name] = epoch ms.
export function socketArrivals(pattern) {
  return `(() => {
    window.arrivedAt = {};
    const pattern = new RegExp(${JSON.stringify(pattern)});
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (typeof e.data !== 'string') return;
          const name = pattern.exec(e.data)?.[1];
          if (name && !(name in window.arrivedAt)) window.arrivedAt[name] = performance.timeOrigin + performance.now();
        });
      }
    };
  })();`;
}
