/* Ours, not from npm. Loaded after require.js and before the html-manager on pages with widgets.
 * Each AMD module in embed-amd.js (@jupyter-widgets/base, controls, html-manager, and
 * html-manager/dist/libembed-amd) finds its fonts next to the URL require.js gives its module
 * id, which by default is relative to the page (book/@jupyter-widgets/<hash>.woff2: 404).
 * Point those ids at the vendored copy next to this file. */
(function () {
  var src = document.currentScript.src;
  var dir = src.slice(0, src.lastIndexOf("/") + 1) + "html-manager";
  require.config({
    paths: {
      "@jupyter-widgets": dir,
      "@jupyter-widgets/html-manager/dist": dir,
    },
  });
})();
