// Live countdowns for deadlines. No framework, no network: the page works offline.
(function () {
  "use strict";
  // The words come translated from the page (data-left, data-overdue, data-days): no text lives here.
  function fmt(ms, el) {
    var neg = ms < 0; ms = Math.abs(ms);
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600),
        m = Math.floor((s % 3600) / 60), sec = s % 60;
    var days = d ? (el.dataset.days || "%(days)sd").replace("%(days)s", d) + " " : "";
    var txt = days + String(h).padStart(2, "0") + ":" + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
    return (neg ? (el.dataset.overdue || "overdue by %(time)s") : (el.dataset.left || "%(time)s left")).replace("%(time)s", txt);
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      if (el.dataset.open !== "yes") return;
      var left = Date.parse(el.dataset.deadline) - now;
      var c = el.querySelector(".countdown");
      if (!c) return;
      c.textContent = fmt(left, el);
      c.classList.toggle("overdue", left < 0);
      el.classList.toggle("overdue", left < 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick(); setInterval(tick, 1000);
    document.querySelectorAll("[data-back]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); history.back(); });
    });
  });
})();

// Entity entry form: show the chosen type's fields, check the entry as it is typed.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("entity-form");
    if (!form) return;
    var select = document.getElementById("entity-type");
    var out = document.getElementById("entity-check");
    var token = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
    function show() {
      form.querySelectorAll(".entity-fields").forEach(function (fs) {
        var on = fs.dataset.type === select.value;
        fs.hidden = !on; fs.disabled = !on;
      });
    }
    function payload() {
      var t = select.value, p = {type: t};
      form.querySelectorAll('.entity-fields[data-type="' + t + '"] [name]').forEach(function (el) {
        var key = el.name.slice(t.length + 1), v = el.value.trim();
        if (!v) return;
        p[key] = (key === "names" || key === "aliases") ? v.split(/\n+/).map(function (s) { return s.trim(); }).filter(Boolean) : v;
      });
      return p;
    }
    var timer = null;
    function check() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(form.dataset.validate, {method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
          body: JSON.stringify({entity: payload()})})
          .then(function (r) { return r.json(); })
          .then(function (res) {
            form.querySelectorAll(".field-error[data-field]").forEach(function (el) { el.textContent = ""; });
            if (res.valid) {
              out.className = res.problems.length ? "error" : "ok";
              out.textContent = res.problems.length ? res.problems.join("; ") : ("✔ " + res.label);
            } else {
              out.className = "error";
              out.textContent = Object.keys(res.fields || {}).map(function (k) { return k + ": " + res.fields[k]; }).join("; ");
              Object.keys(res.fields || {}).forEach(function (k) {
                var el = form.querySelector('.entity-fields[data-type="' + select.value + '"] .field-error[data-field="' + k.split(".")[0] + '"]');
                if (el) el.textContent = res.fields[k];
              });
            }
          }).catch(function () { /* offline: the server checks again on submit */ });
      }, 300);
    }
    select.addEventListener("change", function () { show(); check(); });
    form.addEventListener("input", check);
    show();
  });
})();

// Compose: the filter box narrows the recipients as one types (without JavaScript it reloads the page).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("recipient-q");
    var select = document.getElementById("recipient");
    if (!box || !select) return;
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      select.querySelectorAll("optgroup").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("option").forEach(function (opt) {
          var hit = !needle || (group.label + " " + opt.textContent).toLowerCase().indexOf(needle) >= 0;
          opt.hidden = !hit; opt.disabled = !hit && !opt.selected;
          if (hit) shown++;
        });
        group.hidden = shown === 0;
      });
    });
  });
})();
