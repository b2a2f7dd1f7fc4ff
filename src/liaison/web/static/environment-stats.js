// Charts of the environmental seizure statistics page. Data come from the JSON block the page
// renders (the CSP allows no inline script); each canvas names its dimension in data-dimension.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("env-stats-data");
    if (!block || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(block.textContent || "{}");
    document.querySelectorAll("canvas[data-dimension]").forEach(function (canvas) {
      var dim = canvas.getAttribute("data-dimension");
      var rows = data[dim] || [];
      if (!rows.length) { canvas.hidden = true; return; }
      var chart = new window.Chart(canvas, {
        type: dim === "month" ? "line" : "bar",
        data: {
          labels: rows.map(function (r) { return r.key; }),
          datasets: [{ label: canvas.getAttribute("data-label") || "", data: rows.map(function (r) { return r.seizures; }) }]
        },
        options: {
          indexAxis: dim === "route" ? "y" : "x",
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 }, beginAtZero: true } }
        }
      });
      canvas.setAttribute("data-drawn", String(chart.data.labels.length));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
