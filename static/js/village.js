// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After htmx swaps in new content, move focus to it so screen-reader users hear the update.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    // An outerHTML swap replaces the target: find its successor by id.
    if (!target.isConnected && target.id) { target = document.getElementById(target.id); }
    if (!target) { return; }
    var focusable = target.querySelector("[data-focus-after-swap]") || target;
    if (!focusable.hasAttribute("tabindex")) { focusable.setAttribute("tabindex", "-1"); }
    focusable.focus({ preventScroll: false });
  });
  // A "Print" button (data-print) prints the page; without this file the browser's own Print does.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
})();
