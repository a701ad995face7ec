// The back office's enhancements; every form works without them (they post as they are).
(function () {
  "use strict";

  // A refused form: the reader lands on the error summary.
  function focusSummary(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) summary.focus();
  }

  // Accents and case do not matter when filtering ("eau" finds "Éau", "ecole" finds "École").
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var filters = 0;

  // A search box above a long list (select or checkbox group) hides the choices that do not match what one types.
  // Chosen values stay visible, so filtering never hides what will be sent.
  function addFilter(list) {
    // Razor writes data- attributes even when empty: only lists given a label get a filter.
    if (list.dataset.socleFiltered || !list.getAttribute("data-socle-filter")) return;
    list.dataset.socleFiltered = "1";
    var id = "socle-filter-" + (++filters);
    var wrap = document.createElement("div");
    wrap.className = "socle-filter";
    var label = document.createElement("label");
    label.className = "fr-label";
    label.htmlFor = id;
    label.textContent = list.getAttribute("data-socle-filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "fr-input";
    input.autocomplete = "off";
    wrap.appendChild(label);
    wrap.appendChild(input);
    var isSelect = list.tagName === "SELECT";
    if (isSelect) list.parentNode.insertBefore(wrap, list.nextSibling);
    else list.parentNode.insertBefore(wrap, list);
    if (isSelect) input.setAttribute("aria-controls", list.id);

    var items = isSelect
      ? Array.prototype.filter.call(list.options, function (o) { return o.value !== ""; })
      : Array.prototype.slice.call(list.querySelectorAll(".fr-fieldset__element"));
    var texts = items.map(function (el) {
      return fold(el.textContent + " " + (el.getAttribute("data-socle-keywords") || ""));
    });
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      items.forEach(function (el, i) {
        var chosen = isSelect ? el.selected : !!el.querySelector("input:checked");
        var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        el.hidden = !(match || chosen);
      });
    });
    // Enter in the filter must not submit the form.
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  }

  function enhance(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-socle-filter]"), addFilter);
  }

  // Uploads go through XMLHttpRequest so that a DSFR-styled <progress> shows how much is sent. On success the server
  // redirects to the resources page, which the browser then opens; a refusal comes back as the form with its errors.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-socle-upload]") || !window.FormData) return;
    e.preventDefault();
    var box = form.querySelector(".socle-progress");
    var bar = box.querySelector("progress");
    var text = box.querySelector(".socle-progress__text");
    var button = form.querySelector("button[type=submit]");
    var template = box.getAttribute("data-socle-progress-text") || "{0}";
    box.hidden = false;
    box.classList.remove("socle-progress--failed");
    bar.value = 0;
    button.disabled = true;

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (p) {
      if (!p.lengthComputable) return;
      var pct = Math.floor(p.loaded * 100 / p.total);
      bar.value = pct;
      text.textContent = template.replace("{0}", pct);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status < 400) {
        bar.value = 100;
        window.location.assign(xhr.responseURL || window.location.href);
        return;
      }
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var fresh = doc.querySelector("#socle-upload");
      var current = document.querySelector("#socle-upload");
      if (fresh && current) {
        current.replaceWith(document.importNode(fresh, true));
        var added = document.querySelector("#socle-upload");
        enhance(added);
        focusSummary(added);
      } else {
        failed();
      }
    });
    xhr.addEventListener("error", failed);
    function failed() {
      box.classList.add("socle-progress--failed");
      text.textContent = box.getAttribute("data-socle-progress-error") || "";
      button.disabled = false;
    }
    xhr.send(new FormData(form));
  });

  // A new API key's secret is selected as soon as one lands in it, ready to copy.
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("[data-socle-select]")) e.target.select();
  });

  function start() {
    enhance(document);
    focusSummary(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
