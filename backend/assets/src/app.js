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

  // Nothing typed is lost to an htmx swap. A swap puts in the server's copy
  // of a block as it was when the request left (the builder's client section
  // with its Title, the quotation lines); whatever the person typed into a
  // field of that block meanwhile is put back, with the focus and caret, so a
  // slow answer never wipes typing. A button with data-removes-row="lines-2"
  // removes that formset row: later rows' fields come back one number lower.
  var inFlight = 0;
  var typed = {};
  function isField(el) {
    return el && el.id && el.matches && el.matches("input:not([type=hidden]):not([type=file]), textarea, select");
  }
  function noteTyping(event) {
    if (inFlight > 0 && isField(event.target)) {
      var el = event.target;
      typed[el.id] = { el: el, value: el.value, checked: el.checked, focused: document.activeElement === el };
    }
  }
  document.addEventListener("input", noteTyping, true);
  document.addEventListener("change", noteTyping, true);
  function shiftedId(id, removed) {
    if (!removed) return id;
    var row = /^(.*)-(\d+)$/.exec(removed);
    if (!row) return id;
    var match = new RegExp("^id_" + row[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+)-(.*)$").exec(id);
    if (!match) return id;
    var index = parseInt(match[1], 10);
    var gone = parseInt(row[2], 10);
    if (index === gone) return null;
    return index > gone ? "id_" + row[1] + "-" + (index - 1) + "-" + match[2] : id;
  }
  var removedRow = null;
  function restoreTyping() {
    Object.keys(typed).forEach(function (id) {
      var entry = typed[id];
      var targetId = shiftedId(id, removedRow);
      var el = targetId && document.getElementById(targetId);
      if (!el || el === entry.el || !isField(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = entry.checked;
      } else if (el.tagName !== "SELECT" || el.querySelector('option[value="' + CSS.escape(entry.value) + '"]')) {
        el.value = entry.value;
      }
      if (entry.focused && !document.body.contains(entry.el)) {
        el.focus({ preventScroll: true });
        if (typeof el.setSelectionRange === "function" && /^(text|search|tel|url|email|number)?$/.test(el.type || "")) {
          try { el.setSelectionRange(el.value.length, el.value.length); } catch (e) { /* number inputs */ }
        }
      }
      entry.el = el;
    });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    inFlight += 1;
    var elt = event.detail.elt;
    removedRow = elt && elt.getAttribute ? elt.getAttribute("data-removes-row") : null;
  });
  document.addEventListener("htmx:afterSwap", restoreTyping);
  document.addEventListener("htmx:oobAfterSwap", restoreTyping);
  document.addEventListener("htmx:afterRequest", function () {
    restoreTyping();
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0) { typed = {}; removedRow = null; }
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

  // Error summaries (<c-form-errors>): a form that fails validation comes
  // back with a summary at its top (role=alert, tabindex=-1, autofocus).
  // Focus goes to it on arrival, whether the page loaded or htmx swapped the
  // form in, so it is read out and in view however far down the form sits.
  // Its links move focus to the field (or the first control of a calendar).
  function focusSummary(root) {
    var summary = root.querySelector && root.querySelector("[data-form-errors]");
    if (!summary) return false;
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var active = document.activeElement;
    if (!active || !active.closest || !active.closest("[data-form-errors]")) focusSummary(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt) focusSummary(event.detail.elt);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-link]");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    var control = target.matches("input, select, textarea, button, [tabindex]")
      ? target
      : target.querySelector("input:not([disabled]):not([type=hidden]), select, textarea") ||
        target.querySelector("button:not([disabled])");
    target.scrollIntoView({ block: "center" });
    (control || target).focus({ preventScroll: true });
  });

  // Portfolio filter (htmx swaps the results): say how many were found, and
  // when the link that was used went away with the old results (pagination),
  // move focus to the new results' heading instead of losing it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var results = document.getElementById("portfolio-results");
    if (!results) return;
    var status = document.getElementById("portfolio-status");
    if (status && results.getAttribute("data-status")) {
      status.textContent = results.getAttribute("data-status");
    }
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && !document.body.contains(source)) {
      var heading = document.getElementById("results-title");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
  });

  // Gallery lightbox, a progressive enhancement: every photo is a link to its
  // large version (that is what happens without JavaScript). With it, the link
  // opens a modal <dialog> with the photo, its caption, previous/next buttons
  // and the arrow keys; Escape closes it and focus returns to the photo.
  // Button labels come from the gallery's data-label-* (translated by Django).
  function buildLightbox(gallery) {
    var label = function (name, fallback) { return gallery.getAttribute("data-label-" + name) || fallback; };
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox m-auto max-h-[95vh] w-[calc(100%-1rem)] max-w-5xl rounded-xl bg-slate-950 p-0 text-white shadow-2xl";
    dialog.setAttribute("aria-label", label("dialog", "Photo"));
    dialog.innerHTML =
      '<figure class="flex flex-col">' +
      '<img class="max-h-[75vh] w-full rounded-t-xl object-contain" alt="">' +
      '<figcaption class="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">' +
      '<span data-lb-caption class="min-w-0 flex-1"></span>' +
      '<span data-lb-counter class="text-slate-300"></span>' +
      '<span class="flex gap-2">' +
      '<button type="button" data-lb-prev class="btn btn-sm border border-white/30 text-white hover:bg-white/10">Previous</button>' +
      '<button type="button" data-lb-next class="btn btn-sm border border-white/30 text-white hover:bg-white/10">Next</button>' +
      '<button type="button" data-lb-close class="btn btn-sm bg-white text-slate-900 hover:bg-slate-100">Close</button>' +
      "</span></figcaption></figure>";
    dialog.querySelector("[data-lb-prev]").textContent = label("previous", "Previous");
    dialog.querySelector("[data-lb-next]").textContent = label("next", "Next");
    dialog.querySelector("[data-lb-close]").textContent = label("close", "Close");
    document.body.appendChild(dialog);
    return dialog;
  }
  var lightbox = null;
  var lbLinks = [];
  var lbIndex = 0;
  var lbOpener = null;
  function showPhoto(index) {
    lbIndex = (index + lbLinks.length) % lbLinks.length;
    var link = lbLinks[lbIndex];
    var img = lightbox.querySelector("img");
    img.src = link.getAttribute("href");
    img.alt = link.getAttribute("data-alt") || "";
    lightbox.querySelector("[data-lb-caption]").textContent = link.getAttribute("data-caption") || link.getAttribute("data-alt") || "";
    lightbox.querySelector("[data-lb-counter]").textContent = (lbIndex + 1) + " / " + lbLinks.length;
    var single = lbLinks.length < 2;
    lightbox.querySelector("[data-lb-prev]").hidden = single;
    lightbox.querySelector("[data-lb-next]").hidden = single;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-gallery] a[data-lightbox]");
    if (link) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      lightbox = lightbox || buildLightbox(link.closest("[data-gallery]"));
      lbLinks = Array.prototype.slice.call(link.closest("[data-gallery]").querySelectorAll("a[data-lightbox]"));
      lbOpener = link;
      showPhoto(lbLinks.indexOf(link));
      lightbox.showModal();
      lightbox.querySelector("[data-lb-close]").focus();
      return;
    }
    if (!lightbox || !lightbox.open) return;
    if (event.target.closest("[data-lb-prev]")) showPhoto(lbIndex - 1);
    else if (event.target.closest("[data-lb-next]")) showPhoto(lbIndex + 1);
    else if (event.target.closest("[data-lb-close]") || event.target === lightbox) lightbox.close();
  });
  document.addEventListener("keydown", function (event) {
    if (!lightbox || !lightbox.open) return;
    if (event.key === "ArrowRight") { event.preventDefault(); showPhoto(lbIndex + 1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); showPhoto(lbIndex - 1); }
  });
  document.addEventListener("close", function (event) {
    if (event.target === lightbox && lbOpener) lbOpener.focus();
  }, true);

  // Fields that only one choice of a select uses: <select data-segment-select>
  // shows the <div data-segment-for="key1 key2"> wrappers naming its value.
  // Without JavaScript they all show, each saying which choice it is for.
  function syncSegmentFields(select) {
    var form = select.form || document;
    form.querySelectorAll("[data-segment-for]").forEach(function (wrapper) {
      var keys = wrapper.getAttribute("data-segment-for").split(" ");
      wrapper.hidden = keys.indexOf(select.value) === -1;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-segment-select]")) {
      syncSegmentFields(event.target);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    initTabs(document);
    document.querySelectorAll("select[data-segment-select]").forEach(syncSegmentFields);
  });
  document.addEventListener("htmx:afterSwap", function (event) { initTabs(event.target); });
})();
