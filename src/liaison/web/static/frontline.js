// Frontline desk: keyboard-first. A scanner types or pastes the MRZ; once it holds a complete
// TD1 (3x30), TD2 (2x36) or TD3 (2x44) zone, the form submits by itself. No network beyond the form.
// An empty form or a second submit while one is under way is refused here, so it never replaces the
// verdict on screen (the server keeps it too). The crossing point is the server's (once per shift).
(function () {
  "use strict";
  var LAYOUTS = [[3, 30], [2, 36], [2, 44]];
  var QUERY = "textarea[name=mrz], input[name=name], input[name=birth_date], input[name=nationality], " +
    "input[name=document], input[name=document_country], input[name=plate], input[name=plate_country], input[name=vin]";
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
    var note = document.getElementById("desk-note");
    var sent = false;
    function empty() {
      return Array.prototype.every.call(form.querySelectorAll(QUERY), function (el) { return !el.value.trim(); });
    }
    function refuseEmpty() {
      if (note) {
        note.textContent = note.getAttribute("data-empty");
        note.hidden = false;
      }
      mrz.focus();
    }
    // Returns whether this submit may go ahead; marks it as under way.
    function mayGo() {
      if (sent) return false;
      if (empty()) { refuseEmpty(); return false; }
      sent = true;
      return true;
    }
    function submit() {
      if (sent) return;
      if (form.requestSubmit) { form.requestSubmit(); return; }  // fires "submit", which checks
      if (mayGo()) form.submit();
    }
    mrz.addEventListener("input", function () { if (complete(mrz.value)) submit(); });
    form.addEventListener("submit", function (e) { if (!mayGo()) e.preventDefault(); });
    window.addEventListener("pageshow", function () { sent = false; });
    document.addEventListener("keydown", function (e) {
      var jump = {m: "mrz", n: "name", d: "document", p: "plate"};
      if (e.altKey && !e.ctrlKey && jump[e.key.toLowerCase()]) {
        e.preventDefault();
        document.getElementById(jump[e.key.toLowerCase()]).focus();
      } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
      else if (e.key === "Escape") {
        form.querySelectorAll(QUERY).forEach(function (el) { el.value = ""; });
        mrz.focus();
      }
    });
    mrz.focus();
  });
})();
