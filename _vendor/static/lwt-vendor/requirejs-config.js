/* Ours, not from npm. Loaded after require.js and before the html-manager on pages with widgets.
 * The html-manager's fonts are addressed relative to its AMD module id, which require.js would
 * resolve relative to the page; point that id at the vendored copy next to this file. */
(function () {
  var src = document.currentScript.src;
  var base = src.slice(0, src.lastIndexOf("/") + 1);
  require.config({ paths: { "@jupyter-widgets/html-manager/dist": base + "html-manager" } });
})();
