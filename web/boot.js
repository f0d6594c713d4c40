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
    if (type === 'webgl2') {
      attributes = Object.assign({}, attributes, { preserveDrawingBuffer: true });
    }
    return getContext(type, attributes);
  };

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
