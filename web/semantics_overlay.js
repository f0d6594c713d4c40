// The semantics overlay: invisible DOM elements laid over the canvas, one
// per card and per value the canvas shows, with a role, an accessible name,
// the shown text and a data-testid. The C++ client sends a description only
// when something changed (src/app/semantics_overlay.hpp); this reconciles
// the DOM with it and announces changed key values in an aria-live region.
(function () {
  'use strict';

  // Values worth announcing when they change live.
  var ANNOUNCED = {
    'total-mocs-count': 'Total MOCs',
    'wishlist-items-count': 'Wishlist items',
    'toast': '',
    'degraded-mode-banner': '',
  };

  var root = document.createElement('div');
  root.id = 'semantics';
  root.className = 'semantics';
  var live = document.createElement('div');
  live.className = 'semantics__live';
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('role', 'log');
  live.dataset.testid = 'live-announcer';

  function place(el, rect, origin) {
    el.style.left = (rect.x - origin.x) + 'px';
    el.style.top = (rect.y - origin.y) + 'px';
    el.style.width = rect.w + 'px';
    el.style.height = rect.h + 'px';
  }

  function applyRole(el, role) {
    if (role === 'text') el.removeAttribute('role');
    else if (el.getAttribute('role') !== role) el.setAttribute('role', role);
  }

  // Reuses `parent`'s children in order; returns the one at `index`.
  function child(parent, index, tag) {
    var el = parent.children[index];
    if (!el || el.tagName.toLowerCase() !== tag) {
      var fresh = document.createElement(tag);
      if (el) parent.replaceChild(fresh, el); else parent.appendChild(fresh);
      el = fresh;
    }
    return el;
  }

  function trim(parent, count) {
    while (parent.children.length > count) parent.removeChild(parent.lastChild);
  }

  var previous = {};
  var first = true;

  function announce(items) {
    var seen = {};
    items.forEach(function (item) {
      if (!(item.id in ANNOUNCED) || seen[item.id]) return;
      seen[item.id] = true;
      if (!first && previous[item.id] !== item.text) {
        var label = ANNOUNCED[item.id];
        var line = document.createElement('p');
        line.textContent = label ? label + ': ' + item.text : item.text;
        live.appendChild(line);
        while (live.children.length > 5) live.removeChild(live.firstChild);
      }
      previous[item.id] = item.text;
    });
    first = false;
  }

  function renderItem(el, item, origin) {
    el.dataset.testid = item.id;
    applyRole(el, item.role);
    if (el.textContent !== item.text) el.textContent = item.text;
    if (item.role === 'button' || item.role === 'textbox') el.setAttribute('aria-label', item.text);
    place(el, item, origin);
  }

  function update(model) {
    if (!root.parentNode) {
      document.body.appendChild(root);
      document.body.appendChild(live);
    }
    var zero = { x: 0, y: 0 };
    var all = [];
    model.cards.forEach(function (card, i) {
      var el = child(root, i, 'section');
      el.dataset.testid = card.id;
      el.setAttribute('aria-label', card.name);
      place(el, card, zero);
      card.items.forEach(function (item, j) {
        renderItem(child(el, j, 'div'), item, card);
        all.push(item);
      });
      trim(el, card.items.length);
    });
    var base = model.cards.length;
    model.chrome.forEach(function (item, i) {
      renderItem(child(root, base + i, 'div'), item, zero);
      all.push(item);
    });
    trim(root, base + model.chrome.length);
    announce(all);
  }

  window.Module = window.Module || {};
  window.Module.dashboardOverlay = { update: update };
})();
