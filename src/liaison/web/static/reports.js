// Charts of the report pages. Data come from the JSON block the page renders (the CSP allows no inline
// script); each canvas names its section in data-section.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("report-data");
    if (!block || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(block.textContent || "{}");
    document.querySelectorAll("canvas[data-section]").forEach(function (canvas) {
      var rows = data[canvas.getAttribute("data-section")] || [];
      if (!rows.length) { canvas.hidden = true; return; }
      var chart = new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map(function (r) { return r.label + (r.unit ? " (" + r.unit + ")" : ""); }),
          datasets: [{ data: rows.map(function (r) { return r.value; }) }]
        },
        options: {
          indexAxis: "y",
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true } }
        }
      });
      canvas.setAttribute("data-drawn", String(chart.data.labels.length));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
