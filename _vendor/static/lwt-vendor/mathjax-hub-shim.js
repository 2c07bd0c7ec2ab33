/* Ours, not from npm. The html-manager's controls call the MathJax 2 API
 * `MathJax.Hub.Queue(["Typeset", MathJax.Hub, el])` whenever window.MathJax exists; the site
 * ships MathJax 3 (only on pages with math), which has no Hub. Map the call to MathJax 3. */
(function () {
  function typeset(el) {
    var mj = window.MathJax;
    if (el && mj && typeof mj.typesetPromise === "function") {
      mj.typesetPromise([el]).catch(function () {});
    }
  }
  function shim() {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      // not enumerable: MathJax 3 reads the enumerable keys of window.MathJax as its configuration
      Object.defineProperty(mj, "Hub", {
        configurable: true,
        enumerable: false,
        value: { Queue: function (cmd) { typeset(Array.isArray(cmd) ? cmd[2] : null); } },
      });
    }
  }
  shim();
  document.addEventListener("DOMContentLoaded", shim);
  window.addEventListener("load", shim);
})();
