// The incident index: sort by a column, filter by year, severity, type, service, status, tag.
// Ours, dependency-free, loads nothing. Without JavaScript the table is a plain table.
(function () {
  "use strict";
  function setup(table) {
    var form = document.querySelector(".ia-filters");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = form ? form.querySelector("output") : null;
    function apply() {
      var wanted = {};
      if (form) {
        form.querySelectorAll("select[data-filter]").forEach(function (s) {
          if (s.value) { wanted[s.getAttribute("data-filter")] = s.value; }
        });
      }
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(wanted).every(function (key) {
          var have = (row.getAttribute("data-" + key) || "").split(" ");
          return have.indexOf(wanted[key]) !== -1;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = shown + " shown"; }
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ia-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent;
          return ascending ? x.localeCompare(y) : y.localeCompare(x);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    if (form) {
      form.addEventListener("change", apply);
    }
    apply();
  }
  function init() {
    document.querySelectorAll("table.ia-incidents").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
