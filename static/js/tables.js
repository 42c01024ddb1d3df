/* Tables on every page (issue 12), kept out of the HTML for the Content-Security-Policy.
   1. Lists become cards on a phone: every table with a header row gets the class
      "table-cards" (CSS in portal.css turns each row into a card below 576 px) and each cell
      the data-label of its column's header, shown before the value. A table opts out with
      data-cards="off" (matrices that only make sense as a grid). The table keeps its roles
      (table, row, cell) for screen readers, which CSS display changes would drop.
   2. A region that scrolls sideways (.table-responsive, [data-scroll-region]) is reachable by
      keyboard and named: tabindex=0, role=region and the label of its table or heading. */
(function () {
  "use strict";

  function text(el) { return (el && el.textContent || "").replace(/\s+/g, " ").trim(); }

  function headers(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var labels = [];
    Array.prototype.forEach.call(row.cells, function (th) {
      var label = th.getAttribute("data-label") || text(th);
      for (var i = 0; i < (th.colSpan || 1); i++) { labels.push(label); }
    });
    return labels;
  }

  function cards(table) {
    if (table.getAttribute("data-cards") === "off" || table.closest("[data-cards=off]")) { return; }
    var labels = headers(table);
    if (!labels) { return; }
    table.classList.add("table-cards");
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot"), function (g) {
      g.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (tr) {
      tr.setAttribute("role", "row");
      var col = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        var head = tr.parentNode === table.tHead;
        if (!cell.hasAttribute("role")) {
          cell.setAttribute("role", head ? "columnheader" : (cell.tagName === "TH" ? "rowheader" : "cell"));
        }
        if (!head && !cell.hasAttribute("data-label") && labels[col] && cell.colSpan < labels.length) {
          cell.setAttribute("data-label", labels[col]);
        }
        col += cell.colSpan || 1;
      });
    });
  }

  function regionLabel(el) {
    if (el.getAttribute("aria-label")) { return el.getAttribute("aria-label"); }
    var table = el.querySelector("table");
    if (table && table.caption) { return text(table.caption); }
    if (table && table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    // the nearest heading before the region
    var all = document.querySelectorAll("h1, h2, h3, h4, h5, h6, .card-header, [data-scroll-region], .table-responsive");
    var label = "";
    for (var i = 0; i < all.length && all[i] !== el; i++) {
      if (!all[i].matches("[data-scroll-region], .table-responsive")) { label = text(all[i]); }
    }
    return label || document.title;
  }

  function regions() {
    document.querySelectorAll(".table-responsive, [data-scroll-region]").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        if (!el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) {
          el.setAttribute("aria-label", regionLabel(el));
        }
        el.setAttribute("data-scroll-made", "1");
      } else if (!scrolls && el.getAttribute("data-scroll-made") === "1") {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("data-scroll-made");
      }
    });
  }

  // <div data-scroll-region data-scroll-to="x" data-scroll-left="names' width">: a wide
  // picture (the project timeline) opens scrolled to x (today), not at its left edge.
  function scrollTo(el) {
    var to = parseFloat(el.getAttribute("data-scroll-to"));
    if (isNaN(to) || el.getAttribute("data-scrolled")) { return; }
    var names = el.firstElementChild ? el.firstElementChild.getBoundingClientRect().width : 0;
    var offset = to - parseFloat(el.getAttribute("data-scroll-left") || "0");
    el.scrollLeft = Math.max(0, offset - (el.clientWidth - names) / 2);
    el.setAttribute("data-scrolled", "1");
  }

  function apply(root) {
    (root || document).querySelectorAll("main table").forEach(cards);
    if (root && root.tagName === "TABLE") { cards(root); }
    regions();
    document.querySelectorAll("[data-scroll-to]").forEach(scrollTo);
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () { apply(document); });
  // rows replaced by htmx (filters, pages) get the same treatment
  document.addEventListener("htmx:afterSettle", function (event) { apply(event.target); });
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(regions, 150);
  });
  window.ULEPortal = window.ULEPortal || {};
  window.ULEPortal.tables = apply;
})();
