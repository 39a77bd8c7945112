/* Global Cool-Light admin portal: the content pages' small enhancements.
 * Loaded by the admin layout only. Each page works without it:
 *  - formset rows ("Add a row" posts the form and comes back with one more),
 *  - gallery order (the ↑/↓ buttons post the form and come back reordered),
 *  - uploads (the form posts every file at once).
 * With it: rows are added in place, images are reordered by drag and drop
 * or the same buttons without a round trip, and uploads show progress. */
(function () {
  "use strict";

  // --- Formset rows: <button data-formset-add="specs"> + <template data-formset-template="specs">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    var prefix = button.getAttribute("data-formset-add");
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    if (!template || !body || !total) return;
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var rows = body.querySelectorAll("[data-formset-row]");
    var first = rows[rows.length - 1].querySelector("input, select, textarea");
    if (first) first.focus();
  });

  // --- Sortable lists: <ol data-sortable> of [data-sortable-item], each with a
  // hidden input[data-position] and buttons [data-move=up|down].
  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > [data-sortable-item]"));
  }

  function renumber(list) {
    var all = items(list);
    all.forEach(function (item, index) {
      var position = item.querySelector("input[data-position]");
      if (position) position.value = String(index);
      var up = item.querySelector('[data-move="up"]');
      var down = item.querySelector('[data-move="down"]');
      if (up) { up.disabled = index === 0; up.value = index + ":up"; }
      if (down) { down.disabled = index === all.length - 1; down.value = index + ":down"; }
    });
  }

  function announce(list, item) {
    var status = list.parentNode.querySelector("[data-sortable-status]");
    if (!status) return;
    var all = items(list);
    var text = status.getAttribute("data-message") || "Moved to position {n} of {total}.";
    status.textContent = text.replace("{n}", all.indexOf(item) + 1).replace("{total}", all.length);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var item = button.closest("[data-sortable-item]");
    var list = item && item.closest("[data-sortable]");
    if (!list) return;
    event.preventDefault();
    if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
    (button.disabled ? item.querySelector("[data-move]:not([disabled])") : button).focus();
    announce(list, item);
  });

  // Drag and drop, started from the handle so captions stay selectable.
  var dragged = null;
  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest("[data-drag-handle]");
    if (handle) handle.closest("[data-sortable-item]").draggable = true;
  });
  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-sortable-item]");
    if (!item || !item.draggable) return;
    dragged = item;
    item.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-asset") || "");
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var over = event.target.closest && event.target.closest("[data-sortable-item]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.closest("[data-sortable]");
    dragged.classList.remove("opacity-50");
    dragged.draggable = false;
    renumber(list);
    announce(list, dragged);
    dragged = null;
  });

  // --- Uploads with progress: <form data-upload-form> with an
  // input[data-upload-input] and a <ul data-upload-list>. Files go one by one
  // to the form's URL, which answers JSON to XMLHttpRequest.
  function say(list, key, fallback) {
    return list.getAttribute("data-msg-" + key) || fallback;
  }

  function uploadOne(form, input, file, row) {
    return new Promise(function (resolve) {
      var data = new FormData();
      form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (field) {
        if (field !== input && field.type !== "file") data.append(field.name, field.value);
      });
      data.append(input.name, file, file.name);
      var xhr = new XMLHttpRequest();
      var bar = row.querySelector("progress");
      var status = row.querySelector("[data-status]");
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = {}; }
        if (xhr.status === 200 && answer.ok) {
          bar.value = 100;
          status.textContent = say(row.parentNode, "uploaded", "Uploaded");
          status.className = "text-sm font-medium text-emerald-800";
          resolve({ ok: true, answer: answer });
        } else {
          var errors = (answer.errors && (answer.errors.files || answer.errors.__all__)) || [];
          var other = answer.errors ? Object.keys(answer.errors).filter(function (k) { return k !== "files"; }) : [];
          other.forEach(function (k) { errors = errors.concat(answer.errors[k]); });
          status.textContent = errors.length ? errors.join(" ") : say(row.parentNode, "failed", "Not uploaded.");
          status.className = "text-sm font-medium text-red-700";
          bar.hidden = true;
          resolve({ ok: false, answer: answer });
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = say(row.parentNode, "failed", "Not uploaded.");
        status.className = "text-sm font-medium text-red-700";
        resolve({ ok: false, answer: {} });
      });
      xhr.send(data);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-upload-form]") || !window.FormData || !window.Promise) return;
    var input = form.querySelector("input[data-upload-input]");
    var list = form.querySelector("[data-upload-list]");
    if (!input || !list || !input.files || input.files.length === 0) return;
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    var submit = form.querySelector("button[type=submit]");
    if (submit) submit.disabled = true;
    list.hidden = false;
    list.textContent = "";
    var rows = files.map(function (file) {
      var row = document.createElement("li");
      row.className = "rounded-lg border border-slate-200 p-3";
      row.setAttribute("data-upload-row", "");
      var name = document.createElement("p");
      name.className = "truncate text-sm font-medium text-slate-900";
      name.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.className = "mt-2 w-full accent-brand-700";
      bar.setAttribute("aria-label", "Upload of " + file.name);
      var status = document.createElement("p");
      status.setAttribute("data-status", "");
      status.className = "text-sm text-slate-600";
      status.textContent = say(list, "waiting", "Waiting");
      row.appendChild(name);
      row.appendChild(bar);
      row.appendChild(status);
      list.appendChild(row);
      return row;
    });
    var results = [];
    files.reduce(function (chain, file, index) {
      return chain.then(function () {
        rows[index].querySelector("[data-status]").textContent = say(list, "uploading", "Uploading…");
        return uploadOne(form, input, file, rows[index]).then(function (r) { results.push(r); });
      });
    }, Promise.resolve()).then(function () {
      if (submit) submit.disabled = false;
      var failed = results.filter(function (r) { return !r.ok; }).length;
      var library = results.length && results[0].answer.library;
      if (!failed && library) {
        window.location.assign(library);
      } else {
        input.value = "";
        var done = form.querySelector("[data-upload-done]");
        if (done && results.some(function (r) { return r.ok; })) done.hidden = false;
        var first = list.querySelector(".text-red-700");
        if (first) first.closest("li").scrollIntoView({ block: "nearest" });
      }
    });
  });

  // --- Copy a value: <button data-copy="input-id" data-copied-label="Copied">.
  // Without JavaScript (or clipboard access) the read-only input can be selected.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () { button.textContent = button.getAttribute("data-copied-label") || "Copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, function () {});
    }
  });

  function init(root) {
    root.querySelectorAll("[data-sortable]").forEach(renumber);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();
