/* Global Cool-Light: the little client-side behaviour the pages use.
 * Every page works without it (forms post, links navigate); this enhances.
 * Loaded before Alpine's CSP build, which cannot evaluate inline code, so
 * every component is registered here by name and used as x-data="name". */
(function () {
  "use strict";

  document.addEventListener("alpine:init", function () {
    var Alpine = window.Alpine;

    // A disclosure: mobile menu, collapsible sidebar, dropdowns.
    Alpine.data("disclosure", function () {
      return {
        open: false,
        toggle: function () { this.open = !this.open; },
        close: function () { this.open = false; },
        get expanded() { return this.open ? "true" : "false"; },
      };
    });

    // Submits its form when a select changes (language switcher); the
    // submit button stays for people without JavaScript.
    Alpine.data("autoSubmit", function () {
      return {
        submit: function (event) { event.target.form.requestSubmit(); },
      };
    });

    // A flash message the person can dismiss.
    Alpine.data("toast", function () {
      return {
        shown: true,
        dismiss: function () { this.shown = false; },
      };
    });
  });

  // Confirm dialogs: <a data-dialog-open="id" href="/fallback/confirm/page/">
  // opens <dialog id="id"> when JavaScript runs; without it, the link leads
  // to a confirmation page with the same form.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        var focus = dialog.querySelector("[autofocus], button, a, input");
        if (focus) focus.focus();
      }
      return;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) {
      var parent = closer.closest("dialog");
      if (parent) { event.preventDefault(); parent.close(); }
    }
  });

  // Tabs (WAI-ARIA pattern): without JavaScript every panel shows, stacked.
  function activate(tab) {
    var list = tab.closest("[role=tablist]");
    list.querySelectorAll("[role=tab]").forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      var panel = document.getElementById(other.getAttribute("aria-controls"));
      if (panel) panel.hidden = !selected;
    });
  }
  function initTabs(root) {
    root.querySelectorAll("[role=tablist]").forEach(function (list) {
      var first = list.querySelector("[role=tab][aria-selected=true]") || list.querySelector("[role=tab]");
      if (first) activate(first);
    });
  }
  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[role=tab]");
    if (tab) { event.preventDefault(); activate(tab); }
  });
  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest("[role=tab]");
    if (!tab || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
    var next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    activate(next);
    next.focus();
  });

  // File input with preview: <input type=file data-preview="img-id">.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-preview]")) return;
    var img = document.getElementById(input.getAttribute("data-preview"));
    var file = input.files && input.files[0];
    if (!img) return;
    if (file && file.type.indexOf("image/") === 0) {
      img.src = URL.createObjectURL(file);
      img.hidden = false;
    } else {
      img.hidden = true;
    }
  });

  // Booking pages (htmx): after a step swaps in, focus its heading so screen
  // readers announce it and the phone scrolls to it; after a week of the
  // calendar swaps in, keep focus on the "Earlier"/"Later" button pressed.
  var weekNav = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    weekNav = elt && elt.getAttribute ? elt.getAttribute("data-week-nav") : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) return;
    var heading = target.id === "booking-flow" ? target.querySelector("[data-step-heading]") : null;
    if (heading) {
      heading.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
      return;
    }
    if (target.id === "availability") {
      var again = weekNav && target.querySelector("[data-week-nav=" + weekNav + "]:not([disabled])");
      (again || target.querySelector("#availability-heading")).focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { initTabs(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initTabs(event.target); });
})();
