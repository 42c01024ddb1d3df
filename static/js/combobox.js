/* Search-as-you-type pickers (core.widgets.SearchSelect): each <select data-combobox> is
   hidden and driven by a text input with role="combobox" and a role="listbox" popup (ARIA 1.2
   pattern): typing fetches data-search-url?q=… (JSON {"results": [{id, text, detail}]});
   ArrowDown/ArrowUp move, Enter picks, Escape closes. The select keeps the chosen value, so
   the form posts as before and its "change" event still fires for htmx. No inline script. */
(function () {
  "use strict";
  let counter = 0;

  function setup(select) {
    if (select.dataset.comboboxReady) return;
    select.dataset.comboboxReady = "1";
    counter += 1;
    const id = select.id || "combobox-" + counter;
    const listId = id + "-listbox";
    const wrap = document.createElement("div");
    wrap.className = "combobox position-relative";
    const input = document.createElement("input");
    input.type = "text";
    input.className = "form-control";
    if (select.classList.contains("form-select-lg")) input.classList.add("form-control-lg");
    if (select.classList.contains("form-select-sm")) input.classList.add("form-control-sm");
    input.id = id + "-search";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.placeholder = select.dataset.placeholder || "";
    if (select.required) input.required = true;
    const chosen = select.options[select.selectedIndex];
    if (chosen && chosen.value) input.value = chosen.text;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "list-group position-absolute w-100 shadow-sm combobox-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
      if (!label.id) label.id = id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    select.classList.add("d-none");
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.required = false;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(select);

    let items = [];
    let active = -1;
    let timer = null;
    let seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      const nodes = list.querySelectorAll('[role="option"]');
      nodes.forEach(function (n, k) {
        n.classList.toggle("active", k === i);
        n.setAttribute("aria-selected", k === i ? "true" : "false");
      });
      active = i;
      if (i >= 0 && nodes[i]) {
        input.setAttribute("aria-activedescendant", nodes[i].id);
        nodes[i].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(item) {
      let option = Array.from(select.options).find(function (o) {
        return o.value === String(item.id);
      });
      if (!option) {
        option = new Option(item.text, item.id);
        select.add(option);
      }
      select.value = String(item.id);
      input.value = item.text;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(results) {
      items = results;
      list.textContent = "";
      if (!results.length) {
        const li = document.createElement("li");
        li.className = "list-group-item small text-body-secondary";
        li.textContent = select.dataset.emptyText || "—";
        list.appendChild(li);
      }
      results.forEach(function (item, k) {
        const li = document.createElement("li");
        li.id = listId + "-" + k;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.testid = "combobox-option";
        const strong = document.createElement("div");
        strong.textContent = item.text;
        li.appendChild(strong);
        if (item.detail) {
          const small = document.createElement("div");
          small.className = "small text-body-secondary";
          small.textContent = item.detail;
          li.appendChild(small);
        }
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          pick(item);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      const mine = ++seq;
      const url = select.dataset.searchUrl + "?q=" + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.ok ? r.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === seq && document.activeElement === input) render(data.results || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      if (!input.value.trim() && select.value) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("focus", function () {
      if (!select.value) search();
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
      const chosenNow = select.options[select.selectedIndex];
      if (chosenNow && chosenNow.value) input.value = chosenNow.text;
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) search();
        else highlight(Math.min(active + 1, items.length - 1));
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (e.key === "Enter") {
        // with the list open, Enter picks (the highlighted option, or the only one) and
        // never submits the form
        if (!list.hidden) {
          e.preventDefault();
          if (active >= 0 && items[active]) pick(items[active]);
          else if (items.length === 1) pick(items[0]);
        }
      } else if (e.key === "Escape") {
        close();
      }
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("select[data-combobox]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () {
    scan(document);
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    scan(e.target);
  });
})();
