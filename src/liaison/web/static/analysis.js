// The analyst's page: draws the rights-aware graph from /api/v1/analysis with Cytoscape.js and keeps a
// keyboard-usable list of the same nodes. No data is embedded in the page: everything comes from the API.
(function () {
  "use strict";
  const root = document.getElementById("analysis");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const nodes = new Map(); // key -> node
  const edges = new Map(); // key -> edge
  const state = { selected: null, pinned: new Set(), hidden: new Set(), groups: {}, from: null, to: null, chart: 0 };
  const KIND_COLOUR = { person: "#1d4ed8", phone: "#0f766e", vehicle: "#7c3aed", case: "#92400e", seizure: "#15803d",
    organisation: "#b45309", bank_account: "#be185d", identity_document: "#4338ca", restricted: "#9ca3af" };

  let cy = null;
  function graph() {
    if (cy || !window.cytoscape) return cy;
    cy = window.cytoscape({
      container: $("graph"),
      minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 10,
          "min-zoomed-font-size": 7, "text-wrap": "ellipsis", "text-max-width": 120, "text-valign": "bottom",
          width: 18, height: 18 } },
        { selector: "node[kind = 'case']", style: { shape: "round-rectangle", width: 26, height: 18 } },
        { selector: "node[?restricted]", style: { "border-style": "dashed", "border-width": 2, "border-color": "#374151" } },
        { selector: "node[handling = 'H2'], node[handling = 'H3']", style: { "border-width": 3, "border-color": "#dc2626" } },
        { selector: "node.pinned", style: { "overlay-opacity": 0.12, "overlay-color": "#f59e0b" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#f59e0b" } },
        { selector: "node.on-path", style: { "border-width": 4, "border-color": "#16a34a" } },
        { selector: "edge", style: { width: 1.2, "line-color": "#9ca3af", "curve-style": "bezier" } },
        { selector: "edge[kind = 'hit']", style: { "line-color": "#dc2626", width: 2 } },
        { selector: "edge[status = 'pending']", style: { "line-style": "dashed" } },
        { selector: "edge.on-path", style: { "line-color": "#16a34a", width: 4 } },
        { selector: ":parent", style: { "background-opacity": 0.08, label: "data(label)", "text-valign": "top" } },
      ],
    });
    cy.on("tap", "node", (ev) => select(ev.target.id(), true));
    return cy;
  }

  function status(text) { $("status").textContent = text; }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers["Accept"] = "application/json";
    if (opts.body) { opts.headers["Content-Type"] = "application/json"; opts.headers["X-CSRF-Token"] = csrf; }
    const res = await fetch("/api/v1/analysis" + path, opts);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const fields = body.fields ? " " + Object.values(body.fields).join(" ") : "";
      throw new Error((body.error || body.detail || res.statusText) + fields);
    }
    return body;
  }

  function add(g) {
    const cyi = graph();
    const added = [];
    for (const n of g.nodes) {
      if (!nodes.has(n.key)) added.push(n.key);
      nodes.set(n.key, n);
    }
    for (const e of g.edges) edges.set(e.key, e);
    if (cyi) {
      cyi.batch(() => {
        for (const key of added) {
          const n = nodes.get(key);
          cyi.add({ group: "nodes", data: { id: key, label: n.label, kind: n.kind, restricted: n.restricted,
            handling: n.handling_code, colour: KIND_COLOUR[n.kind] || "#6b7280" } });
        }
        for (const e of g.edges) {
          if (cyi.getElementById(e.key).length) continue;
          cyi.add({ group: "edges", data: { id: e.key, source: e.source, target: e.target, kind: e.kind, status: e.status } });
        }
      });
      relayout(added.length);
    }
    if (g.truncated) status(root.dataset.cut || "The graph was cut at its size limit: expand fewer nodes at a time.");
    render();
  }

  function relayout(count) {
    if (!cy || !count) return;
    const pinned = cy.nodes().filter((n) => state.pinned.has(n.id()));
    pinned.lock();
    const big = cy.nodes().length > 200;
    cy.layout({ name: big ? "concentric" : "cose", animate: false, nodeDimensionsIncludeLabels: !big,
      concentric: (n) => n.degree(), levelWidth: () => 2, fit: true, padding: 20 }).run();
    pinned.unlock();
  }

  function visibleKeys() { return [...nodes.keys()].filter((k) => !state.hidden.has(k)); }

  function render() {
    const list = $("node-list");
    list.textContent = "";
    const keys = [...nodes.keys()].sort((a, b) => nodes.get(a).label.localeCompare(nodes.get(b).label));
    for (const key of keys) {
      const n = nodes.get(key);
      const li = document.createElement("li");
      li.id = "n-" + key.replace(/[^a-z0-9]/gi, "-");
      li.dataset.key = key;
      li.setAttribute("role", "option");
      li.tabIndex = -1;
      li.setAttribute("aria-selected", String(state.selected === key));
      li.textContent = (state.pinned.has(key) ? "📌 " : "") + n.label + " · " + n.kind +
        (n.handling_code ? " · " + n.handling_code : "");
      if (n.restricted) li.classList.add("restricted");
      if (state.hidden.has(key)) li.classList.add("hidden-node");
      li.addEventListener("click", () => select(key, true));
      list.appendChild(li);
    }
    $("counts").textContent = "(" + nodes.size + " / " + edges.size + ")";
    renderTimeline();
  }

  function renderTimeline() {
    const body = $("timeline").querySelector("tbody");
    body.textContent = "";
    const events = [...edges.values()].filter((e) => !state.hidden.has(e.source) && !state.hidden.has(e.target))
      .sort((a, b) => String(a.on || "~").localeCompare(String(b.on || "~")));
    for (const e of events) {
      const tr = document.createElement("tr");
      const a = nodes.get(e.source), b = nodes.get(e.target);
      for (const text of [(e.on || "").slice(0, 10), (a ? a.label : e.source) + " — " + e.kind +
          (e.status ? " (" + e.status + ")" : "") + " — " + (b ? b.label : e.target), e.ref, e.evaluation || "—",
          e.handling_code]) {
        const td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function select(key, focus) {
    state.selected = key;
    for (const li of $("node-list").children) {
      const on = li.dataset.key === key;
      li.setAttribute("aria-selected", String(on));
      if (on && focus) { li.focus(); li.scrollIntoView({ block: "nearest" }); }
    }
    if (cy) { cy.$(":selected").unselect(); cy.getElementById(key).select(); }
    details(key);
  }

  function details(key) {
    const n = nodes.get(key);
    const box = $("node-details");
    box.textContent = "";
    if (!n) return;
    const h = document.createElement("h3"); h.textContent = n.label; box.appendChild(h);
    const dl = document.createElement("dl");
    const rows = n.restricted ? [["Held by", n.agency_label], ["How to ask", n.ask]]
      : [["Kind", n.kind], ["Agency", n.agency_label], ["Handling code", n.handling_code]]
        .concat(Object.entries(n.data || {}).filter(([k]) => k !== "type").map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));
    for (const [k, v] of rows) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v || "—";
      dl.append(dt, dd);
    }
    box.appendChild(dl);
    const exports = $("exports");
    const m = /^(case|entity):(\d+)$/.exec(key);
    if (m) {
      exports.textContent = "";
      for (const fmt of ["gexf", "graphml", "ftm", "anx"]) {
        const a = document.createElement("a");
        a.href = "/api/v1/analysis/export?format=" + fmt + "&depth=1&" + m[1] + "=" + m[2];
        a.textContent = fmt.toUpperCase(); a.className = "export-" + fmt;
        exports.append(a, " ");
      }
    }
  }

  async function start(text, depth) {
    nodes.clear(); edges.clear(); state.hidden.clear(); state.selected = null;
    if (cy) cy.elements().remove();
    status("…");
    try {
      const g = await api("/graph?start=" + encodeURIComponent(text) + "&depth=" + depth);
      add(g);
      status(nodes.size + " nodes, " + edges.size + " links.");
      if (nodes.size) select(g.nodes[0].key, false);
    } catch (err) { status(err.message); render(); }
  }

  async function expand() {
    const key = state.selected;
    if (!key || key.startsWith("restricted:")) { status("Select a node to expand."); return; }
    const type = $("expand-type").value;
    try {
      const g = await api("/expand", { method: "POST", body: JSON.stringify({ keys: [key], types: type ? [type] : [] }) });
      const before = nodes.size;
      add(g);
      status((nodes.size - before) + " nodes added.");
    } catch (err) { status(err.message); }
  }

  function toggle(set, cls) {
    const key = state.selected;
    if (!key) return;
    if (set.has(key)) set.delete(key); else set.add(key);
    if (cy) {
      const el = cy.getElementById(key);
      if (cls === "hidden") { if (set.has(key)) el.style("display", "none"); else el.removeStyle("display"); }
      else el.toggleClass(cls, set.has(key));
    }
    render();
    select(key, true);
  }

  function group() {
    const name = $("group-name").value.trim();
    const key = state.selected;
    if (!name || !key) { status("Name the group and select a node."); return; }
    (state.groups[name] = state.groups[name] || []).push(key);
    if (cy) {
      const gid = "group:" + name;
      if (!cy.getElementById(gid).length) cy.add({ group: "nodes", data: { id: gid, label: name, colour: "#e5e7eb" } });
      cy.getElementById(key).move({ parent: gid });
    }
    status(nodes.get(key).label + " → " + name);
  }

  async function paths() {
    if (!state.from || !state.to) { status("Choose a start (F) and an end (T)."); return; }
    const k = Math.max(1, Math.min(10, parseInt($("path-k").value, 10) || 1));
    try {
      const g = await api("/paths?from=" + encodeURIComponent(state.from) + "&to=" + encodeURIComponent(state.to) + "&k=" + k);
      add(g);
      const ol = $("paths"); ol.textContent = "";
      if (cy) cy.elements().removeClass("on-path");
      for (const p of g.paths) {
        const li = document.createElement("li");
        li.textContent = p.map((key) => (nodes.get(key) || { label: key }).label).join(" → ");
        ol.appendChild(li);
        if (cy) for (let i = 0; i < p.length; i++) {
          cy.getElementById(p[i]).addClass("on-path");
          if (i) cy.edges().filter((e) => (e.source().id() === p[i - 1] && e.target().id() === p[i]) ||
            (e.source().id() === p[i] && e.target().id() === p[i - 1])).addClass("on-path");
        }
      }
      status(g.paths.length ? g.paths.length + " path(s)." : "No path within 6 links that you may see.");
    } catch (err) { status(err.message); }
  }

  async function metrics() {
    try {
      const m = await api("/metrics", { method: "POST", body: JSON.stringify({ keys: visibleKeys() }) });
      const box = $("metrics"); box.textContent = "";
      const p = document.createElement("p");
      p.textContent = m.communities.length + " communities" + (m.sampled ? " (betweenness sampled)" : "");
      box.appendChild(p);
      const table = document.createElement("table");
      table.id = "centrality";
      table.innerHTML = "<thead><tr><th>Node</th><th>Community</th><th>Degree</th><th>Betweenness</th><th>Eigenvector</th><th>k-core</th></tr></thead>";
      const tbody = document.createElement("tbody");
      const community = {};
      m.communities.forEach((c, i) => c.forEach((key) => { community[key] = i + 1; }));
      const keys = Object.keys(m.degree).sort((a, b) => m.betweenness[b] - m.betweenness[a]).slice(0, 25);
      for (const key of keys) {
        const tr = document.createElement("tr");
        for (const text of [(nodes.get(key) || { label: key }).label, community[key], m.degree[key].toFixed(3),
            m.betweenness[key].toFixed(3), (m.eigenvector[key] || 0).toFixed(3), m.core[key]]) {
          const td = document.createElement("td"); td.textContent = String(text); tr.appendChild(td);
        }
        tbody.appendChild(tr);
      }
      table.appendChild(tbody); box.appendChild(table);
    } catch (err) { status(err.message); }
  }

  function layout() {
    const positions = {};
    if (cy) cy.nodes().forEach((n) => { if (nodes.has(n.id())) { const p = n.position(); positions[n.id()] = [Math.round(p.x), Math.round(p.y)]; } });
    return { nodes: [...nodes.keys()], pinned: [...state.pinned], hidden: [...state.hidden], groups: state.groups, positions };
  }

  async function save() {
    try {
      let chart;
      if (state.chart) chart = await api("/charts/" + state.chart + "/versions", { method: "POST", body: JSON.stringify({ layout: layout() }) });
      else chart = await api("/charts", { method: "POST", body: JSON.stringify({ name: $("chart-name").value, handling_code: $("chart-handling").value, layout: layout() }) });
      state.chart = chart.id;
      status("Chart saved: " + chart.name + " v" + chart.version + " (" + chart.handling_code + ")");
    } catch (err) { status(err.message); }
  }

  async function share() {
    if (!state.chart) { status("Save the chart first."); return; }
    const agencies = $("share-agencies").value.split(",").map((s) => s.trim()).filter(Boolean);
    try {
      const chart = await api("/charts/" + state.chart + "/shares", { method: "POST", body: JSON.stringify({ agencies }) });
      status("Chart shared with " + chart.shared_with.length + " agencies.");
    } catch (err) { status(err.message); }
  }

  async function openChart(id) {
    try {
      const c = await api("/charts/" + id);
      state.chart = c.id;
      $("chart-name").value = c.name;
      state.pinned = new Set(c.layout.pinned || []);
      add(c.graph);
      for (const key of c.layout.hidden || []) if (nodes.has(key)) { state.selected = key; toggle(state.hidden, "hidden"); }
      if (cy) for (const [key, p] of Object.entries(c.layout.positions || {})) cy.getElementById(key).position({ x: p[0], y: p[1] });
      status(c.name + " v" + c.shown_version + " · " + c.handling_code);
    } catch (err) { status(err.message); }
  }

  function moveSelection(step) {
    const items = [...$("node-list").children];
    if (!items.length) return;
    const at = items.findIndex((li) => li.dataset.key === state.selected);
    const next = items[Math.max(0, Math.min(items.length - 1, at + step))];
    select(next.dataset.key, true);
  }

  $("node-list").addEventListener("keydown", (ev) => {
    const actions = {
      ArrowDown: () => moveSelection(1), ArrowUp: () => moveSelection(-1),
      Enter: () => state.selected && details(state.selected),
      e: expand, p: () => toggle(state.pinned, "pinned"), h: () => toggle(state.hidden, "hidden"), g: group,
      f: () => { state.from = state.selected; $("path-from").textContent = nodes.get(state.from).label; },
      t: () => { state.to = state.selected; $("path-to").textContent = nodes.get(state.to).label; },
    };
    const act = actions[ev.key] || actions[ev.key.toLowerCase()];
    if (act && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); act(); }
  });
  $("node-list").addEventListener("focus", () => { if (!state.selected && nodes.size) moveSelection(0); });
  $("start-form").addEventListener("submit", (ev) => { ev.preventDefault(); start($("start").value, $("depth").value); });
  $("btn-expand").addEventListener("click", expand);
  $("btn-pin").addEventListener("click", () => toggle(state.pinned, "pinned"));
  $("btn-hide").addEventListener("click", () => toggle(state.hidden, "hidden"));
  $("btn-show-all").addEventListener("click", () => { state.hidden.clear(); if (cy) cy.nodes().removeStyle("display"); render(); });
  $("btn-group").addEventListener("click", group);
  $("btn-path").addEventListener("click", paths);
  $("btn-metrics").addEventListener("click", metrics);
  $("btn-save").addEventListener("click", save);
  $("btn-share").addEventListener("click", share);

  window.addEventListener("load", () => {
    graph();
    if (root.dataset.chart && root.dataset.chart !== "0") openChart(root.dataset.chart);
    else if (root.dataset.start) start(root.dataset.start, $("depth").value);
  });
})();
