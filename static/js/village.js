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
    // Updates nobody asked for (a progress poll) announce themselves and leave focus where it is.
    if (target.hasAttribute("data-keep-focus")) { return; }
    var focusable = target.querySelector("[data-focus-after-swap]") || target;
    if (!focusable.hasAttribute("tabindex")) { focusable.setAttribute("tabindex", "-1"); }
    focusable.focus({ preventScroll: false });
  });
  document.addEventListener("DOMContentLoaded", function () {
    // An error that a form post brought back takes focus, so that it is read first.
    var first = document.querySelector("[data-focus-on-load]");
    if (first) { first.focus(); }
    // Folded filters (a <details>) open by themselves on a wide screen; on a phone the results come first.
    // A long list (data-searchable: the languages) gets a search box above it that narrows it.
    document.querySelectorAll("select[data-searchable]").forEach(function (select, i) {
      var box = document.createElement("input");
      box.type = "search";
      box.id = (select.id || "select-" + i) + "-search";
      box.className = "select-search";
      box.setAttribute("aria-label", select.getAttribute("data-search-label") || "");
      box.setAttribute("placeholder", select.getAttribute("data-search-label") || "");
      box.setAttribute("aria-controls", select.id);
      select.parentNode.insertBefore(box, select);
      box.addEventListener("input", function () {
        var words = box.value.toLocaleLowerCase().trim();
        var shown = null;
        Array.prototype.forEach.call(select.options, function (option) {
          var match = !words || !option.value || option.text.toLocaleLowerCase().indexOf(words) !== -1;
          option.hidden = !match;
          if (match && option.value && !shown) { shown = option; }
        });
        if (words && shown && select.selectedOptions[0] && select.selectedOptions[0].hidden) { shown.selected = true; }
      });
    });
    if (window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
  });
  // A "Print" button (data-print) prints the page; without this file the browser's own Print does.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
})();
