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
    'status-announcement': '',
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
    if (/-selected$/.test(item.id)) el.setAttribute('aria-pressed', 'true');
    else el.removeAttribute('aria-pressed');
    place(el, item, origin);
  }

  // [SECTION] Text fields: real <input>s over the canvas fields
  //
  // The browser owns the text (typing, IME composition, paste, selection,
  // the phone's keyboard, password managers); every change is reported to
  // the C++ client, which draws what the input holds. Forms are real
  // <form>s with a submit <button>, so Enter submits and Tab moves as on
  // any web page. A multi-line field is a <textarea>: Enter submits its
  // form there too (as a chat's composer does), Shift+Enter starts a line.

  var forms = document.createElement('div');
  forms.className = 'semantics-forms';
  var encoder = new TextEncoder();
  var composing = {};  // input id -> {start, data} while an IME composes

  function bytes(text, utf16) {
    return encoder.encode(text.slice(0, utf16)).length;
  }

  function bridge() {
    return window.Module && window.Module.dashboardInput;
  }

  function report(input) {
    var b = bridge();
    if (!b) return;
    var value = input.value;
    var start = input.selectionStart === null ? value.length : input.selectionStart;
    var end = input.selectionEnd === null ? value.length : input.selectionEnd;
    var c = composing[input.dataset.testid];
    var cs = -1;
    var ce = -1;
    if (c) {
      cs = bytes(value, c.start);
      ce = bytes(value, Math.min(value.length, c.start + c.data.length));
    }
    b.input(input.dataset.testid, value, bytes(value, start), bytes(value, end), cs, ce);
  }

  function isOverlayControl(target) {
    return target && target.closest && target.closest('.semantics-forms') !== null;
  }

  function isTextControl(el) {
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
  }

  // Enter in a <textarea> sends its form, unless Shift is down (a new line)
  // or an IME is composing (Enter picks the candidate). A busy form's
  // disabled button stops it, as it stops Enter in an <input>.
  function submitOnEnter(event) {
    var area = event.target;
    if (area.tagName !== 'TEXTAREA' || event.key !== 'Enter') return;
    if (event.shiftKey || event.isComposing || event.keyCode === 229 || !area.form) return;
    event.preventDefault();
    var button = area.form.querySelector('button[type="submit"]');
    if (button && button.disabled) return;
    area.form.requestSubmit();
  }

  // Keys typed into an input are the input's: Emscripten's GLFW (which
  // listens on the window and swallows Backspace and Tab) never sees them.
  // Registered before the client starts, so it runs first.
  ['keydown', 'keypress', 'keyup'].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!isOverlayControl(event.target)) return;
      event.stopImmediatePropagation();
      if (type === 'keydown' && event.key === 'Escape' && isTextControl(event.target)) {
        var b = bridge();
        if (b) b.escape(event.target.dataset.testid);
      }
      if (type === 'keydown') submitOnEnter(event);
    }, true);
  });
  document.addEventListener('selectionchange', function () {
    var el = document.activeElement;
    if (isTextControl(el) && isOverlayControl(el)) report(el);
  });

  function makeInput(id, multiline) {
    var input = document.createElement(multiline ? 'textarea' : 'input');
    input.dataset.testid = id;
    input.id = 'field-' + id;
    input.spellcheck = false;
    input.addEventListener('input', function () { report(input); });
    input.addEventListener('select', function () { report(input); });
    input.addEventListener('mouseup', function () { report(input); });
    input.addEventListener('focus', function () {
      var b = bridge();
      if (b) b.focus(id, true);
      report(input);
    });
    input.addEventListener('blur', function () {
      delete composing[id];
      var b = bridge();
      if (b) b.focus(id, false);
    });
    input.addEventListener('compositionstart', function () {
      composing[id] = { start: input.selectionStart || 0, data: '' };
    });
    input.addEventListener('compositionupdate', function (event) {
      if (composing[id]) composing[id].data = event.data || '';
      report(input);
    });
    input.addEventListener('compositionend', function () {
      delete composing[id];
      report(input);
    });
    return input;
  }

  function makeForm(id) {
    var form = document.createElement('form');
    form.dataset.testid = id;
    form.noValidate = true;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var b = bridge();
      if (b) b.submit(id);
    });
    return form;
  }

  function setAttr(el, name, value) {
    if (value) {
      if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    } else if (el.hasAttribute(name)) {
      el.removeAttribute(name);
    }
  }

  function renderForms(model) {
    var wanted = {};
    var order = [];
    (model.forms || []).forEach(function (f) {
      wanted[f.id] = { form: f, fields: [] };
      order.push(f.id);
    });
    (model.fields || []).forEach(function (field) {
      var key = field.form || ('field:' + field.id);
      if (!wanted[key]) {
        wanted[key] = { form: null, fields: [] };
        order.push(key);
      }
      wanted[key].fields.push(field);
    });
    var existing = {};
    Array.prototype.forEach.call(forms.children, function (el) { existing[el.dataset.key] = el; });
    Object.keys(existing).forEach(function (key) {
      if (wanted[key]) return;
      var gone = existing[key];
      var focused = gone.querySelector('input:focus, textarea:focus');
      if (focused && bridge()) bridge().focus(focused.dataset.testid, false);
      forms.removeChild(gone);
    });
    order.forEach(function (key, index) {
      var spec = wanted[key];
      var form = existing[key];
      if (!form) {
        form = makeForm(spec.form ? spec.form.id : key.replace(/^field:/, ''));
        form.dataset.key = key;
      }
      if (forms.children[index] !== form) forms.insertBefore(form, forms.children[index] || null);
      if (spec.form) form.dataset.testid = spec.form.id;
      // The form has a box where the canvas draws it (a field's own, for a
      // form of one field), so it is as visible as what it mirrors.
      var box = spec.form || spec.fields[0];
      form.style.left = box.x + 'px';
      form.style.top = box.y + 'px';
      form.style.width = box.w + 'px';
      form.style.height = box.h + 'px';
      var inputs = {};
      Array.prototype.forEach.call(form.querySelectorAll('input, textarea'), function (el) {
        inputs[el.dataset.testid] = el;
      });
      var keep = [];
      spec.fields.forEach(function (field) {
        var tag = field.multiline ? 'TEXTAREA' : 'INPUT';
        var input = inputs[field.id];
        if (!input || input.tagName !== tag) input = makeInput(field.id, field.multiline);
        keep.push(input);
        if (!field.multiline) setAttr(input, 'type', field.type);
        setAttr(input, 'name', field.name);
        setAttr(input, 'autocomplete', field.autocomplete);
        setAttr(input, 'inputmode', field.inputmode);
        setAttr(input, 'placeholder', field.placeholder);
        setAttr(input, 'aria-label', field.label || field.placeholder);
        setAttr(input, 'aria-invalid', field.error ? 'true' : '');
        input.style.left = field.x + 'px';
        input.style.top = field.y + 'px';
        input.style.width = field.w + 'px';
        input.style.height = field.h + 'px';
        if (input.value !== field.value && !composing[field.id]) {
          input.value = field.value;
          if (document.activeElement === input) report(input);
        }
        if (field.focus && document.activeElement !== input) input.focus();
        var errorId = field.id + '-error';
        var error = form.querySelector('[data-testid="' + errorId + '"]');
        if (field.error) {
          if (!error) {
            error = document.createElement('div');
            error.dataset.testid = errorId;
            error.id = 'field-' + errorId;
            error.className = 'semantics-forms__error';
            error.setAttribute('role', 'alert');
          }
          if (error.textContent !== field.error) error.textContent = field.error;
          keep.push(error);
          setAttr(input, 'aria-describedby', error.id);
        } else {
          setAttr(input, 'aria-describedby', '');
        }
      });
      var button = form.querySelector('button');
      if (spec.form) {
        if (!button) {
          button = document.createElement('button');
          button.type = 'submit';
        }
        var f = spec.form;
        button.dataset.testid = f.submit;
        if (button.textContent !== f.submitText) button.textContent = f.submitText;
        button.disabled = !!f.busy;
        button.style.left = f.button.x + 'px';
        button.style.top = f.button.y + 'px';
        button.style.width = f.button.w + 'px';
        button.style.height = f.button.h + 'px';
        keep.push(button);
      }
      // Children in order: the fields, their errors, the submit button.
      keep.forEach(function (el, i) {
        if (form.children[i] !== el) form.insertBefore(el, form.children[i] || null);
      });
      while (form.children.length > keep.length) {
        var last = form.lastChild;
        if (last.matches && last.matches('input:focus, textarea:focus') && bridge()) {
          bridge().focus(last.dataset.testid, false);
        }
        form.removeChild(last);
      }
    });
  }

  function update(model) {
    if (!root.parentNode) {
      document.body.appendChild(root);
      document.body.appendChild(forms);
      document.body.appendChild(live);
    }
    // A form's submit button is its real <button>, not a mirror.
    var submits = {};
    (model.forms || []).forEach(function (f) { submits[f.submit] = true; });
    var chrome = model.chrome.filter(function (item) { return !submits[item.id]; });
    var zero = { x: 0, y: 0 };
    var all = [];
    model.cards.forEach(function (card, i) {
      var el = child(root, i, 'section');
      el.dataset.testid = card.id;
      el.setAttribute('aria-label', card.name);
      place(el, card, zero);
      var items = card.items.filter(function (item) { return !submits[item.id]; });
      items.forEach(function (item, j) {
        renderItem(child(el, j, 'div'), item, card);
        all.push(item);
      });
      trim(el, items.length);
    });
    var base = model.cards.length;
    chrome.forEach(function (item, i) {
      renderItem(child(root, base + i, 'div'), item, zero);
      all.push(item);
    });
    trim(root, base + chrome.length);
    renderForms(model);
    announce(all);
  }

  window.Module = window.Module || {};
  window.Module.dashboardOverlay = { update: update };
})();
