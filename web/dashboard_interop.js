// JS functions the C++ client calls (linked with --js-library): page
// signals, the token in localStorage, history navigation, the wake-ups that
// drive on-demand rendering, and the semantics overlay.
mergeInto(LibraryManager.library, {
  // Called after the first frame is on screen: hides the HTML loading state
  // and raises the app-ready signal tests wait for.
  dashboard_signal_ready: function () {
    document.documentElement.dataset.appReady = 'true';
    var loading = document.getElementById('loading');
    if (loading) loading.hidden = true;
    window.dispatchEvent(new CustomEvent('dashboard:ready'));
  },

  dashboard_signal_fatal: function (message) {
    Module.dashboardShowFatal(UTF8ToString(message));
  },

  dashboard_log: function (line) {
    console.warn('[dashboard] ' + UTF8ToString(line));
  },

  // Input of any kind, a resize or the tab coming back wakes the renderer
  // for a few frames; pagehide (not into the back-forward cache) closes the
  // socket politely; another tab signing in or out is followed here.
  dashboard_install_page_hooks: function () {
    var wake = function () { Module['_dashboard_wake'](); };
    ['pointermove', 'pointerdown', 'pointerup', 'wheel', 'keydown', 'keyup', 'touchstart',
     'touchmove', 'touchend', 'resize', 'focus', 'blur'].forEach(function (type) {
      window.addEventListener(type, wake, { passive: true, capture: true });
    });
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('pagehide', function (event) {
      if (!event.persisted) Module['_dashboard_page_leaving']();
    });
    // Another tab signed in or out (or in as someone else): follow it. A
    // renewed token (every refresh) is no reason to reload.
    window.addEventListener('storage', function (event) {
      var signedInOrOut = event.key === 'dashboard.token' && (!event.oldValue || !event.newValue);
      var otherUser = event.key === 'dashboard.user' && event.oldValue !== event.newValue;
      if (signedInOrOut || otherUser) location.reload();
    });
    // Touch: ImGui 1.86 and Emscripten's GLFW know only the mouse. A tap
    // already arrives as the browser's compatibility mouse events; a drag
    // becomes wheel scrolling at the finger, so the page scrolls like a
    // web page under a thumb.
    var canvas = Module.canvas;
    var lastY = null;
    canvas.addEventListener('touchstart', function (event) {
      if (event.touches.length !== 1) return;
      var t = event.touches[0];
      lastY = t.clientY;
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: t.clientX, clientY: t.clientY }));
    }, { passive: true });
    canvas.addEventListener('touchmove', function (event) {
      if (lastY === null || event.touches.length !== 1) return;
      var y = event.touches[0].clientY;
      Module['_dashboard_scroll_by'](lastY - y);
      lastY = y;
    }, { passive: true });
    canvas.addEventListener('touchend', function () { lastY = null; }, { passive: true });

    // The wheel: Emscripten 3.1.6's GLFW hands ImGui the browser's deltaY
    // unflipped and unscaled (down scrolls up; 100 px counts as 100
    // notches). This takes the event first and scrolls by its distance in
    // CSS pixels, the way a web page does.
    window.addEventListener('wheel', function (event) {
      if (event.target !== canvas) return;
      event.stopPropagation();
      event.preventDefault();
      var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? window.innerHeight : 1;
      Module['_dashboard_scroll_by'](event.deltaY * unit);
    }, { capture: true, passive: false });

    Module.dashboardDarkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    Module.dashboardDarkQuery.addEventListener('change', wake);
    Module.dashboardMotionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');
    window.dashboardFramesDrawn = 0;
  },

  dashboard_copy_text: function (text) {
    var value = UTF8ToString(text);
    if (navigator.clipboard) {
      navigator.clipboard.writeText(value).catch(function (e) {
        console.warn('[dashboard] copy failed: ' + e);
      });
    }
  },

  dashboard_prefers_dark: function () {
    return Module.dashboardDarkQuery && Module.dashboardDarkQuery.matches ? 1 : 0;
  },

  dashboard_prefers_reduced_motion: function () {
    return Module.dashboardMotionQuery && Module.dashboardMotionQuery.matches ? 1 : 0;
  },

  // Counts drawn frames (the idle-frame test reads it) and, when a
  // benchmark set window.dashboardTraceVersions, when each view version was
  // first on screen (tests/bench/render_latency).
  // A benchmark that sets window.dashboardFrameLog = [] gets [when, CPU ms,
  // device pixels redrawn] per frame drawn (the client's own work; the
  // GPU's comes after).
  dashboard_frame_drawn: function (version, frameMs, redrawnPixels) {
    window.dashboardFramesDrawn = (window.dashboardFramesDrawn || 0) + 1;
    if (window.dashboardFrameLog) {
      window.dashboardFrameLog.push([performance.now(), frameMs, redrawnPixels]);
    }
    var trace = window.dashboardTraceVersions;
    if (trace && version > (trace.last || -1)) {
      trace.last = version;
      trace.shown.push([version, Date.now()]);
    }
  },

  dashboard_load_token__deps: ['$stringToNewUTF8'],
  dashboard_load_token: function () {
    var token = '';
    var user = '';
    try {
      token = localStorage.getItem('dashboard.token') || '';
      user = localStorage.getItem('dashboard.user') || '';
    } catch (e) { /* storage blocked: sign in every visit */ }
    return stringToNewUTF8(token ? token + '\n' + user : '');
  },

  dashboard_save_token: function (token, user) {
    try {
      var t = UTF8ToString(token);
      if (t) {
        localStorage.setItem('dashboard.token', t);
        localStorage.setItem('dashboard.user', UTF8ToString(user));
      } else {
        localStorage.removeItem('dashboard.token');
        localStorage.removeItem('dashboard.user');
      }
    } catch (e) { /* storage blocked: the session lasts this page only */ }
  },

  // Alerts the person asked for in their notification preferences. The
  // chime: two short sine tones through Web Audio (one AudioContext for the
  // page; the browser may keep it suspended until the first click).
  // window.dashboardChimes counts them (tests).
  dashboard_play_chime: function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    var audio = Module.dashboardAudio || (Module.dashboardAudio = new Ctx());
    if (audio.state === 'suspended') audio.resume().catch(function () {});
    var now = audio.currentTime;
    [[880, 0], [1318.5, 0.12]].forEach(function (tone) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, now + tone[1]);
      gain.gain.exponentialRampToValueAtTime(0.2, now + tone[1] + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + tone[1] + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + tone[1]);
      osc.stop(now + tone[1] + 0.3);
    });
    window.dashboardChimes = (window.dashboardChimes || 0) + 1;
  },

  // A browser notification, only while the tab is hidden (a visible tab
  // has its toast) and only with the permission granted; a click brings
  // the tab back on the page it points at.
  dashboard_show_notification: function (text, link) {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
    var path = UTF8ToString(link);
    var note = new Notification('MOC Dashboard', { body: UTF8ToString(text), tag: path || undefined });
    note.onclick = function () {
      window.focus();
      if (path) {
        history.pushState({ route: path }, '', path);
        window.dispatchEvent(new PopStateEvent('popstate', { state: { route: path } }));
      }
      note.close();
    };
  },

  // Asked only once the person turns a browser notification on.
  dashboard_request_notification_permission: function () {
    if ('Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission().catch(function () {});
    }
  },

  // Routes go through the history, so Back and Forward walk the pages the
  // app showed (popstate hands the address back to the app, see
  // dashboard_install_input_bridge); dashboard:navigate is for anyone
  // listening.
  dashboard_navigate: function (route) {
    var path = UTF8ToString(route);
    history.pushState({ route: path }, '', path);
    window.dispatchEvent(new CustomEvent('dashboard:navigate', { detail: { route: path } }));
  },

  // The same history entry, another address (the MOCs page's filters).
  dashboard_replace_route: function (route) {
    var path = UTF8ToString(route);
    history.replaceState({ route: path }, '', path);
  },

  dashboard_history_back: function () {
    history.back();
  },

  dashboard_set_title: function (title) {
    document.title = UTF8ToString(title);
  },

  // The address the page was opened at: path and query.
  dashboard_current_route__deps: ['$stringToNewUTF8'],
  dashboard_current_route: function () {
    return stringToNewUTF8(location.pathname + location.search);
  },

  // Calls from the page's own scripts into the client: the overlay's text
  // inputs (web/semantics_overlay.js) and the history's Back/Forward.
  // Strings cross as UTF-8 copies freed right after the call.
  dashboard_install_input_bridge__deps: ['$stringToNewUTF8', 'free'],
  dashboard_install_input_bridge: function () {
    var withString = function (text, call) {
      var ptr = stringToNewUTF8(text);
      try { call(ptr); } finally { _free(ptr); }
    };
    var wake = function () { Module['_dashboard_wake'](); };
    Module.dashboardInput = {
      input: function (id, value, start, end, compStart, compEnd) {
        withString(id, function (idPtr) {
          withString(value, function (valuePtr) {
            Module['_dashboard_field_input'](idPtr, valuePtr, start, end, compStart, compEnd);
          });
        });
        wake();
      },
      focus: function (id, on) {
        withString(id, function (idPtr) { Module['_dashboard_field_focus'](idPtr, on ? 1 : 0); });
        wake();
      },
      escape: function (id) {
        withString(id, function (idPtr) { Module['_dashboard_field_escape'](idPtr); });
        wake();
      },
      submit: function (form) {
        withString(form, function (formPtr) { Module['_dashboard_form_submit'](formPtr); });
        wake();
      },
    };
    window.addEventListener('popstate', function () {
      withString(location.pathname + location.search, function (ptr) {
        Module['_dashboard_route_changed'](ptr);
      });
      wake();
    });
  },

  // A fallback face (cmake/Fonts.cmake), fetched the first time a
  // character needs it; its hashed URL is on the canvas
  // (data-font-fallback-cjk, ...). The bytes are copied into the heap for
  // the call and freed after it (the client keeps its own copy).
  dashboard_load_font__deps: ['$stringToNewUTF8', 'malloc', 'free'],
  dashboard_load_font: function (filePtr) {
    var file = UTF8ToString(filePtr);
    var key = 'fontFallback' + file.replace(/^fallback-|\.[a-z]+$/g, '').replace(/^./, function (c) {
      return c.toUpperCase();
    });
    var url = Module.canvas.dataset[key];
    var done = function (bytes) {
      var name = stringToNewUTF8(file);
      var data = bytes ? _malloc(bytes.length) : 0;
      if (data) HEAPU8.set(bytes, data);
      try {
        Module['_dashboard_font_loaded'](name, data, data ? bytes.length : 0);
      } finally {
        _free(name);
        if (data) _free(data);
      }
      Module['_dashboard_wake']();
    };
    if (!url) {
      console.warn('[dashboard] no URL for the font ' + file);
      Promise.resolve().then(function () { done(null); });
      return;
    }
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) { done(new Uint8Array(buffer)); }, function (e) {
      console.warn('[dashboard] font ' + file + ' failed: ' + e);
      done(null);
    });
  },

  // What the cover cache holds, for tests and the gallery benchmark.
  dashboard_report_images: function (bytes, budget, ready) {
    window.dashboardTextures = { bytes: bytes, budget: budget, ready: ready };
  },

  dashboard_query_number: function (name) {
    var value = new URLSearchParams(location.search).get(UTF8ToString(name));
    return value === null || value === '' ? NaN : Number(value);
  },

  dashboard_socket_origin__deps: ['$stringToNewUTF8'],
  dashboard_socket_origin: function () {
    return stringToNewUTF8((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host);
  },

  dashboard_overlay_update: function (json) {
    Module.dashboardOverlay.update(JSON.parse(UTF8ToString(json)));
  },
});
