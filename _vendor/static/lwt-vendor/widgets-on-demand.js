/* Ours, not from npm. The only widget script a page loads up front (myst-nb's nb_ipywidgets_js
 * in _config.yml). The ipywidgets html-manager is 3.6 MB of JavaScript; it is fetched only when
 * an explorer comes within a screen of the viewport (or is printed), so a reader who never
 * scrolls to one never pays for it. Then require.js, its path configuration, the MathJax shim
 * and the html-manager are added in this order, and the html-manager renders every widget of
 * the page (it runs at once when the page has already loaded). */
(function () {
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var FILES = ["require.js", "requirejs-config.js", "mathjax-hub-shim.js",
               "html-manager/embed-amd.js"];
  var me = document.currentScript;
  var base = me.src.slice(0, me.src.lastIndexOf("/") + 1);
  var cdn = me.getAttribute("data-jupyter-widgets-cdn");
  var started = false;
  var root = document.documentElement;

  function load() {
    if (started) return;
    started = true;
    root.classList.remove("lwt-widgets-waiting");
    root.classList.add("lwt-widgets-loading");
    FILES.forEach(function (file) {
      var script = document.createElement("script");
      script.src = base + file;
      script.async = false;  // keep the order
      if (cdn && file.indexOf("embed-amd") >= 0) {
        script.setAttribute("data-jupyter-widgets-cdn", cdn);
      }
      document.head.appendChild(script);
    });
  }

  function start() {
    var views = document.querySelectorAll(VIEW);
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) return load();
    root.classList.add("lwt-widgets-waiting");
    var seen = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) {
          seen.disconnect();
          load();
          return;
        }
      }
    }, { rootMargin: "100% 0px" });
    Array.prototype.forEach.call(views, function (view) { seen.observe(view.parentElement); });
    window.addEventListener("beforeprint", load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
