// JS functions the C++ client calls (linked with --js-library).
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
});
