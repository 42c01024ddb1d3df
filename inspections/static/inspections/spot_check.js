/* The spot-check logging form (inspections/inspection_edit.html) never loses an answer:
   - every change is kept at once on this device (localStorage) and sent to the portal's
     autosave a moment later (the draft stays open, the form's version follows each save);
   - offline, or when the portal does not answer, it stays on the device ("not yet sent") and
     is sent when the connection is back; a page opened later offers or restores what the
     device kept;
   - leaving with answers the portal does not have yet asks first (links and closing the tab);
   - a sticky jump list counts the answered items of each section, and "mark unanswered
     items compliant" answers the rest of a section in one tap. */
(function () {
  "use strict";

  var form = document.getElementById("log-form");
  if (!form || !form.dataset.autosaveUrl) { return; }
  var statusEl = document.getElementById("autosave-status");
  var statusText = statusEl ? statusEl.querySelector(".autosave-text") : null;
  var banner = document.getElementById("local-draft");
  var key = form.dataset.draftKey;
  var versionInput = form.querySelector("input[name=version]");
  var SKIP = { csrfmiddlewaretoken: 1, version: 1, action: 1 };
  var DELAY = 1200;

  var dirty = false;       // changes the portal does not have yet
  var inflight = null;     // the autosave request under way
  var again = false;       // changed while a request was under way
  var timer = null;
  var stopped = false;     // refused as stale or locked: the full form decides
  var submitting = false;
  var deferredSubmitter = null;

  // ---- fields ---------------------------------------------------------------------------
  function collect() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" ||
          el.tagName === "BUTTON") { return; }
      if (el.type === "radio") {
        if (!(el.name in fields)) { fields[el.name] = ""; }
        if (el.checked) { fields[el.name] = el.value; }
      } else if (el.type === "checkbox") {
        fields[el.name] = fields[el.name] || [];
        if (el.checked) { fields[el.name].push(el.value); }
      } else {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  function apply(fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in fields) || SKIP[el.name] || el.type === "file") { return; }
      var value = fields[el.name];
      if (el.type === "radio") {
        var on = el.value === value;
        if (el.checked !== on) {
          el.checked = on;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (el.type === "checkbox") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // The date and the team are not autosaved (the team is checked as a whole when the draft
  // is saved): changed, they keep the page "unsaved" until "Save draft".
  var NOT_AUTOSAVED = ["started_at", "inspectors"];
  function header(fields) {
    return NOT_AUTOSAVED.map(function (name) { return fields[name]; });
  }
  var baseline = header(collect());
  function headerChanged() { return !same(header(collect()), baseline); }

  // ---- the device's copy ----------------------------------------------------------------
  function readLocal() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function keepLocal() {
    try {
      window.localStorage.setItem(key, JSON.stringify({
        version: versionInput ? versionInput.value : "",
        savedAt: Date.now(),
        pending: true,
        fields: collect()
      }));
    } catch (e) { /* storage full or refused: the portal still gets the answers */ }
  }

  function dropLocal() {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }

  // ---- state shown to the inspector -------------------------------------------------------
  function show(state, text) {
    if (!statusEl) { return; }
    statusEl.dataset.state = state;
    if (statusText) { statusText.textContent = text; }
    var icon = statusEl.querySelector(".bi");
    if (icon) {
      icon.className = "bi " + ({ saved: "bi-cloud-check", saving: "bi-cloud-arrow-up",
        local: "bi-phone", failed: "bi-phone", stale: "bi-exclamation-triangle",
        restored: "bi-phone" }[state] || "bi-cloud");
    }
  }

  function msg(name) { return statusEl ? statusEl.dataset["msg" + name] || "" : ""; }

  // ---- sending ----------------------------------------------------------------------------
  function schedule(delay) {
    if (stopped) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(send, delay === undefined ? DELAY : delay);
  }

  function changed() {
    dirty = true;
    keepLocal();
    updateCounts();
    if (stopped) { return; }
    if (!navigator.onLine) { show("local", msg("Local")); return; }
    schedule();
  }

  function send() {
    if (stopped || !dirty || submitting) { return; }
    if (inflight) { again = true; return; }
    if (!navigator.onLine) { show("local", msg("Local")); return; }
    var fields = collect();
    var body = new FormData();
    Object.keys(fields).forEach(function (name) {
      var value = fields[name];
      if (Array.isArray(value)) { value.forEach(function (v) { body.append(name, v); }); } else { body.append(name, value); }
    });
    body.append("version", versionInput ? versionInput.value : "");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    show("saving", msg("Saving"));
    again = false;
    inflight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (answer) {
      inflight = null;
      if (answer.status === 200 && answer.data.version) {
        if (versionInput) { versionInput.value = answer.data.version; }
        if (again || !same(fields, collect())) {
          keepLocal();
          schedule(0);
        } else {
          dirty = false;
          if (headerChanged()) { keepLocal(); } else { dropLocal(); }
          show("saved", msg("Saved").replace("%(time)s", answer.data.saved_time));
        }
      } else if (answer.status === 409 || answer.status === 403 || answer.status === 404) {
        stopped = true;
        show("stale", answer.data.message || msg("Failed"));
      } else {
        show("failed", (answer.data && answer.data.message) || msg("Failed"));
        schedule(20000);
      }
      resumeSubmit();
    }, function () {
      // no connection, or the portal did not answer: the device keeps the answers
      inflight = null;
      show(navigator.onLine ? "failed" : "local", navigator.onLine ? msg("Failed") : msg("Local"));
      if (navigator.onLine) { schedule(20000); }
      resumeSubmit();
    });
  }

  // ---- counts and sections ----------------------------------------------------------------
  function updateCounts() {
    var answered = {}, total = {};
    form.querySelectorAll(".check-item[data-section]").forEach(function (card) {
      var s = card.dataset.section;
      total[s] = (total[s] || 0) + 1;
      if (card.querySelector(".answer-radio:checked")) { answered[s] = (answered[s] || 0) + 1; }
    });
    var all = 0, done = 0;
    document.querySelectorAll("[data-section-count]").forEach(function (badge) {
      var s = badge.dataset.sectionCount;
      badge.textContent = (answered[s] || 0) + "/" + (total[s] || 0);
      all += total[s] || 0;
      done += answered[s] || 0;
    });
    var progress = document.querySelector("[data-testid=progress][data-template]");
    if (progress) {
      progress.textContent = progress.dataset.template.replace("%(a)s", done).replace("%(t)s", all);
    }
  }

  document.querySelectorAll("[data-mark-compliant]").forEach(function (button) {
    button.addEventListener("click", function () {
      var section = button.dataset.markCompliant;
      form.querySelectorAll('.check-item[data-section="' + section + '"]').forEach(function (card) {
        if (card.querySelector(".answer-radio:checked")) { return; }
        var yes = card.querySelector('.answer-radio[value="compliant"]');
        if (yes) {
          yes.checked = true;
          yes.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      changed();
    });
  });

  // ---- events -----------------------------------------------------------------------------
  form.addEventListener("input", function (event) {
    if (event.target.type === "file" || event.target.type === "radio") { return; }
    changed();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file" || !event.isTrusted && event.target.type === "radio") {
      return;  // a radio set by this script reports its change itself
    }
    changed();
  });
  window.addEventListener("online", function () {
    if (dirty) { schedule(0); }
  });
  window.addEventListener("offline", function () {
    if (dirty) { show("local", msg("Local")); }
  });

  // The full form (save draft, submit and lock) carries the version of the latest autosave:
  // a submit while an autosave is under way waits for it.
  function resumeSubmit() {
    if (deferredSubmitter === null) { return; }
    var submitter = deferredSubmitter;
    deferredSubmitter = null;
    window.clearTimeout(timer);
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  form.addEventListener("submit", function (event) {
    if (inflight) {
      event.preventDefault();
      event.stopImmediatePropagation();
      deferredSubmitter = event.submitter || false;
      return;
    }
    if (!navigator.onLine) {
      // sending now would lose the page: keep everything here until the connection is back
      event.preventDefault();
      event.stopImmediatePropagation();
      keepLocal();
      dirty = true;
      show("local", msg("Local"));
      return;
    }
    window.clearTimeout(timer);
    if (dirty) { keepLocal(); }  // kept until a page shows the portal has these answers
    submitting = true;
  }, true);
  // the upload script refused the files or lost the connection: the page stays
  form.addEventListener("portal:submit-failed", function () {
    submitting = false;
    if (dirty) { schedule(); }
  });

  // Leaving with answers the portal does not have yet asks first.
  function unsaved() { return (dirty || headerChanged()) && !submitting; }

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved() || form.dataset.leaving === "1") { return; }
    event.preventDefault();
    event.returnValue = "";
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || !unsaved()) { return; }
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#" || link.target === "_blank" || link.hasAttribute("download") ||
        link.dataset.bsToggle) { return; }
    if (window.confirm(form.dataset.leaveMessage)) {
      form.dataset.leaving = "1";
    } else {
      event.preventDefault();
    }
  });

  // ---- on opening: what this device kept ------------------------------------------------
  var kept = readLocal();
  if (kept && kept.pending && kept.fields) {
    var current = collect();
    if (same(kept.fields, current)) {
      dropLocal();
    } else if (versionInput && String(kept.version) === String(versionInput.value)) {
      // nobody saved since this device kept its answers: take them up and send them
      apply(kept.fields);
      dirty = true;
      updateCounts();
      show("restored", msg("Restored"));
      if (navigator.onLine) { schedule(0); } else { show("local", msg("Local")); }
    } else if (banner) {
      banner.classList.remove("d-none");
      banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
        apply(kept.fields);
        banner.classList.add("d-none");
        changed();
        show("restored", msg("Restored"));
      });
      banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
        dropLocal();
        banner.classList.add("d-none");
      });
    }
  }

  // A page restored from the back-forward cache resumes sending what it has.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && dirty) { schedule(0); }
  });
})();
