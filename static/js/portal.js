/* Behaviour of the portal's pages, kept out of the HTML so that the Content-Security-Policy
   can forbid inline scripts. Every handler is attached by a data- attribute or a class. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // Every form sent by POST disables its buttons until the next page comes: a second tap
  // sends nothing twice. They come back when the page is shown again from the back-forward
  // cache, and after a while when the answer was a download that leaves the page in place.
  // A form that must stay usable carries data-allow-resubmit.
  function submitButtons(form) {
    var own = Array.prototype.slice.call(
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"));
    if (form.id) {
      own = own.concat(Array.prototype.slice.call(
        document.querySelectorAll('[form="' + form.id + '"][type=submit]')));
    }
    return own;
  }

  function setBusy(form, on) {
    submitButtons(form).forEach(function (b) { b.disabled = on; });
    if (on) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
  }

  window.ULEPortal = window.ULEPortal || {};
  window.ULEPortal.setBusy = setBusy;

  // A form marked data-warn-unsaved (a page of many edits, such as the draw pool) asks before
  // the page is left with changes not sent: a link to the next page would drop them.
  var unsaved = null;
  document.addEventListener("change", function (event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) { unsaved = form; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target === unsaved) { unsaved = null; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-allow-resubmit") || form.getAttribute("target")) { return; }
    // after the browser has read the pressed button's name and value
    window.setTimeout(function () { setBusy(form, true); }, 0);
    window.setTimeout(function () { setBusy(form, false); }, 15000);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[aria-busy]").forEach(function (form) { setBusy(form, false); });
  });

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

// Signing out clears the spot-check answers this browser kept for its drafts: on a shared
// field device the next person never finds them.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-clear-drafts")) { return; }
    try {
      var doomed = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf("ule-inspection-") === 0) { doomed.push(key); }
      }
      doomed.forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (e) { /* storage unavailable: nothing kept */ }
  }, true);
})();
