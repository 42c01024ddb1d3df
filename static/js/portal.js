/* Behaviour of the portal's pages, kept out of the HTML so that the Content-Security-Policy
   can forbid inline scripts. Every handler is attached by a data- attribute or a class. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    // <select data-autosubmit>: choosing submits its form (the language menu).
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });

    // <button data-confirm="…">: an irreversible action asks first; "Cancel" sends nothing.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.dataset.confirm)) { event.preventDefault(); }
      });
    });

    // <button data-print>: the browser's print dialog (printable records and notices).
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });

    // Spot-check answers: a non-compliant answer marks its card and focuses its note.
    document.querySelectorAll(".answer-radio").forEach(function (r) {
      r.addEventListener("change", function () {
        var card = document.getElementById("item-" + r.dataset.item);
        if (!card) { return; }
        card.classList.toggle("is-nc", r.value === "non_compliant" && r.checked);
        if (r.value === "non_compliant") {
          var note = card.querySelector("textarea");
          if (note) { note.focus(); }
        }
      });
    });
  });
})();
