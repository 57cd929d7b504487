// Redline web app: plain JavaScript over the JSON API; charts are Vega-Lite specs built by
// the Rust side (the same figures `redline plot` draws).
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};
const fmt = (v, digits = 2) => {
  if (v === null || v === undefined) return "unknown";
  if (typeof v !== "number") return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
};
const today = () => new Date().toISOString().slice(0, 10);

async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

async function embed(target, spec) {
  if (!target || !spec) return;
  target.textContent = "";
  try {
    await vegaEmbed(target, spec, { actions: false, renderer: "svg" });
  } catch (e) {
    target.textContent = "Chart error: " + e.message;
  }
}

function showError(e) {
  const box = $("#error");
  if (box) box.textContent = e ? String(e.message || e) : "";
}

function statusPill(row) {
  if (!row.decided && !row.controlled) return el("span", { class: "pill undecided", text: "cannot decide" });
  if (row.controlled) {
    const b = row.eccn === "3A090.b";
    return el("span", { class: "pill " + (b ? "b" : "a"), text: row.paragraphs.join(" + ") || row.eccn });
  }
  if (row.excluded || (row.numerically_met && row.numerically_met.length)) return el("span", { class: "pill excluded", text: "excluded (Note 2)" });
  return el("span", { class: "pill none", text: "not 3A090" });
}

function gradeTag(g) {
  return g ? el("span", { class: "grade " + g, text: g }) : el("span", { class: "muted", text: "-" });
}

// A check's verdict, exactly as `redline check` prints it: the headline, then the verdict with
// what it depends on, the branches of an uncertain verdict, and every condition with its role.
const VERDICT_CLASS = { "required": "required", "not-required": "free", "depends": "depends", "uncertain": "uncertain" };
function renderVerdict(box, detail, check, prefix) {
  box.className = "verdict " + (VERDICT_CLASS[check.verdict] || (check.license_required ? "required" : "free"));
  box.dataset.summary = check.summary;
  box.dataset.verdict = check.verdict;
  box.textContent = `${prefix}: ${check.summary}`;
  if (!detail) return;
  const kids = [];
  const what = check.verdict === "depends" ? `depends on ${check.depends_on.join(", ")}`
    : check.verdict === "uncertain" ? "uncertain: the evidence does not settle it (see branches)"
      : check.verdict === "required" ? "required" : "not required";
  kids.push(el("p", { class: "verdict-line" }, el("span", { class: "pill verdict-" + check.verdict, text: check.verdict }), " " + what,
    check.classification_decided ? "" : el("span", { class: "muted", text: " · classification undecided (no ECCN claimed)" })));
  if (check.branches && check.branches.length) {
    kids.push(el("h3", { text: "Branches (the first is the best supported)" }));
    kids.push(el("ul", { id: "branches", class: "reasons" }, ...check.branches.map((b) => el("li", {},
      `if ${b.assumption}: ${b.license_required ? "licence required" : "no licence required"}${b.review_policy ? ", " + b.review_policy : ""}${b.depends_on.length ? ", depends on " + b.depends_on.join(", ") : ""} `,
      gradeTag(b.grade), el("span", { class: "muted", text: " " + b.source })))));
  }
  if (check.conditions && check.conditions.length) {
    kids.push(el("h3", { text: "Conditions (scope conditions can change the verdict; screening applies to every export)" }));
    kids.push(el("table", { id: "conditions" }, el("thead", {}, el("tr", {}, ...["kind", "role", "condition", "grade", "source"].map((h) => el("th", { text: h })))),
      el("tbody", {}, ...check.conditions.map((c) => el("tr", { class: "role-" + c.role }, el("td", {}, el("code", { text: c.kind + (c.percent !== undefined ? ` ${c.percent}%` : "") })),
        el("td", { text: c.role }), el("td", { text: c.text }), el("td", {}, gradeTag(c.grade)), el("td", { text: c.citation }))))));
  }
  detail.replaceChildren(...kids);
}

async function fillDestinations(select, chosen) {
  const list = await api("/api/countries");
  select.textContent = "";
  for (const c of list) select.append(el("option", { value: c.iso2, text: `${c.iso2} · ${c.name}` }));
  select.value = chosen || "CN";
}

async function fillModels(select, chosen) {
  try {
    const models = await api("/api/models");
    for (const m of models) select.append(el("option", { value: m.id, text: m.id }));
    if (chosen) select.value = chosen;
  } catch (e) { /* performance model not available */ }
}

// ---------------------------------------------------------------------------------------------
// Catalogue
const COLUMNS = [
  ["label", "chip", true], ["vendor", "vendor", true], ["status", "3A090", true],
  ["tpp", "TPP", true], ["performance_density", "density", true], ["tpp_grade", "TPP grade", true],
  ["memory_capacity_gb", "memory GB", true], ["memory_bandwidth_gbs", "DRAM GB/s", true],
  ["chip_to_chip_gbs", "chip-to-chip GB/s", false], ["host_gbs", "host GB/s", false],
  ["die_area_mm2", "die area mm²", false], ["datacenter", "datacenter", true],
  ["family", "family", false], ["tpp_format", "TPP format", false], ["launch", "launch", false],
  ["classification", "why", false], ["id", "id", false],
];

async function catalogue() {
  const state = { rows: [], sort: "tpp", dir: -1, cols: new Set(COLUMNS.filter((c) => c[2]).map((c) => c[0])) };
  const on = $("#on");
  on.value = new URLSearchParams(location.search).get("on") || today();
  const colBox = $("#columns");
  for (const [key, name] of COLUMNS) {
    const cb = el("input", { type: "checkbox", "data-col": key });
    cb.checked = state.cols.has(key);
    cb.addEventListener("change", () => { cb.checked ? state.cols.add(key) : state.cols.delete(key); render(); });
    colBox.append(el("label", {}, cb, " " + name));
  }
  const value = (r, key) => key === "status" ? (r.controlled ? r.paragraphs.join("+") : r.decided ? "" : "?") : r[key];
  const visible = () => {
    const q = $("#search").value.trim().toLowerCase();
    const vendor = $("#vendor").value, status = $("#status").value, dc = $("#dc").value;
    return state.rows.filter((r) =>
      (!q || [r.id, r.name, r.label, r.vendor, r.family || ""].join(" ").toLowerCase().includes(q)) &&
      (!vendor || r.vendor === vendor) &&
      (!status || (status === "controlled" ? r.controlled : status === "not" ? !r.controlled && r.decided : !r.decided && !r.controlled)) &&
      (!dc || String(r.datacenter) === dc)
    ).sort((a, b) => {
      const x = value(a, state.sort), y = value(b, state.sort);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * state.dir;
    });
  };
  function render() {
    const cols = COLUMNS.filter((c) => state.cols.has(c[0]));
    const head = el("tr");
    for (const [key, name] of cols) {
      const th = el("th", { "data-key": key, text: name });
      if (key === state.sort) th.className = state.dir > 0 ? "sorted-asc" : "sorted-desc";
      th.addEventListener("click", () => { state.dir = state.sort === key ? -state.dir : 1; state.sort = key; render(); });
      head.append(th);
    }
    $("#table thead").replaceChildren(head);
    const rows = visible();
    $("#count").textContent = `${rows.length} of ${state.rows.length} chips`;
    $("#table tbody").replaceChildren(...rows.map((r) => {
      const tr = el("tr", { "data-id": r.id });
      for (const [key] of cols) {
        let cell;
        if (key === "label") cell = el("td", {}, el("a", { href: "/chip/" + r.id, text: r.label }));
        else if (key === "status") cell = el("td", {}, statusPill(r));
        else if (key === "tpp_grade") cell = el("td", {}, gradeTag(r.tpp_grade));
        else if (typeof r[key] === "number") cell = el("td", { class: "num", text: fmt(r[key]) });
        else if (typeof r[key] === "boolean") cell = el("td", { text: r[key] ? "yes" : "no" });
        else cell = el("td", { text: r[key] ?? "" });
        tr.append(cell);
      }
      return tr;
    }));
  }
  function csv() {
    const cols = COLUMNS.filter((c) => state.cols.has(c[0]));
    const q = (s) => { s = s === null || s === undefined ? "" : String(s); return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
    const lines = [cols.map((c) => q(c[0] === "status" ? "paragraphs" : c[0])).join(",")];
    for (const r of visible()) lines.push(cols.map(([k]) => q(k === "status" ? r.paragraphs.join(";") : r[k])).join(","));
    const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
    const a = el("a", { href: URL.createObjectURL(blob), download: `redline-chips-${on.value}.csv` });
    document.body.append(a); a.click(); a.remove();
  }
  async function load() {
    state.rows = await api("/api/chips?on=" + on.value);
    const vendors = [...new Set(state.rows.map((r) => r.vendor))].sort();
    $("#vendor").replaceChildren(el("option", { value: "", text: "all" }), ...vendors.map((v) => el("option", { value: v, text: v })));
    render();
    embed($("#chart"), await api("/api/chart/compliance?on=" + on.value));
  }
  for (const id of ["#search", "#vendor", "#status", "#dc"]) $(id).addEventListener("input", render);
  on.addEventListener("change", () => { history.replaceState(null, "", "?on=" + on.value); load(); });
  $("#csv").addEventListener("click", csv);
  await load();
  await changesView();
}

// What one edition changed (as `redline changes EDITION --to CC`): only answers that changed.
async function changesView() {
  const ed = $("#changes-edition"), to = $("#changes-to");
  if (!ed) return;
  const eds = await api("/api/editions");
  ed.replaceChildren(...eds.slice(1).map((e) => el("option", { value: e.edition.id, text: `${e.edition.id}: ${e.edition.title}` })));
  ed.value = "2025-04-09";
  await fillDestinations(to, "");
  to.prepend(el("option", { value: "", text: "CN, MO, AE, SA, IN, MY, DE" }));
  to.value = "";
  async function show() {
    const q = new URLSearchParams({ edition: ed.value });
    if (to.value) q.set("to", to.value);
    const list = await api("/api/changes?" + q);
    $("#changes-count").textContent = `${list.length} answers changed`;
    const pill = (c) => el("span", { class: "pill verdict-" + c.verdict, text: c.verdict });
    $("#changes tbody").replaceChildren(...list.map((c) => el("tr", {}, el("td", {}, el("a", { href: `/chip/${c.chip}?on=${c.after.date}&to=${c.destination}`, text: c.chip })),
      el("td", { text: c.destination }), el("td", { text: c.changed.join(", ") }), el("td", {}, pill(c.before), " " + c.before.summary), el("td", {}, pill(c.after), " " + c.after.summary))));
  }
  ed.addEventListener("change", () => show().catch(showError));
  to.addEventListener("change", () => show().catch(showError));
  await show();
}

// ---------------------------------------------------------------------------------------------
// Chip page
// Spec field paths as people read them: labels and units instead of raw keys.
const WORDS = { dense: "dense", fp64: "FP64", fp32: "FP32", tf32: "TF32", fp16: "FP16", bf16: "BF16", fp8: "FP8", int8: "INT8", fp6: "FP6", fp4: "FP4", int4: "INT4",
  memory: "memory", interconnect: "interconnect", chip_to_chip: "chip-to-chip", host: "host link", tdp: "TDP", id: "id", datacenter: "designed for datacenters",
  us_commercially_available: "commercially available in the US", planar: "planar transistors (not counted in the applicable area)", process: "process", node: "node" };
const UNITS = [["_gbs", "GB/s"], ["_gb", "GB"], ["_mm2", "mm²"], ["_usd", "US$"], ["_w", "W"], ["_nm", "nm"], ["_mhz", "MHz"], ["_tbs", "TB/s"]];
const FIELD_LABELS = { "memory.bandwidth_gbs": "DRAM bandwidth (GB/s)", "memory.capacity_gb": "DRAM capacity (GB)", "memory.type": "DRAM type",
  "interconnect.chip_to_chip_gbs": "Chip-to-chip bandwidth (GB/s, bidirectional)", "interconnect.host_gbs": "Host link bandwidth (GB/s, bidirectional)", "aliases": "Also known as" };
function specLabel(path) {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  let unit = "";
  const parts = path.replace(/\[(\d+)\]/g, (_, i) => ` ${Number(i) + 1}`).split(".").map((p) => p.trim());
  const words = parts.map((p, k) => {
    let w = p;
    if (k === parts.length - 1) for (const [suf, u] of UNITS) if (w.endsWith(suf)) { w = w.slice(0, -suf.length); unit = u; break; }
    const m = w.match(/^(\w+?)( \d+)?$/);
    const base = m ? m[1] : w, num = m && m[2] ? m[2] : "";
    return (WORDS[base] || base.replace(/_/g, " ")) + num;
  });
  if (parts[0] === "dense" && !unit) unit = "TFLOPS/TOPS, dense";
  if (parts[0] === "dies") words[0] = words[0].replace(/^dies/, "die");
  const text = words.join(" · ");
  return (text.charAt(0).toUpperCase() + text.slice(1)) + (unit ? ` (${unit})` : "");
}

function specRows(chip) {
  const rows = [];
  const walk = (prefix, v) => {
    if (v === null || v === undefined) return;
    if (typeof v === "object" && !Array.isArray(v) && ("value" in v || "grade" in v || "source" in v || "note" in v) && !("area_mm2" in v)) {
      rows.push([prefix, v.value, v.grade, v.source, v.note]);
    } else if (Array.isArray(v) && v.every((x) => typeof x !== "object")) {
      rows.push([prefix, v.join(", "), null, null, null]);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
    } else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (k !== "sources" && k !== "conflicts" && k !== "revisions") walk(prefix ? `${prefix}.${k}` : k, x);
    } else {
      rows.push([prefix, v, null, null, null]);
    }
  };
  walk("", chip.spec);
  return rows;
}

// Press overlays and the destination's import advisories, each in its own block (hidden when empty).
function renderSideBlocks(check) {
  const press = check.press_overlays || [], adv = check.import_advisories || [];
  $("#press-block").hidden = press.length === 0;
  $("#press").replaceChildren(...press.map((p) => el("li", {}, `${p.date} `, gradeTag(p.grade), ` ${p.summary} (${p.source})`)));
  $("#advisories-block").hidden = adv.length === 0;
  $("#advisories tbody").replaceChildren(...adv.map((a) => el("tr", { class: a.concerns_chip ? "" : "muted" },
    el("td", { text: a.date }), el("td", { text: a.authority }), el("td", { text: a.summary }), el("td", { text: a.family }),
    el("td", { text: a.concerns_chip ? "yes" : "no" }), el("td", {}, gradeTag(a.grade)), el("td", { text: a.source }))));
}

async function chipPage() {
  const id = decodeURIComponent(location.pathname.split("/")[2] || "");
  const params = new URLSearchParams(location.search);
  const on = $("#on"), to = $("#to");
  on.value = params.get("on") || today();
  await fillDestinations(to, params.get("to"));
  const data = await api("/api/chips/" + encodeURIComponent(id));
  const chip = data.chip;
  document.title = `${data.label} · Redline`;
  $("#title").textContent = `${chip.spec.name} (${chip.spec.id})`;
  $("#whatif-link").href = "/whatif?base=" + encodeURIComponent(chip.spec.id);
  $("#spec tbody").replaceChildren(...specRows(chip).map(([f, v, g, s, n]) =>
    el("tr", {}, el("td", { text: specLabel(f), title: f }), el("td", { class: typeof v === "number" ? "num" : "", text: v === undefined || v === null ? "unknown" : typeof v === "boolean" ? (v ? "yes" : "no") : fmt(v) }), el("td", {}, gradeTag(g)), el("td", { text: s || "" }), el("td", { text: n || "" }))));
  $("#sources").replaceChildren(...Object.entries(chip.spec.sources || {}).map(([k, s]) =>
    el("li", {}, el("code", { text: k }), " " + s.title + (s.date ? ` (${s.date})` : "") + " ", s.url ? el("a", { href: s.url, text: "link", rel: "noreferrer" }) : "")));
  const eds = await api("/api/classifications?chip=" + encodeURIComponent(chip.spec.id));
  $("#editions tbody").replaceChildren(...eds.map((e) => el("tr", {}, el("td", { text: e.edition }), el("td", { text: e.title }),
    el("td", {}, statusPill(e.classification)), el("td", { text: e.classification.paragraphs.join(", ") }), el("td", { text: e.classification.summary }))));
  async function update() {
    history.replaceState(null, "", `?on=${on.value}&to=${to.value}`);
    const q = `chip=${encodeURIComponent(chip.spec.id)}&to=${to.value}`;
    const check = await api(`/api/check?${q}&on=${on.value}`);
    renderVerdict($("#verdict"), $("#check-detail"), check, `${check.destination_name} on ${check.date}`);
    renderSideBlocks(check);
    const tl = await api(`/api/timeline?${q}&until=${on.value}`);
    $("#timeline tbody").replaceChildren(...tl.map((e) => el("tr", {}, el("td", { text: e.date }), el("td", { text: e.editions.join(", ") }),
      el("td", { text: e.verdict || (e.license_required ? "required" : "not required") }), el("td", { text: e.review_policy || "" }), el("td", { text: e.summary }))));
    embed($("#timeline-chart"), await api(`/api/chart/timeline?${q}&until=${on.value}`));
    const hr = await api(`/api/headroom?${q}&on=${on.value}`);
    $("#headroom tbody").replaceChildren(...hr.map((h) => el("tr", {}, el("td", { text: h.direction }), el("td", { text: h.metric }),
      el("td", { class: "num", text: fmt(h.current) }), el("td", { class: "num", text: h.limit === null ? "none ahead" : fmt(h.limit) }),
      el("td", { class: "num", text: h.growth_percent === null ? "" : fmt(h.growth_percent, 1) + "%" }), el("td", { text: h.line || "" }), el("td", { text: h.becomes || h.note }))));
  }
  on.addEventListener("change", update);
  to.addEventListener("change", update);
  await update();
}

// ---------------------------------------------------------------------------------------------
// What-if editor
const FORMATS = ["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4", "int4"];
const EDIT_FIELDS = [...FORMATS, "die_area_mm2", "die_count", "dram_bandwidth_gbs", "memory_capacity_gb", "chip_to_chip_gbs", "host_gbs", "datacenter", "model"];

async function whatif() {
  const params = new URLSearchParams(location.search);
  const form = $("#editor");
  const fbox = $("#formats");
  for (const f of FORMATS) fbox.append(el("label", {}, f.toUpperCase(), el("input", { type: "number", step: "any", min: "0", name: f, id: f })));
  const chips = await api("/api/chips");
  const base = $("#base");
  for (const c of chips) base.append(el("option", { value: c.id, text: `${c.label} (${c.vendor})` }));
  base.value = params.get("base") || "h20";
  $("#on").value = params.get("on") || today();
  await fillDestinations($("#to"), params.get("to"));
  await fillModels($("#model"), params.get("model"));
  let baseChip = null;
  async function loadBase(keepParams) {
    baseChip = (await api("/api/chips/" + encodeURIComponent(base.value))).chip;
    const s = baseChip.spec, m = baseChip.metrics;
    for (const f of FORMATS) $("#" + f).value = s.dense[f] && s.dense[f].value !== undefined && s.dense[f].value !== null ? s.dense[f].value : "";
    const dies = (s.dies || []).filter((d) => !d.planar);
    const count = dies.reduce((n, d) => n + (d.count && d.count.value ? d.count.value : 1), 0) || 1;
    $("#die_count").value = count;
    $("#die_area_mm2").value = m.applicable_die_area_mm2 ? +(m.applicable_die_area_mm2.value / count).toFixed(2) : "";
    $("#dram_bandwidth_gbs").value = m.dram_bandwidth_gbs ? m.dram_bandwidth_gbs.value : "";
    $("#memory_capacity_gb").value = m.memory_capacity_gb ? m.memory_capacity_gb.value : "";
    $("#chip_to_chip_gbs").value = m.chip_to_chip_gbs ? m.chip_to_chip_gbs.value : "";
    $("#host_gbs").value = m.host_gbs ? m.host_gbs.value : "";
    $("#datacenter").value = "";
    form.dataset.baseline = JSON.stringify(Object.fromEntries(EDIT_FIELDS.filter((k) => k !== "model").map((k) => [k, form.elements[k].value])));
    if (keepParams) for (const k of EDIT_FIELDS) if (params.has(k)) form.elements[k].value = params.get(k);
  }
  // Only changed fields go in the query (and the share link).
  function query() {
    const q = new URLSearchParams({ base: base.value, on: $("#on").value, to: $("#to").value });
    const baseline = JSON.parse(form.dataset.baseline || "{}");
    for (const k of EDIT_FIELDS) {
      const v = form.elements[k].value;
      if (v !== "" && String(v) !== String(baseline[k] ?? "")) q.set(k, v);
    }
    return q.toString();
  }
  let pending = 0;
  async function update() {
    const q = query();
    history.replaceState(null, "", "/whatif?" + q);
    const ticket = ++pending;
    let r;
    try { r = await api("/api/whatif?" + q); } catch (e) { showError(e); $("#verdict").textContent = "—"; return; }
    if (ticket !== pending) return;
    showError(null);
    const c = r.check;
    renderVerdict($("#verdict"), $("#check-detail"), c, `${r.chip.label} → ${c.destination_name} on ${c.date}`);
    $("#classification").replaceChildren(statusPill(r.classification), " " + r.classification.summary);
    $("#reasons").replaceChildren(...c.reasons.map((x) => el("li", { text: x })));
    const b = r.base.row, w = r.chip;
    const metricRows = [["TPP", b.tpp, w.tpp], ["performance density", b.performance_density, w.performance_density], ["die area mm²", b.die_area_mm2, w.die_area_mm2],
      ["DRAM GB/s", b.memory_bandwidth_gbs, w.memory_bandwidth_gbs], ["chip-to-chip GB/s", b.chip_to_chip_gbs, w.chip_to_chip_gbs], ["licence", r.base.check.summary, c.summary]];
    $("#metrics tbody").replaceChildren(...metricRows.map(([n, x, y]) => el("tr", {}, el("td", { text: n }), el("td", { class: "num", text: fmt(x) }), el("td", { class: "num", text: fmt(y) }))));
    $("#headroom tbody").replaceChildren(...r.headroom.map((h) => el("tr", {}, el("td", { text: h.direction }), el("td", { class: "num", text: fmt(h.current) }),
      el("td", { class: "num", text: h.limit === null ? "none ahead" : fmt(h.limit) }), el("td", { class: "num", text: h.growth_percent === null ? "" : fmt(h.growth_percent, 1) + "%" }), el("td", { text: h.line || "" }))));
    const perf = $("#perf");
    if (r.perf) {
      const p = r.perf;
      perf.className = "";
      const rowsP = [["model", p.model], ["batch", p.batch], ["time to first token", fmt(p.ttft_s, 3) + " s"], ["time per output token", fmt(p.tpot_s * 1000, 2) + " ms"],
        ["output tokens/s", fmt(p.output_tokens_per_s, 0)], ["max batch that fits", p.max_batch], ["memory per chip", p.memory_gb ? fmt(p.memory_gb.total, 1) + " GB" : ""],
        ["decode bound by", p.decode ? p.decode.bound : ""]];
      perf.replaceChildren(el("table", { id: "perf-table" }, el("tbody", {}, ...rowsP.map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { class: "num", text: String(v) }))))));
    } else {
      perf.className = "muted";
      perf.textContent = "Pick a model to see performance.";
    }
    embed($("#chart"), r.chart);
  }
  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(update, 150); };
  form.addEventListener("input", (e) => { if (e.target !== base) soon(); });
  base.addEventListener("change", async () => { await loadBase(false); update(); });
  $("#reset").addEventListener("click", async () => { await loadBase(false); update(); });
  $("#export").addEventListener("click", () => { location.href = "/api/whatif/spec?" + query(); });
  $("#share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("#share").textContent = "Link copied"; } catch (e) { $("#share").textContent = "Copy the address bar"; }
  });
  await loadBase(true);
  await update();
}

// ---------------------------------------------------------------------------------------------
// Compare
async function compare() {
  const params = new URLSearchParams(location.search);
  const chips = await api("/api/chips");
  const sel = $("#chips");
  const chosen = new Set((params.get("chips") || "h100-sxm,h20,h200,rtx-pro-6000d").split(","));
  for (const c of chips) {
    const o = el("option", { value: c.id, text: c.label });
    o.selected = chosen.has(c.id);
    sel.append(o);
  }
  $("#on").value = params.get("on") || today();
  for (const k of ["gpus", "precision", "batch"]) if (params.get(k)) $("#" + k).value = params.get(k);
  await fillDestinations($("#to"), params.get("to"));
  await fillModels($("#model"), params.get("model"));
  async function go() {
    showError(null);
    const ids = [...sel.selectedOptions].map((o) => o.value);
    const model = $("#model").value, on = $("#on").value, to = $("#to").value;
    const q = new URLSearchParams({ chips: ids.join(","), on, to });
    if (model) q.set("model", model);
    const work = new URLSearchParams();
    for (const k of ["gpus", "precision", "batch"]) { const v = $("#" + k).value.trim(); if (v) { q.set(k, v); work.set(k, v); } }
    history.replaceState(null, "", "/compare?" + q);
    const rows = chips.filter((c) => ids.includes(c.id));
    const checks = await Promise.all(rows.map((c) => api(`/api/check?chip=${c.id}&to=${to}&on=${on}`)));
    const head = ["chip", "vendor", "TPP", "density", "DRAM GB/s", "memory GB", "3A090", `licence to ${to}`];
    let perf = null;
    if (model) {
      try { perf = await api(`/api/compare?chips=${ids.join(",")}&model=${model}&${work}`); } catch (e) { showError(e); }
    }
    const perfRows = perf && perf.rows ? perf.rows : [];
    if (perfRows.length) head.push("tokens/s", "TTFT s", "TPOT ms");
    $("#table thead").replaceChildren(el("tr", {}, ...head.map((h) => el("th", { text: h }))));
    $("#table tbody").replaceChildren(...rows.map((r, i) => {
      const tr = el("tr", {}, el("td", {}, el("a", { href: "/chip/" + r.id, text: r.label })), el("td", { text: r.vendor }), el("td", { class: "num", text: fmt(r.tpp) }),
        el("td", { class: "num", text: fmt(r.performance_density) }), el("td", { class: "num", text: fmt(r.memory_bandwidth_gbs) }), el("td", { class: "num", text: fmt(r.memory_capacity_gb) }),
        el("td", {}, statusPill(r)), el("td", {}, el("span", { class: "pill verdict-" + checks[i].verdict, text: checks[i].verdict }), " " + checks[i].summary));
      const p = perfRows.find((x) => x.chip === r.id || x.hardware === r.label);
      if (perfRows.length) tr.append(el("td", { class: "num", text: p ? fmt(p.tokens_per_s) : "" }), el("td", { class: "num", text: p ? fmt(p.ttft_s, 3) : "" }), el("td", { class: "num", text: p ? fmt(p.tpot_s * 1000, 2) : "" }));
      return tr;
    }));
    const cq = `chips=${ids.join(",")}&on=${on}`;
    embed($("#chart-compliance"), await api("/api/chart/compliance?" + cq));
    embed($("#chart-bandwidth"), await api(`/api/chart/bandwidth?${cq}&to=${to}`));
    if (model) {
      for (const kind of ["compare", "roofline"]) {
        try { embed($("#chart-" + kind), await api(`/api/chart/${kind}?chips=${ids.join(",")}&model=${model}`)); } catch (e) { showError(e); }
      }
    } else {
      $("#chart-compare").textContent = "Pick a model for throughput, latency and roofline charts.";
      $("#chart-roofline").textContent = "";
    }
  }
  $("#go").addEventListener("click", () => go().catch(showError));
  await go();
}

// ---------------------------------------------------------------------------------------------
// Compliance frontier
const FRONTIER_FIELDS = ["on", "to", "model", "phase", "batch", "input", "output", "gpus", "dies", "constraint"];

async function frontierPage() {
  const params = new URLSearchParams(location.search);
  $("#on").value = params.get("on") || "2024-06-01";
  await fillDestinations($("#to"), params.get("to"));
  await fillModels($("#model"), params.get("model") || "deepseek-v3");
  for (const k of ["phase", "batch", "input", "output", "gpus", "dies", "constraint"]) {
    if (params.get(k)) $("#" + k).value = params.get(k);
  }
  async function go() {
    showError(null);
    const q = new URLSearchParams();
    for (const k of FRONTIER_FIELDS) { const v = $("#" + k).value; if (v) q.set(k, v); }
    history.replaceState(null, "", "/frontier?" + q);
    $("#summary").textContent = "Searching…";
    document.body.dataset.search = "running";
    let r;
    try {
      r = await api("/api/frontier?" + q);
    } catch (e) {
      $("#summary").textContent = "";
      document.body.dataset.search = "error";
      throw e;
    }
    $("#summary").textContent = `${r.constraint_text}. Objective: ${r.objective}. ${r.evaluated.toLocaleString("en-US")} designs evaluated (${r.grid_points.toLocaleString("en-US")} grid points, ${r.allowed.toLocaleString("en-US")} allowed), space ${r.space}, judged as ${r.vendor}, modelled as ${r.family}.`;
    await embed($("#chart"), r.chart);
    const b = r.best;
    if (b) {
      const d = b.design;
      const lines = [
        el("p", { class: "verdict free", text: `Objective ${fmt(b.objective, 1)} (${b.origin}) · ${b.verdict}` }),
        el("p", { text: `TPP ${fmt(b.tpp, 1)}, density ${fmt(b.performance_density, 3)}, DRAM ${fmt(b.memory_bandwidth_gbs)} GB/s, ${fmt(b.memory_capacity_gb)} GB, chip-to-chip ${fmt(b.chip_to_chip_gbs)} GB/s` }),
      ];
      if (d) lines.push(el("p", { class: "muted", text: `${d.dies} × ${fmt(d.die_area_mm2)} mm² logic, ${fmt(d.bf16_tflops, 1)} dense BF16 TFLOP/s; ${d.memory_units} × ${d.memory_type}; ${d.datacenter ? "datacenter" : "consumer-marketed"}; ~${fmt(d.tdp_w)} W, ~${fmt(d.price_usd)} USD (modelled)` }));
      $("#best").replaceChildren(...lines);
      $("#binding tbody").replaceChildren(...(b.binding_detail.length ? b.binding_detail.map((l) => el("tr", {},
        el("td", { text: l.id }), el("td", { text: l.metric }), el("td", { class: "num", text: fmt(l.line) }),
        el("td", { class: "num", text: fmt(l.value) }), el("td", { class: "num", text: l.margin_percent.toFixed(2) + "%" })))
        : [el("tr", {}, el("td", { colspan: "5", text: "none within 2% (the design space's bounds bind)" }))]));
      $("#spec").textContent = b.spec;
    } else {
      $("#best").replaceChildren(el("p", { text: "No allowed design can run this workload." }));
      $("#binding tbody").replaceChildren();
      $("#spec").textContent = "";
    }
    $("#table tbody").replaceChildren(...r.chips.map((c) => el("tr", {},
      el("td", {}, el("a", { href: "/chip/" + c.id, text: c.label })),
      el("td", { class: "num", text: fmt(c.objective, 1) }),
      el("td", { class: "num", text: c.gap_percent.toFixed(1) + "%" }),
      el("td", {}, el("span", { class: "pill " + (c.allowed ? "none" : "a"), text: c.allowed ? "allowed" : "not allowed" })),
      el("td", { class: "num", text: fmt(c.tpp) }),
      el("td", { class: "num", text: fmt(c.memory_bandwidth_gbs) }),
      el("td", { text: c.verdict }))));
    $("#unscored").textContent = r.unscored.length ? "Not scored: " + r.unscored.map((u) => `${u.id} (${u.reason})`).join("; ") : "";
    document.body.dataset.search = "done";
  }
  $("#form").addEventListener("submit", (e) => { e.preventDefault(); go().catch(showError); });
  await go();
}

const PAGES = { catalogue, chip: chipPage, whatif, compare, frontier: frontierPage };
window.addEventListener("DOMContentLoaded", () => {
  const page = PAGES[document.body.dataset.page];
  if (page) page().then(() => { document.body.dataset.ready = "true"; }).catch((e) => {
    const box = $("#error") || $("main");
    box.prepend(el("p", { class: "error", text: String(e.message || e) }));
    document.body.dataset.ready = "error";
  });
});
