// Socle's portal scripts: small progressive enhancements; every page works without them except maps and charts.
(function () {
  "use strict";
  // Forms marked data-socle-autosubmit submit when a select or checkbox changes (the submit button stays for no-JS use).
  document.addEventListener("change", function (e) {
    var form = e.target.closest && e.target.closest("form[data-socle-autosubmit]");
    if (form && (e.target.tagName === "SELECT" || e.target.type === "checkbox" || e.target.type === "radio")) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });
})();
