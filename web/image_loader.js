// Cover images for the C++ client (src/platform/web/web_images.cpp), linked
// with --js-library. The browser does the work: fetch (same origin; other
// origins through an <img>, which the CSP's img-src allows and connect-src
// would not), createImageBitmap to decode off the main thread and scale
// down to thumbnail size, then one upload to a WebGL texture registered in
// Emscripten's GL object table so C++ binds and deletes it by name.
// window.dashboardImages counts the outcomes for tests.
mergeInto(LibraryManager.library, {
  dashboard_image_load__deps: ['$GL'],
  dashboard_image_load: function (id, urlPtr, maxTexels) {
    var url = UTF8ToString(urlPtr);
    var stats = window.dashboardImages || (window.dashboardImages = { loaded: 0, failed: 0 });

    var fetchSource = function (href) {
      return fetch(href, { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.blob();
      });
    };
    var imageSource = function (href) {
      return new Promise(function (resolve, reject) {
        var img = new Image();
        img.crossOrigin = 'anonymous';  // an untainted texture, or an error
        img.onload = function () { resolve(img); };
        img.onerror = function () { reject(new Error('image failed to load')); };
        img.src = href;
      });
    };
    // Decodes, then scales so the shorter side is at most maxTexels.
    var decode = function (source) {
      return createImageBitmap(source, { premultiplyAlpha: 'none' }).then(function (full) {
        var scale = maxTexels / Math.min(full.width, full.height);
        if (!(scale < 1)) return full;
        return createImageBitmap(full, {
          resizeWidth: Math.max(1, Math.round(full.width * scale)),
          resizeHeight: Math.max(1, Math.round(full.height * scale)),
          resizeQuality: 'high',
          premultiplyAlpha: 'none',
        }).then(function (small) { full.close(); return small; });
      });
    };
    var upload = function (bitmap) {
      var gl = GLctx;
      var texture = gl && gl.createTexture();
      if (!texture) throw new Error('no WebGL context');
      var previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
      gl.generateMipmap(gl.TEXTURE_2D);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR_MIPMAP_LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.bindTexture(gl.TEXTURE_2D, previous);
      var name = GL.getNewId(GL.textures);
      texture.name = name;
      GL.textures[name] = texture;
      var result = { name: name, width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return result;
    };
    var report = function (name, width, height) {
      if (name) stats.loaded += 1; else stats.failed += 1;
      Module['_dashboard_image_done'](id, name, width, height);
      Module['_dashboard_wake']();  // the frame that shows it (or keeps the placeholder)
    };

    var href;
    try {
      href = new URL(url, location.href);
    } catch (e) {
      Promise.resolve().then(function () { report(0, 0, 0); });
      return;
    }
    var sameOrigin = href.origin === location.origin;
    (sameOrigin ? fetchSource(href.href) : imageSource(href.href))
      .then(decode)
      .then(upload)
      .then(function (t) { report(t.name, t.width, t.height); },
            function () { report(0, 0, 0); });
  },
});
