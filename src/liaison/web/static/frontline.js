// Frontline desk: keyboard-first. A scanner types or pastes the MRZ; once it holds a complete
// TD1 (3x30), TD2 (2x36) or TD3 (2x44) zone, the form submits by itself. No network beyond the form.
(function () {
  "use strict";
  var LAYOUTS = [[3, 30], [2, 36], [2, 44]];
  function complete(text) {
    var lines = text.toUpperCase().split(/\s+/).filter(function (l) { return l.length > 0; });
    return LAYOUTS.some(function (l) {
      return lines.length === l[0] && lines.every(function (x) { return x.length === l[1] && /^[A-Z0-9<]+$/.test(x); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("check-form");
    var mrz = document.getElementById("mrz");
    if (!form || !mrz) return;
    var point = document.getElementById("crossing_point");
    if (point && !point.value && window.localStorage) point.value = localStorage.getItem("liaison.crossing_point") || "";
    var sent = false;
    function submit() {
      if (sent) return;
      sent = true;
      if (point && window.localStorage) localStorage.setItem("liaison.crossing_point", point.value);
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
    mrz.addEventListener("input", function () { if (complete(mrz.value)) submit(); });
    form.addEventListener("submit", function () {
      sent = true;
      if (point && window.localStorage) localStorage.setItem("liaison.crossing_point", point.value);
    });
    document.addEventListener("keydown", function (e) {
      var jump = {m: "mrz", n: "name", d: "document", p: "plate"};
      if (e.altKey && !e.ctrlKey && jump[e.key.toLowerCase()]) {
        e.preventDefault();
        document.getElementById(jump[e.key.toLowerCase()]).focus();
      } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
      else if (e.key === "Escape") {
        form.querySelectorAll("textarea[name=mrz], input[name=name], input[name=birth_date], input[name=nationality], " +
          "input[name=document], input[name=document_country], input[name=plate], input[name=plate_country], input[name=vin]")
          .forEach(function (el) { el.value = ""; });
        mrz.focus();
      }
    });
    mrz.focus();
  });
})();
