// Boot: configures Emscripten's Module before dashboard.js runs. The page's
// CSP forbids inline scripts, so this lives in its own (hashed) file.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var assets = {
    'dashboard.wasm': canvas.dataset.wasmUrl,
    'dashboard.data': canvas.dataset.dataUrl,
  };

  function showFatal(message) {
    var loading = document.getElementById('loading');
    if (!loading) return;
    loading.hidden = false;
    loading.classList.add('loading--error');
    loading.setAttribute('role', 'alert');
    loading.querySelector('.loading__text').textContent = message;
    document.documentElement.dataset.appError = message;
  }

  canvas.addEventListener('webglcontextlost', function (event) {
    event.preventDefault();
    showFatal('The graphics context was lost. Reload the page to continue.');
  });
  canvas.addEventListener('contextmenu', function (event) { event.preventDefault(); });

  // The frame cache (src/platform/cached_frame.hpp) redraws only what
  // changed, straight into the canvas, so the canvas must keep its pixels
  // from frame to frame; Emscripten's GLFW has no hint for that. Without a
  // GPU (software compositing) keeping them is free: the frame is read back
  // either way, and only an undrawn buffer would need clearing.
  var getContext = canvas.getContext.bind(canvas);
  canvas.getContext = function (type, attributes) {
    if (type !== 'webgl2') return getContext(type, attributes);
    attributes = Object.assign({}, attributes, { preserveDrawingBuffer: true });
    var gl = getContext(type, attributes);  // the same context on every call
    if (gl && !gl.dashboardAnswersLocally) answerStateQueriesLocally(gl);
    return gl;
  };

  // ImGui's renderer saves and restores GL state around every frame with
  // glGetIntegerv. Chromium answers most of those queries in the page, but
  // the scissor box and the blend state go to the GPU process and wait for
  // it: without a GPU that was ~2.7 ms of the page's main thread per frame
  // (tests/bench/render_latency/gl_calls.mjs), while socket messages queued
  // behind it. This context is only ours, so its setters are the only way
  // that state changes: remember what they set and answer from memory.
  function answerStateQueriesLocally(gl) {
    gl.dashboardAnswersLocally = true;
    var getParameter = gl.getParameter.bind(gl);
    var tracked = {};
    [gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA,
      gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA].forEach(function (p) { tracked[p] = true; });
    var known = {};  // pname -> value, once read or set
    function remember(pname, value) { known[pname] = value; }
    gl.getParameter = function (pname) {
      if (!(pname in tracked)) return getParameter(pname);
      if (!(pname in known)) known[pname] = getParameter(pname);
      var value = known[pname];
      return value instanceof Int32Array ? new Int32Array(value) : value;
    };
    function wrap(name, after) {
      var original = gl[name].bind(gl);
      gl[name] = function () {
        original.apply(null, arguments);
        after.apply(null, arguments);
      };
    }
    wrap('scissor', function (x, y, w, h) {
      // GL refuses a negative size and keeps the old box: ask it next time.
      if (w >= 0 && h >= 0) remember(gl.SCISSOR_BOX, new Int32Array([x, y, w, h]));
      else delete known[gl.SCISSOR_BOX];
    });
    wrap('blendFunc', function (s, d) {
      remember(gl.BLEND_SRC_RGB, s); remember(gl.BLEND_SRC_ALPHA, s);
      remember(gl.BLEND_DST_RGB, d); remember(gl.BLEND_DST_ALPHA, d);
    });
    wrap('blendFuncSeparate', function (sr, dr, sa, da) {
      remember(gl.BLEND_SRC_RGB, sr); remember(gl.BLEND_DST_RGB, dr);
      remember(gl.BLEND_SRC_ALPHA, sa); remember(gl.BLEND_DST_ALPHA, da);
    });
    wrap('blendEquation', function (m) {
      remember(gl.BLEND_EQUATION_RGB, m); remember(gl.BLEND_EQUATION_ALPHA, m);
    });
    wrap('blendEquationSeparate', function (mr, ma) {
      remember(gl.BLEND_EQUATION_RGB, mr); remember(gl.BLEND_EQUATION_ALPHA, ma);
    });
  }

  window.Module = {
    canvas: canvas,
    // Assets carry content hashes in their names; map Emscripten's fixed names.
    locateFile: function (path) { return assets[path] || path; },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) { showFatal('The dashboard stopped unexpectedly: ' + what); },
    dashboardShowFatal: showFatal,
  };
})();
