/* Forms that send files (every file input the portal renders carries the limits and messages
   of core.uploads as data attributes; the server still decides):
   - each chosen file is checked before sending: its type sniffed from its first bytes, its
     size against the same limit as the server, with the server's own words;
   - large photos are made smaller on this device (longest side 2048 px, JPEG 0.85), keeping
     the original's EXIF block (capture time, GPS), so the record keeps when and where;
   - the form is sent with a progress bar and its buttons disabled; the portal's answer is
     followed as a normal submit would be (a redirect is given back as JSON by
     core.middleware.UploadRedirectMiddleware, a page with errors replaces this one). */
(function () {
  "use strict";

  var SIDE = 2048;
  var QUALITY = 0.85;
  var SHRINK_ABOVE = 1.5 * 1024 * 1024;

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (_m, name) {
      return values[name] === undefined ? "" : values[name];
    }).replace(/%%/g, "%");
  }

  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function sniff(file) {
    return file.slice(0, 12).arrayBuffer().then(function (buf) {
      var b = new Uint8Array(buf);
      var ascii = String.fromCharCode.apply(null, b);
      if (b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF) { return "image/jpeg"; }
      if (b[0] === 0x89 && ascii.substr(1, 3) === "PNG") { return "image/png"; }
      if (ascii.substr(0, 4) === "RIFF" && ascii.substr(8, 4) === "WEBP") { return "image/webp"; }
      if (ascii.substr(0, 5) === "%PDF-") { return "application/pdf"; }
      return null;
    });
  }

  // ---- EXIF: the original's APP1 block, copied into the smaller JPEG -----------------------
  function exifSegment(buf) {
    var v = new DataView(buf);
    if (v.byteLength < 4 || v.getUint16(0) !== 0xFFD8) { return null; }
    var off = 2;
    while (off + 4 <= v.byteLength) {
      var marker = v.getUint16(off);
      if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA || marker === 0xFFD9) { return null; }
      var len = v.getUint16(off + 2);
      if (marker === 0xFFE1 && off + 10 <= v.byteLength && v.getUint32(off + 4) === 0x45786966) {
        return new Uint8Array(buf.slice(off, off + 2 + len));
      }
      off += 2 + len;
    }
    return null;
  }

  // The picture is drawn upright already: the copied block must not turn it again.
  function uprightOrientation(seg) {
    try {
      var v = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
      var tiff = 10;
      var little = v.getUint16(tiff) === 0x4949;
      var ifd = tiff + v.getUint32(tiff + 4, little);
      var count = v.getUint16(ifd, little);
      for (var i = 0; i < count; i++) {
        var entry = ifd + 2 + i * 12;
        if (v.getUint16(entry, little) === 0x0112) { v.setUint16(entry + 8, 1, little); }
      }
    } catch (e) { /* an odd block is copied as it is */ }
    return seg;
  }

  function withExif(jpeg, seg) {
    var b = new Uint8Array(jpeg);
    var at = 2;
    if (b[2] === 0xFF && b[3] === 0xE0) { at = 4 + ((b[4] << 8) | b[5]); }  // after JFIF
    return new Blob([b.slice(0, at), seg, b.slice(at)], { type: "image/jpeg" });
  }

  function shrink(file, type, maxBytes) {
    if (type === "application/pdf" || typeof createImageBitmap !== "function") {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var side = Math.max(bitmap.width, bitmap.height);
      if (side <= SIDE && file.size <= Math.min(SHRINK_ABOVE, maxBytes)) {
        bitmap.close();
        return file;
      }
      var scale = Math.min(1, SIDE / side);
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      }).then(function (blob) {
        if (!blob || blob.size >= file.size) { return file; }
        var named = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        var original = type === "image/jpeg" ? file.arrayBuffer() : Promise.resolve(null);
        return Promise.all([original, blob.arrayBuffer()]).then(function (parts) {
          var seg = parts[0] ? exifSegment(parts[0]) : null;
          var out = seg ? withExif(parts[1], uprightOrientation(seg)) : blob;
          return new File([out], named, { type: "image/jpeg", lastModified: file.lastModified });
        });
      });
    }).catch(function () { return file; });  // not decodable here: the server decides
  }

  function prepare(input, quick) {
    var maxBytes = parseInt(input.dataset.maxBytes || "0", 10) || Infinity;
    var files = Array.prototype.slice.call(input.files || []);
    return Promise.all(files.map(function (file) {
      return sniff(file).then(function (type) {
        if (!file.size) { return { error: fill(input.dataset.msgEmpty, { name: file.name }) }; }
        if (!type) { return { error: fill(input.dataset.msgBadType, { name: file.name }) }; }
        if (quick && type !== "application/pdf") { return { file: file }; }  // made smaller on sending
        return shrink(file, type, maxBytes).then(function (out) {
          if (out.size > maxBytes) {
            return { error: fill(input.dataset.msgTooLarge, {
              name: file.name, size: size(out.size), limit: input.dataset.limit || size(maxBytes)
            }) };
          }
          return { file: out };
        });
      });
    })).then(function (results) {
      return {
        input: input,
        files: results.filter(function (r) { return r.file; }).map(function (r) { return r.file; }),
        errors: results.filter(function (r) { return r.error; }).map(function (r) { return r.error; })
      };
    });
  }

  // ---- showing --------------------------------------------------------------------------
  function busy(form, on) {
    if (window.ULEPortal && window.ULEPortal.setBusy) { window.ULEPortal.setBusy(form, on); }
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-client-upload-error]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("input[type=file].is-invalid[data-client-invalid]").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("data-client-invalid");
    });
  }

  function showErrors(input, errors) {
    input.classList.add("is-invalid");
    input.setAttribute("data-client-invalid", "");
    var box = document.createElement("div");
    box.className = "invalid-feedback d-block";
    box.setAttribute("data-client-upload-error", "");
    box.setAttribute("data-testid", "client-upload-error");
    box.setAttribute("role", "alert");
    errors.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    input.insertAdjacentElement("afterend", box);
  }

  function progressBar(form, label) {
    var old = form.querySelector("[data-upload-progress]");
    if (old) { old.remove(); }
    var wrap = document.createElement("div");
    wrap.className = "mb-2";
    wrap.setAttribute("data-upload-progress", "");
    var text = document.createElement("div");
    text.className = "small mb-1";
    text.setAttribute("aria-live", "polite");
    text.textContent = label;
    var bar = document.createElement("div");
    bar.className = "progress upload-progress";
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", label);
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.setAttribute("aria-valuenow", "0");
    bar.setAttribute("data-testid", "upload-progress");
    var fill = document.createElement("div");
    fill.className = "progress-bar progress-bar-striped progress-bar-animated";
    fill.style.width = "0%";
    bar.appendChild(fill);
    wrap.appendChild(text);
    wrap.appendChild(bar);
    var place = form.querySelector(".sticky-actions") || form.querySelector("[type=submit]");
    if (place && place.classList.contains("sticky-actions")) {
      place.insertBefore(wrap, place.firstChild);
    } else if (place && place.parentNode) {
      place.parentNode.insertBefore(wrap, place);
    } else {
      form.appendChild(wrap);
    }
    return {
      set: function (percent, message) {
        bar.setAttribute("aria-valuenow", String(percent));
        fill.style.width = percent + "%";
        if (message) { text.textContent = message; bar.setAttribute("aria-label", message); }
      },
      remove: function () { wrap.remove(); }
    };
  }

  // ---- sending ----------------------------------------------------------------------------
  function failed(form, progress, message) {
    if (progress) { progress.remove(); }
    busy(form, false);
    form.dispatchEvent(new CustomEvent("portal:submit-failed"));
    if (message) {
      var box = document.createElement("div");
      box.className = "alert alert-danger";
      box.setAttribute("role", "alert");
      box.setAttribute("data-client-upload-error", "");
      box.textContent = message;
      form.insertBefore(box, form.firstChild);
      box.scrollIntoView({ block: "center" });
    }
  }

  function send(form, data, first) {
    var progress = progressBar(form, fill(first.dataset.msgProgress, { percent: 0 }));
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Portal-Upload", "1");
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var percent = Math.min(100, Math.round(event.loaded * 100 / event.total));
      progress.set(percent, fill(first.dataset.msgProgress, { percent: percent }));
    });
    xhr.addEventListener("load", function () {
      var type = xhr.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        try {
          var answer = JSON.parse(xhr.responseText);
          if (answer.redirect) {
            form.dataset.leaving = "1";
            window.location.assign(answer.redirect);
            return;
          }
        } catch (e) { /* not ours: shown below */ }
      }
      // the form again with the server's errors (or an error page): shown as a normal
      // submit would show it
      if (xhr.responseURL) { window.history.replaceState(null, "", xhr.responseURL); }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () { failed(form, progress, first.dataset.msgFailed); });
    xhr.addEventListener("abort", function () { failed(form, progress, first.dataset.msgFailed); });
    xhr.send(data);
  }

  function onSubmit(event) {
    var form = event.currentTarget;
    if (event.defaultPrevented) { return; }
    var inputs = Array.prototype.filter.call(
      form.querySelectorAll("input[type=file][data-upload-check]"),
      function (input) { return input.files && input.files.length && input.name; }
    );
    if (!inputs.length) { return; }  // nothing to send: a normal submit
    event.preventDefault();
    var submitter = event.submitter;
    busy(form, true);
    clearErrors(form);
    var first = inputs[0];
    var shrinking = progressBar(form, first.dataset.msgShrinking || "");
    Promise.all(inputs.map(function (input) { return prepare(input, false); })).then(function (prepared) {
      shrinking.remove();
      var refused = prepared.filter(function (p) { return p.errors.length; });
      if (refused.length) {
        refused.forEach(function (p) { showErrors(p.input, p.errors); });
        refused[0].input.focus();
        failed(form, null, "");
        return;
      }
      var data;
      try { data = new FormData(form, submitter || undefined); } catch (e) {
        data = new FormData(form);
        if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
      }
      prepared.forEach(function (p) {
        data.delete(p.input.name);
        p.files.forEach(function (f) { data.append(p.input.name, f, f.name); });
      });
      send(form, data, first);
    }, function () {
      shrinking.remove();
      failed(form, null, first.dataset.msgFailed);
    });
  }

  ready(function () {
    document.querySelectorAll("form").forEach(function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
      if (!form.querySelector("input[type=file][data-upload-check]")) { return; }
      form.addEventListener("submit", onSubmit);
      // a chosen file is checked at once, before anything is sent
      form.querySelectorAll("input[type=file][data-upload-check]").forEach(function (input) {
        input.addEventListener("change", function () {
          var box = input.parentNode.querySelector("[data-client-upload-error]");
          if (box) { box.remove(); }
          input.classList.remove("is-invalid");
          prepare(input, true).then(function (p) { if (p.errors.length) { showErrors(input, p.errors); } });
        });
      });
    });
  });
})();
