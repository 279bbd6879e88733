// entente dashboard: one page per view, all numbers from the JSON API.
"use strict";

const main = document.getElementById("main");

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function fmt(v, d) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(d);
}

function showError(where, err) {
  where.replaceChildren(el("p", { class: "error", id: "error", text: String(err.message || err) }));
}

async function embed(target, spec) {
  spec.$schema = "https://vega.github.io/schema/vega-lite/v6.json";
  spec.width = spec.width || "container";
  return vegaEmbed(target, spec, { actions: false, renderer: "svg" });
}

async function loadCountries() {
  const list = await api("/api/countries");
  const dl = document.getElementById("countries");
  dl.replaceChildren(...list.map((c) => el("option", { value: c.name, label: c.code })));
}

function input(id, label, value, extra) {
  return [el("label", { for: id, text: label }), el("input", Object.assign({ id, value }, extra || {}))];
}

function table(columns, rows, id) {
  const t = el("table", id ? { id } : {});
  t.append(el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { text: c })))));
  t.append(el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((v) => el("td", { text: v }))))));
  return t;
}

// Every page's state lives in its URL: a view reads its inputs from the query string and
// records what it shows with `remember`, so links can be shared and back/forward work.
function query() {
  return new URLSearchParams(location.search);
}

let firstShow = true;
function remember(path, params) {
  const url = `${path}?${params}`;
  if (location.pathname + location.search === url) return;
  if (firstShow) history.replaceState(null, "", url); else history.pushState(null, "", url);
}

// ---- Dyad explorer ------------------------------------------------------
async function dyadView() {
  const q = new URLSearchParams(location.search);
  const controls = el("div", { class: "controls" },
    ...input("a", "State A", q.get("a") || "China", { list: "countries", size: 18 }),
    ...input("b", "State B", q.get("b") || "Russia", { list: "countries", size: 18 }),
    ...input("from", "From", q.get("from") || "1971", { size: 5 }),
    ...input("to", "To", q.get("to") || "2024", { size: 5 }),
    el("button", { id: "go", text: "Show" }));
  const out = el("div", { id: "dyad-out" });
  main.replaceChildren(el("h2", { text: "Dyad explorer" }), controls, out);
  async function show() {
    const params = new URLSearchParams({
      a: document.getElementById("a").value, b: document.getElementById("b").value,
      from: document.getElementById("from").value, to: document.getElementById("to").value,
    });
    const keep = query().get("at");
    if (keep) params.set("at", keep);
    remember("/dyad", params);
    params.delete("at");
    out.replaceChildren(el("p", { class: "note", text: "Loading…" }));
    let d;
    try { d = await api("/api/dyad?" + params); } catch (e) { return showError(out, e); }
    if (!d.years.length) return showError(out, new Error("no joint votes in these years"));
    const last = d.years[d.years.length - 1];
    const cards = el("div", { class: "cards" },
      el("div", { class: "card" }, el("div", { class: "note", text: `Agreement ${last.year}` }),
        el("div", { class: "big", id: "latest-agree", text: fmt(last.agree, 3) }),
        el("div", { class: "note", id: "latest-agree-ci", text: `95%: ${fmt(last.agree_lo, 3)}–${fmt(last.agree_hi, 3)}` })),
      el("div", { class: "card" }, el("div", { class: "note", text: `κ ${last.year}` }),
        el("div", { class: "big", id: "latest-kappa", text: fmt(last.kappa, 3) })),
      el("div", { class: "card" }, el("div", { class: "note", text: `Ideal-point distance ${last.year}` }),
        el("div", { class: "big", id: "latest-ideal", text: fmt(last.ideal_distance, 2) }),
        el("div", { class: "note", id: "latest-ideal-ci", text: `95%: ${fmt(last.ideal_distance_lo, 2)}–${fmt(last.ideal_distance_hi, 2)}` })),
      el("div", { class: "card" }, el("div", { class: "note", text: "Joint votes" }),
        el("div", { class: "big", id: "latest-n", text: String(last.n_votes) })));
    const chart = el("div", { id: "dyad-chart", style: "width:100%" });
    const evidence = el("div", { id: "evidence" }, el("p", { class: "note", text: "Click a point to see that year's roll calls." }));
    const breaks = el("p", { id: "breaks", text: d.breaks.length
      ? "Turning points in agreement: " + d.breaks.map((b) => `${b.year} (${b.shift >= 0 ? "+" : ""}${fmt(b.shift, 3)}, confidence ${fmt(b.confidence, 2)})`).join("; ")
      : "No turning point in agreement." });
    const idealChart = el("div", { id: "ideal-chart", style: "width:100%" });
    const indexOut = el("div", { id: "index-out" }, el("p", { class: "note", text: "Loading the relationship index…" }));
    const eventsOut = el("div", { id: "events-out" }, el("p", { class: "note", text: "Loading events…" }));
    const tiesOut = el("div", { id: "ties-out" }, el("p", { class: "note", text: "Loading the ties…" }));
    const shiftOut = el("div", { id: "shift-out" });
    const shiftControls = el("div", { class: "controls" },
      ...input("at", "Dates (YYYY-MM-DD, comma-separated)", q.get("at") || "", { size: 26, placeholder: "2014-03-18,2022-02-24" }),
      el("button", { id: "shift-go", text: "Compare before and after" }));
    out.replaceChildren(el("h3", { text: `${d.a.name} – ${d.b.name}` }), cards, breaks, chart, idealChart,
      el("h3", { text: "What changed" }), shiftControls, shiftOut,
      el("h3", { text: "Alignment and intensity" }), indexOut,
      el("h3", { text: "Military and economic ties" }), tiesOut,
      el("h3", { text: "News events" }), eventsOut,
      el("h3", { text: "Evidence" }), evidence);
    showIndex(indexOut, params);
    showEvents(eventsOut, params);
    showTies(tiesOut, params);
    const runShift = () => showShift(shiftOut, params, document.getElementById("at").value.trim());
    document.getElementById("shift-go").addEventListener("click", runShift);
    if (q.get("at")) runShift();
    await embed(idealChart, {
      height: 140, title: "Ideal-point distance (lower = closer)",
      data: { values: d.years.filter((y) => y.ideal_distance !== null) },
      encoding: { x: { field: "year", type: "quantitative", axis: { format: "d" }, scale: { zero: false, nice: false } } },
      layer: [
        { mark: { type: "area", opacity: 0.2, color: "#009E73" },
          encoding: { y: { field: "ideal_distance_lo", type: "quantitative", title: "distance" }, y2: { field: "ideal_distance_hi" } } },
        { mark: { type: "line", point: true, color: "#009E73" },
          encoding: { y: { field: "ideal_distance", type: "quantitative", title: "distance" },
                      tooltip: [{ field: "year" }, { field: "ideal_distance", format: ".2f", title: "distance" },
                                { field: "ideal_distance_lo", format: ".2f", title: "lo" }, { field: "ideal_distance_hi", format: ".2f", title: "hi" }] } },
      ],
    });
    const rows = [];
    for (const y of d.years) {
      if (y.agree !== null) rows.push({ year: y.year, measure: "agree", value: y.agree, lo: y.agree_lo, hi: y.agree_hi, n: y.n_votes });
      if (y.kappa !== null) rows.push({ year: y.year, measure: "kappa", value: y.kappa, lo: y.kappa_lo, hi: y.kappa_hi, n: y.n_votes });
    }
    const view = await embed(chart, {
      height: 280,
      data: { values: rows },
      encoding: { x: { field: "year", type: "quantitative", axis: { format: "d" }, scale: { zero: false, nice: false } },
                  color: { field: "measure", type: "nominal" } },
      layer: [
        { mark: { type: "area", opacity: 0.18 }, encoding: { y: { field: "lo", type: "quantitative", title: "agreement / κ" }, y2: { field: "hi" } } },
        { mark: "line", encoding: { y: { field: "value", type: "quantitative" } } },
        { mark: { type: "point", filled: true, size: 45, cursor: "pointer" }, params: [{ name: "pick", select: { type: "point", on: "click", fields: ["year"] } }],
          encoding: { y: { field: "value", type: "quantitative" },
                      tooltip: [{ field: "year" }, { field: "measure" }, { field: "value", format: ".3f" }, { field: "lo", format: ".3f" }, { field: "hi", format: ".3f" }, { field: "n", title: "joint votes" }] } },
        { data: { values: d.breaks }, mark: { type: "rule", strokeDash: [4, 3] }, encoding: { x: { field: "year", type: "quantitative" }, color: { value: "#888" } } },
      ],
    });
    view.view.addEventListener("click", async (_, item) => {
      if (!item || !item.datum || item.datum.year === undefined) return;
      await showEvidence(evidence, params.get("a"), params.get("b"), item.datum.year);
    });
    window.__dyad = d;
  }
  document.getElementById("go").addEventListener("click", show);
  await show();
}

// The evidence of military and economic ties (entente ties): records with their sources,
// one kind at a time.
async function showTies(where, params) {
  let t;
  try { t = await api("/api/ties?" + params); } catch (e) { return showError(where, e); }
  const kinds = [...new Set(t.rows.map((r) => r.evidence))];
  const counts = Object.fromEntries(kinds.map((k) => [k, t.rows.filter((r) => r.evidence === k).length]));
  const pick = el("select", { id: "ties-kind" }, ...kinds.map((k) => el("option", { value: k, text: `${k} (${counts[k]})` })));
  if (kinds.includes("arms deal")) pick.value = "arms deal";
  const body = el("div", { id: "ties-table-wrap", style: "max-height:340px;overflow:auto" });
  const render = () => body.replaceChildren(table(["year", "direction", "item", "detail", "value", "source"],
    t.rows.filter((r) => r.evidence === pick.value).map((r) => [r.year === null ? "–" : String(r.year), r.direction, r.item, r.detail, r.value === null ? "" : fmt(r.value, 1), r.source]), "ties-table"));
  pick.addEventListener("change", render);
  where.replaceChildren(
    kinds.length ? el("div", { class: "controls" }, el("label", { for: "ties-kind", text: "Evidence" }), pick) : el("p", { class: "note", text: "No ties recorded in these years." }),
    body, ...t.coverage.map((c) => el("p", { class: "note", text: c })));
  if (kinds.length) render();
  window.__ties = t;
}

// What changed at dates (entente shift; docs/shift.md): every measure before vs after.
async function showShift(where, params, at) {
  if (!at) return showError(where, new Error("give one or more dates, e.g. 2022-02-24"));
  const q = new URLSearchParams({ a: params.get("a"), b: params.get("b"), at });
  const url = query();
  url.set("at", at);
  history.replaceState(null, "", "/dyad?" + url);
  where.replaceChildren(el("p", { class: "note", text: "Comparing…" }));
  let s;
  try { s = await api("/api/shift?" + q); } catch (e) { return showError(where, e); }
  const span = (r, side) => r.dating === "roll_call" ? `${side.first} – ${side.last}` : (side.first.slice(0, 4) === side.last.slice(0, 4) ? side.first.slice(0, 4) : `${side.first.slice(0, 4)}–${side.last.slice(0, 4)}`);
  const rows = [];
  for (const d of s.dates) {
    for (const r of d.rows) {
      const c = r.change;
      rows.push([d.windows.at, r.measure, span(r, c.before), fmt(c.before.value, 3), span(r, c.after), fmt(c.after.value, 3),
        (c.difference > 0 ? "+" : "") + fmt(c.difference, 3),
        c.interval ? `${fmt(c.interval[0], 3)} – ${fmt(c.interval[1], 3)}` : "–",
        c.placebo ? fmt(c.placebo.share_smaller, 2) : "–", c.verdict.replaceAll("_", " ")]);
    }
  }
  const left = s.dates.filter((d) => d.left_out.length).map((d) => `${d.windows.at}: ${d.left_out.join(", ")}`);
  where.replaceChildren(
    table(["date", "measure", "before (span)", "before", "after (span)", "after", "difference", "95% interval", "placebo smaller", "verdict"], rows, "shift-table"),
    el("p", { class: "note", text: `Up to ${s.window} years a side. Beyond noise: the interval excludes 0 and the change is larger than 90% of the pair's changes at the same day in other years.` + (left.length ? ` Left out (no data on a side): ${left.join("; ")}.` : "") }),
    ...s.notes.map((n) => el("p", { class: "note", text: n })));
  window.__shift = s;
}

// Alignment and intensity (docs/index.md): levels with intervals, hostility, what the
// latest values are made of, where the sources end, and a's partners at a glance.
async function showIndex(where, params) {
  let p;
  try { p = await api("/api/profile?" + params); } catch (e) { return showError(where, e); }
  const aligned = p.years.filter((y) => y.alignment !== null);
  if (!aligned.length) {
    where.replaceChildren(el("p", { class: "note", text: "No year shown has enough evidence for an alignment score (it runs 1946–2024 and needs dispute or armed-conflict data and UN votes or two other kinds of evidence)." }));
    return;
  }
  const last = aligned[aligned.length - 1];
  const both = p.years.filter((y) => y.alignment !== null && y.intensity !== null);
  const scatterYear = both.length ? both[both.length - 1].year : last.year;
  const rows = [];
  for (const y of p.years) {
    if (y.alignment !== null) rows.push({ year: y.year, series: "alignment", value: y.alignment, lo: y.alignment_lo, hi: y.alignment_hi });
    if (y.intensity !== null) rows.push({ year: y.year, series: "intensity", value: y.intensity, lo: y.intensity_lo, hi: y.intensity_hi });
    if (y.hostility !== null) rows.push({ year: y.year, series: "hostility", value: y.hostility, lo: null, hi: null });
  }
  const chart = el("div", { id: "index-chart", style: "width:100%" });
  const scatter = el("div", { id: "scatter-chart", style: "width:100%" });
  const c = p.contributions;
  const changes = [...p.composition_changes.alignment];
  where.replaceChildren(
    el("div", { class: "cards" },
      el("div", { class: "card" }, el("div", { class: "note", text: `Alignment ${last.year} (−1 against … 1 together)` }),
        el("div", { class: "big", id: "latest-alignment", text: fmt(last.alignment, 3) }),
        el("div", { class: "note", id: "latest-alignment-ci", text: `95%: ${fmt(last.alignment_lo, 3)}–${fmt(last.alignment_hi, 3)}` })),
      el("div", { class: "card" }, el("div", { class: "note", text: `Intensity ${last.year} (0 … 1: how much they have to do with each other)` }),
        el("div", { class: "big", id: "latest-intensity", text: last.intensity === null ? "–" : fmt(last.intensity, 3) }),
        el("div", { class: "note", text: last.intensity === null ? "fewer than two of its sources cover this year" : `95%: ${fmt(last.intensity_lo, 3)}–${fmt(last.intensity_hi, 3)}` })),
      el("div", { class: "card" }, el("div", { class: "note", text: "Coverage (alignment)" }),
        el("div", { class: "big", id: "latest-coverage", text: fmt(last.coverage_alignment, 2) }),
        el("div", { class: "note", text: last.missing.length ? "missing: " + last.missing.join(", ") : "every component present" }))),
    chart,
    el("p", { class: "note", text: changes.length
      ? `The components of the alignment change in ${changes.join(", ")} (datasets end in different years): compare years of equal coverage.`
      : "The same components are present in every year shown." }),
    ...p.coverage_notes.map((n) => el("p", { class: "note source-end", text: n })),
    scatter,
    el("p", { class: "note", text: `What the ${c.year} values are made of (contributions sum to each score; hostility's is its pull toward −1):` }),
    table(["score", "dimension", "component", "value", "component score", "weight", "contribution"],
      c.components.map((r) => [r.score, r.dimension, r.component, fmt(r.value, 3), fmt(r.component_score, 3), fmt(r.weight, 3), fmt(r.contribution, 3)]), "contributions-table"));
  await embed(chart, {
    height: 220,
    data: { values: rows },
    encoding: { x: { field: "year", type: "quantitative", axis: { format: "d" }, scale: { zero: false, nice: false } },
                color: { field: "series", type: "nominal", title: null,
                         scale: { domain: ["alignment", "intensity", "hostility"], range: ["#222222", "#0072B2", "#D55E00"] } } },
    layer: [
      { transform: [{ filter: "datum.lo !== null" }], mark: { type: "area", opacity: 0.18 }, encoding: { y: { field: "lo", type: "quantitative", title: "score", scale: { domain: [-1, 1] } }, y2: { field: "hi" } } },
      { mark: "line", encoding: { y: { field: "value", type: "quantitative" }, strokeWidth: { condition: { test: "datum.series === 'alignment'", value: 3 }, value: 1.2 } } },
      { mark: { type: "point", filled: true, size: 25 }, encoding: { y: { field: "value", type: "quantitative" },
        tooltip: [{ field: "year" }, { field: "series" }, { field: "value", format: ".3f" }, { field: "lo", format: ".3f" }, { field: "hi", format: ".3f" }] } },
    ],
  });
  let partners;
  try { partners = await api(`/api/partners?a=${encodeURIComponent(p.a.code)}&year=${scatterYear}`); } catch (e) { return showError(scatter, e); }
  const pts = partners.partners.filter((q) => q.alignment !== null && q.intensity !== null)
    .map((q) => ({ ...q, pair: q.code === p.b.code ? p.b.code : "others" }));
  await embed(scatter, {
    height: 260,
    title: `${p.a.name}'s partners in ${scatterYear}: alignment × intensity (${p.b.name} marked)`,
    data: { values: pts },
    mark: { type: "point", filled: true },
    encoding: {
      x: { field: "intensity", type: "quantitative", scale: { domain: [0, 1] } },
      y: { field: "alignment", type: "quantitative", scale: { domain: [-1, 1] } },
      color: { field: "pair", type: "nominal", title: null, scale: { domain: ["others", p.b.code], range: ["#999999", "#D55E00"] } },
      size: { condition: { test: `datum.code === '${p.b.code}'`, value: 160 }, value: 30 },
      tooltip: [{ field: "name" }, { field: "alignment", format: ".3f" }, { field: "intensity", format: ".3f" }],
    },
  });
  window.__profile = p;
  window.__partners = partners;
}

// News events from the event store (entente ingest events), per year by quad class.
async function showEvents(where, params) {
  let e;
  try { e = await api("/api/events?" + new URLSearchParams({ a: params.get("a"), b: params.get("b"), from: params.get("from"), to: params.get("to") })); }
  catch (err) { return showError(where, err); }
  if (!e.files) {
    where.replaceChildren(el("p", { class: "note", id: "events-note", text: "No event files ingested: add GDELT or ICEWS files with `entente ingest events FILES…` and reload." }));
    return;
  }
  const total = e.periods.reduce((t, p) => t + p.events, 0);
  const rows = [];
  for (const p of e.periods) {
    for (const [k, label] of [["verbal_coop", "verbal cooperation"], ["material_coop", "material cooperation"], ["verbal_conflict", "verbal conflict"], ["material_conflict", "material conflict"]]) {
      rows.push({ period: p.period, quad: label, events: p[k] });
    }
  }
  const chart = el("div", { id: "events-chart", style: "width:100%" });
  where.replaceChildren(el("p", { class: "note", id: "events-note", text: `${total} events between the two in ${e.files} ingested file(s) (${e.rows} rows), both directions.` }), chart);
  if (rows.length) {
    await embed(chart, { height: 160, data: { values: rows }, mark: "bar",
      encoding: { x: { field: "period", type: "ordinal" }, y: { field: "events", type: "quantitative", stack: true }, color: { field: "quad", type: "nominal", title: null },
                  tooltip: [{ field: "period" }, { field: "quad" }, { field: "events" }] } });
  }
  window.__events = e;
}

async function showEvidence(where, a, b, year) {
  try {
    const ev = await api(`/api/evidence?${new URLSearchParams({ a, b, year })}`);
    const keys = ev.rollcalls.length ? Object.keys(ev.rollcalls[0]).filter((k) => /^[A-Z]{3}$/.test(k)) : [];
    const same = ev.rollcalls.filter((r) => r.same).length;
    where.replaceChildren(
      el("p", { id: "evidence-summary", text: `${year}: ${ev.rollcalls.length} roll calls both voted on, ${same} cast alike.` }),
      table(["date", "symbol", "title", ...keys], ev.rollcalls.map((r) => [r.date, r.symbol || "", (r.title || "").slice(0, 90), ...keys.map((k) => r[k])]), "evidence-table"));
  } catch (e) { showError(where, e); }
}

// ---- Matrix heat map ----------------------------------------------------
async function matrixView() {
  const q = query();
  const controls = el("div", { class: "controls" }, ...input("year", "Year", q.get("year") || "2021", { size: 5 }),
    el("label", { for: "measure", text: "Measure" }),
    el("select", { id: "measure" }, ...["agree", "kappa", "pi", "s_sq", "s_abs", "agree_half", "alignment", "intensity"].map((m) => el("option", { value: m, text: m }))),
    el("button", { id: "go", text: "Show" }));
  if (q.get("measure")) controls.querySelector("#measure").value = q.get("measure");
  const out = el("div", { id: "matrix-out" });
  main.replaceChildren(el("h2", { text: "All pairs, one year" }), controls, out);
  async function show() {
    let m;
    const params = new URLSearchParams({ year: document.getElementById("year").value, measure: document.getElementById("measure").value });
    remember("/matrix", params);
    try { m = await api(`/api/matrix?${params}`); }
    catch (e) { return showError(out, e); }
    const cells = [];
    const bloc = (i) => (m.blocs[i] === null ? "none" : "bloc " + m.blocs[i]);
    m.states.forEach((a, i) => m.states.forEach((b, j) => {
      if (m.values[i][j] !== null) cells.push({ a, b, v: m.values[i][j], name_a: m.names[i], name_b: m.names[j], bloc_a: bloc(i), bloc_b: bloc(j) });
    }));
    const find = el("input", { id: "matrix-find", list: "countries", size: 18, placeholder: "Find a state" });
    const partners = el("div", { id: "matrix-partners" });
    out.replaceChildren(el("p", { id: "matrix-info", text: `${m.year}: ${m.states.length} states, ${m.measure}` }),
      el("p", { class: "note", text: "States ordered by their voting bloc of the year (most central first); hover a cell for the pair." }),
      el("div", { class: "controls" }, el("label", { for: "matrix-find", text: "Closest partners of" }), find), partners,
      el("div", { id: "matrix-chart", style: "width:100%" }));
    find.addEventListener("change", () => {
      const q = find.value.trim().toLowerCase();
      const i = m.states.findIndex((c, k) => c.toLowerCase() === q || m.names[k].toLowerCase() === q);
      if (i < 0) return showError(partners, new Error(`no state '${find.value}' in ${m.year}`));
      const row = m.values[i].map((v, j) => [m.states[j], m.names[j], v]).filter((r, j) => j !== i && r[2] !== null).sort((x, y) => y[2] - x[2]);
      partners.replaceChildren(table(["state", "name", m.measure], row.slice(0, 10).map((r) => [r[0], r[1], fmt(r[2], 3)]), "matrix-partners-table"));
    });
    await embed(document.getElementById("matrix-chart"), {
      height: 760, data: { values: cells }, mark: "rect",
      encoding: { x: { field: "a", type: "nominal", sort: null, axis: { labels: false, ticks: false, title: null } }, y: { field: "b", type: "nominal", sort: null, axis: { labels: false, ticks: false, title: null } },
                  color: { field: "v", type: "quantitative", title: m.measure, scale: { scheme: "viridis" } },
                  tooltip: [{ field: "name_a", title: "state" }, { field: "bloc_a", title: "bloc" }, { field: "name_b", title: "with" }, { field: "bloc_b", title: "its bloc" }, { field: "v", format: ".3f", title: m.measure }] },
    });
  }
  document.getElementById("go").addEventListener("click", show);
  await show();
}

// ---- World map: how close every state is to one state in a year ---------
async function mapView() {
  const q = query();
  const year = q.get("year") || "2021";
  const controls = el("div", { class: "controls" },
    ...input("a", "Close to", q.get("a") || "China", { list: "countries", size: 16 }),
    el("label", { for: "year-slider", text: "Year" }),
    el("input", { id: "year-slider", type: "range", min: "1946", max: "2024", value: year }),
    el("input", { id: "year", value: year, size: 5 }),
    el("label", { for: "measure", text: "Measure" }),
    el("select", { id: "measure" }, ...["agree", "kappa", "pi", "s_sq", "s_abs", "agree_half", "alignment", "intensity"].map((m) => el("option", { value: m, text: m }))),
    el("button", { id: "go", text: "Show" }));
  if (q.get("measure")) controls.querySelector("#measure").value = q.get("measure");
  const out = el("div", { id: "map-out" });
  main.replaceChildren(el("h2", { text: "How close is every state?" }), controls, out);
  const slider = document.getElementById("year-slider");
  slider.addEventListener("input", () => { document.getElementById("year").value = slider.value; });
  slider.addEventListener("change", show);
  async function show() {
    const params = new URLSearchParams({ a: document.getElementById("a").value, year: document.getElementById("year").value, measure: document.getElementById("measure").value });
    slider.value = params.get("year");
    remember("/map", params);
    let r;
    try { r = await api("/api/map?" + params); } catch (e) { return showError(out, e); }
    const withValue = r.states.filter((s) => s.value !== null && s.m49 !== null);
    out.replaceChildren(
      el("p", { id: "map-info", text: `${r.year}: ${r.measure} of ${withValue.length} states with ${r.a.name}` }),
      el("div", { id: "map-chart", style: "width:100%" }),
      el("p", { class: "note", text: "Red: the state itself. Grey: no score that year (not a state, not a UN member, or too few joint votes). Borders of today (Natural Earth 1:110m); West Germany, Yugoslavia, Czechoslovakia and North Yemen are drawn on their successors' shapes." + (r.unmatched.length ? ` Without a shape on this map: ${r.unmatched.join(", ")}.` : "") }));
    window.__map = r;
    await embed(document.getElementById("map-chart"), {
      height: 460, projection: { type: "equalEarth" },
      data: { url: "/vendor/countries-110m.json", format: { type: "topojson", feature: "countries" } },
      transform: [{ lookup: "id", from: { data: { values: r.states.filter((s) => s.m49 !== null) }, key: "m49", fields: ["value", "name", "code"] } }],
      // invalid: null keeps the shapes without a score (drawn grey) instead of dropping them.
      mark: { type: "geoshape", stroke: "#fff", strokeWidth: 0.4, invalid: null },
      encoding: {
        color: { condition: [{ test: `datum.code === '${r.a.code}'`, value: "#c0392b" }, { test: "!isValid(datum.value)", value: "#ddd" }], field: "value", type: "quantitative", title: r.measure, scale: { scheme: "viridis" } },
        tooltip: [{ field: "name", title: "state" }, { field: "value", format: ".3f", title: r.measure }],
      },
    });
  }
  document.getElementById("go").addEventListener("click", show);
  await show();
}

// ---- Blocs through time -------------------------------------------------
async function blocsView() {
  const q = query();
  const controls = el("div", { class: "controls" }, ...input("from", "From", q.get("from") || "1946", { size: 5 }), ...input("to", "To", q.get("to") || "2024", { size: 5 }), el("button", { id: "go", text: "Show" }));
  const out = el("div", { id: "blocs-out" });
  main.replaceChildren(el("h2", { text: "Voting blocs through time" }), controls, out);
  async function show() {
    let years;
    const params = new URLSearchParams({ from: document.getElementById("from").value, to: document.getElementById("to").value });
    remember("/blocs", params);
    try { years = await api(`/api/blocs?${params}`); }
    catch (e) { return showError(out, e); }
    const rows = years.flatMap((y) => y.blocs.map((b) => ({ year: y.year, bloc: "bloc " + b.label, size: b.size, core: b.members.slice(0, 3).join(" ") })));
    const last = years[years.length - 1];
    out.replaceChildren(el("div", { id: "blocs-chart", style: "width:100%" }),
      el("h3", { text: `Blocs in ${last.year}` }),
      table(["bloc", "size", "cohesion", "members"], last.blocs.map((b) => ["bloc " + b.label, String(b.size), fmt(b.cohesion, 3), b.members.join(" ")]), "blocs-table"));
    await embed(document.getElementById("blocs-chart"), {
      height: 260, data: { values: rows }, mark: "bar",
      encoding: { x: { field: "year", type: "ordinal" }, y: { field: "size", type: "quantitative", title: "states" },
                  color: { field: "bloc", type: "nominal", scale: { scheme: "tableau20" } }, tooltip: [{ field: "year" }, { field: "bloc" }, { field: "size" }, { field: "core" }] },
    });
  }
  document.getElementById("go").addEventListener("click", show);
  await show();
}

// ---- Triangle timeline --------------------------------------------------
async function triangleView() {
  const q = query();
  const controls = el("div", { class: "controls" },
    ...input("a", "A", q.get("a") || "United States", { list: "countries", size: 16 }), ...input("b", "B", q.get("b") || "China", { list: "countries", size: 16 }),
    ...input("c", "C", q.get("c") || "Russia", { list: "countries", size: 16 }), ...input("from", "From", q.get("from") || "1971", { size: 5 }), el("button", { id: "go", text: "Show" }));
  const out = el("div", { id: "triangle-out" });
  main.replaceChildren(el("h2", { text: "The strategic triangle" }), controls, out);
  async function show() {
    const p = new URLSearchParams({ a: document.getElementById("a").value, b: document.getElementById("b").value, c: document.getElementById("c").value, from: document.getElementById("from").value });
    remember("/triangle", p);
    let t;
    try { t = await api("/api/triangle?" + p); } catch (e) { return showError(out, e); }
    out.replaceChildren(el("div", { id: "triangle-chart", style: "width:100%" }),
      table(["year", `${t.states[0]}–${t.states[1]}`, `${t.states[0]}–${t.states[2]}`, `${t.states[1]}–${t.states[2]}`, "baseline", "configuration", "pivot / couple", "stability"],
        t.years.map((y) => [String(y.year), fmt(y.values[0], 3), fmt(y.values[1], 3), fmt(y.values[2], 3), fmt(y.baseline, 3), y.configuration, y.who, fmt(y.stability, 2)]), "triangle-table"));
    await embed(document.getElementById("triangle-chart"), {
      height: 70, data: { values: t.years }, mark: "rect",
      encoding: { x: { field: "year", type: "ordinal" }, color: { field: "configuration", type: "nominal" }, opacity: { field: "stability", type: "quantitative", scale: { domain: [0, 1] }, legend: null },
                  tooltip: [{ field: "year" }, { field: "configuration" }, { field: "who" }, { field: "stability", format: ".2f" }] },
    });
  }
  document.getElementById("go").addEventListener("click", show);
  await show();
}

// ---- Forecast -----------------------------------------------------------
// A scenario (built-in, or a file written by `entente scenario`) in an editable table;
// the run, the Monte Carlo, strategies compared on the same draws and the sensitivity
// come from POST /api/forecast — the functions `entente forecast` uses.
let scenario = null;

function uncertainty(a, input) {
  const pm = a[`${input}_pm`], sd = a[`${input}_sd`];
  return pm > 0 ? `±${fmt(pm, 3)}` : sd > 0 ? `sd ${fmt(sd, 3)}` : "";
}

function actorTable(s) {
  const t = el("table", { id: "actors" });
  t.append(el("thead", {}, el("tr", {}, ...["actor", "capability", "position", "salience", "uncertainty (position, salience)"].map((c) => el("th", { text: c })))));
  const body = el("tbody");
  s.actors.forEach((a, i) => {
    const cell = (field) => el("td", {}, el("input", { "data-actor": i, "data-field": field, value: a[field] ?? "", size: 8 }));
    body.append(el("tr", {}, el("td", { text: a.name }), cell("capability"), cell("position"), cell("salience"),
      el("td", { class: "note", text: [uncertainty(a, "position"), uncertainty(a, "salience")].filter(Boolean).join(", ") || "none" })));
  });
  t.append(body);
  return t;
}

function editedActors() {
  const actors = scenario.actors.map((a) => Object.assign({}, a));
  for (const inp of document.querySelectorAll("#actors input")) actors[+inp.dataset.actor][inp.dataset.field] = Number(inp.value);
  return actors.map((a) => ({ name: a.name, country: a.country || undefined, capability: a.capability, position: a.position, salience: a.salience,
    capability_pm: a.capability_pm || 0, capability_sd: a.capability_sd || 0, position_pm: a.position_pm || 0, position_sd: a.position_sd || 0,
    salience_pm: a.salience_pm || 0, salience_sd: a.salience_sd || 0 }));
}

async function forecastView() {
  const q = query();
  const list = await api("/api/scenarios").catch(() => []);
  const pick = el("select", { id: "scenario-pick" }, ...list.map((e) => el("option", { value: e.name, text: `${e.name} (${e.actors} actors)` })));
  pick.value = q.get("scenario") || (list[0] && list[0].name) || "";
  const file = el("input", { id: "scenario-file", type: "file", accept: ".toml" });
  const strategies = el("textarea", { id: "strategies", rows: 3, cols: 90, placeholder: "One strategy per line, e.g. Settlement: United States.position=50, United States.salience=0.5" });
  strategies.value = (q.get("compare") || "").split("|").filter(Boolean).join("\n");
  const sens = el("input", { id: "sensitivity", type: "checkbox" });
  sens.checked = q.get("sensitivity") === "1";
  const controls = el("div", { class: "controls" }, ...input("mc", "Monte Carlo runs", q.get("mc") || "2000", { size: 6 }), ...input("rounds", "Rounds", q.get("rounds") || "10", { size: 4 }),
    el("label", { for: "sensitivity", text: "Sensitivity" }), sens, ...input("sruns", "runs per end", q.get("sruns") || "200", { size: 5 }), el("button", { id: "go", text: "Run" }));
  const about = el("div", { id: "scenario-about", class: "note" });
  const holder = el("div", { id: "actors-holder" });
  const out = el("div", { id: "forecast-out" });
  main.replaceChildren(el("h2", { text: "Bargaining forecast" }),
    el("div", { class: "controls" }, el("label", { for: "scenario-pick", text: "Scenario" }), pick, el("label", { for: "scenario-file", text: "or a scenario file (entente scenario --out)" }), file),
    about, holder, el("p", { class: "note", text: "Strategies to compare with the base case (the same Monte Carlo draws for all):" }), strategies, controls, out);
  function showScenario(s) {
    scenario = s;
    about.replaceChildren(el("p", { id: "scenario-title", text: s.title || "Scenario" }), el("p", { text: `Scale ${s.scale[0]}–${s.scale[1]}: ${s.issue || ""}` }),
      ...(s.assumptions ? [el("p", { text: `Assumptions: ${s.assumptions}` })] : []));
    holder.replaceChildren(actorTable(s));
  }
  async function load(name) {
    try { showScenario(await api(`/api/scenarios/${encodeURIComponent(name)}`)); } catch (e) { showError(out, e); }
  }
  pick.addEventListener("change", async () => { await load(pick.value); await show(); });
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (!f) return;
    try { showScenario(await api("/api/scenarios/parse", { method: "POST", headers: { "content-type": "text/plain" }, body: await f.text() })); pick.value = ""; }
    catch (e) { return showError(out, e); }
    await show();
  });
  async function show() {
    if (!scenario) return;
    const compare = strategies.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const body = { actors: editedActors(), scale: scenario.scale, mc: Number(document.getElementById("mc").value), rounds: Number(document.getElementById("rounds").value),
      compare, sensitivity: sens.checked, sensitivity_runs: Number(document.getElementById("sruns").value) };
    remember("/forecast", new URLSearchParams({ scenario: pick.value, mc: body.mc, rounds: body.rounds, compare: compare.join("|"), sensitivity: sens.checked ? "1" : "0", sruns: body.sensitivity_runs }));
    out.replaceChildren(el("p", { class: "note", text: sens.checked ? "Running (the sensitivity takes a few seconds)…" : "Running…" }));
    let r;
    try { r = await api("/api/forecast", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }); }
    catch (e) { return showError(out, e); }
    const cards = el("div", { class: "cards" },
      el("div", { class: "card" }, el("div", { class: "note", text: "Weighted mean" }), el("div", { class: "big", id: "forecast-mean", text: fmt(r.mean, 2) })),
      el("div", { class: "card" }, el("div", { class: "note", text: "Median voter" }), el("div", { class: "big", id: "forecast-median", text: fmt(r.median, 2) })),
      el("div", { class: "card" }, el("div", { class: "note", text: "Monte Carlo 90%" }), el("div", { class: "big", id: "forecast-mc", text: r.mc ? `${fmt(r.mc.mean[0], 2)}–${fmt(r.mc.mean[2], 2)}` : "–" })));
    const settled = r.converged ? ", converged" : `, not converged: over the last rounds the forecast still moved by ${fmt(r.tail_spread, 2)}`;
    const mcNote = r.mc ? ` Monte Carlo: ${fmt(100 * r.mc.converged, 0)}% of runs converged${r.mc.tail_spread ? `; the others still moved by ${fmt(r.mc.tail_spread[0], 2)} (median) over their last rounds` : ""}.` : "";
    out.replaceChildren(cards, el("p", { class: "note", id: "forecast-rounds", text: `${r.rounds} round(s)${settled}.${mcNote}` }), el("div", { id: "forecast-chart", style: "width:100%" }));
    window.__forecast = r;
    if (r.mc) {
      const w = (r.scale[1] - r.scale[0]) / r.mc.histogram.length;
      await embed(document.getElementById("forecast-chart"), {
        height: 200, title: "Monte Carlo forecasts (weighted mean)", data: { values: r.mc.histogram.map((c, k) => ({ lo: r.scale[0] + k * w, hi: r.scale[0] + (k + 1) * w, runs: c })) }, mark: "bar",
        encoding: { x: { field: "lo", type: "quantitative", bin: { binned: true }, title: "forecast (weighted mean)", scale: { domain: r.scale } }, x2: { field: "hi" },
                    y: { field: "runs", type: "quantitative" }, tooltip: [{ field: "lo", format: ".2f" }, { field: "hi", format: ".2f" }, { field: "runs" }] },
      });
    }
    if (r.comparison) {
      const rows = r.comparison.strategies;
      out.append(el("h3", { text: "Strategies compared" }), el("div", { id: "compare-chart", style: "width:100%" }),
        table(["strategy", "forecast (stated)", "median", "5%", "95%", "difference", "difference 5%", "difference 95%", "runs below base", "runs above base"],
          rows.map((x, i) => [x.name, fmt(x.stated, 2), fmt(x.median, 2), fmt(x.q05, 2), fmt(x.q95, 2), i ? fmt(x.difference, 2) : "–", fmt(x.difference_q05, 2), fmt(x.difference_q95, 2),
            i ? `${fmt(100 * x.below_base, 0)}%` : "–", i ? `${fmt(100 * x.above_base, 0)}%` : "–"]), "compare-table"));
      await embed(document.getElementById("compare-chart"), {
        height: 30 * rows.length, data: { values: rows.map((x) => ({ name: x.name, v: x.forecast, lo: x.q05 ?? x.stated, hi: x.q95 ?? x.stated })) },
        encoding: { y: { field: "name", type: "nominal", sort: null, title: null } },
        layer: [{ mark: "rule", encoding: { x: { field: "lo", type: "quantitative", scale: { domain: r.scale }, title: "forecast (median, 90% of runs)" }, x2: { field: "hi" } } },
                { mark: { type: "point", filled: true, size: 80 }, encoding: { x: { field: "v", type: "quantitative" }, tooltip: [{ field: "name" }, { field: "v", format: ".2f" }, { field: "lo", format: ".2f" }, { field: "hi", format: ".2f" }] } }],
      });
    }
    if (r.sensitivity) {
      const f = r.sensitivity.factors;
      const top = f.slice(0, r.sensitivity.chart_factors);
      out.append(el("h3", { text: "Sensitivity: what moves the forecast" }), el("div", { id: "tornado-chart", style: "width:100%" }),
        table(["rank", "factor", "range", "forecast at low end", "forecast at high end", "swing"],
          f.map((x, i) => [String(i + 1), x.factor, `${x.low} – ${x.high} (${x.range})`, fmt(x.forecast_low, 2), fmt(x.forecast_high, 2), fmt(x.swing, 2)]), "sensitivity-table"));
      const values = top.flatMap((x) => [{ factor: x.factor, end: "low end", v: x.forecast_low, base: r.sensitivity.base }, { factor: x.factor, end: "high end", v: x.forecast_high, base: r.sensitivity.base }]);
      await embed(document.getElementById("tornado-chart"), {
        height: 22 * top.length, data: { values },
        layer: [{ mark: "bar", encoding: { y: { field: "factor", type: "nominal", sort: null, title: null }, x: { field: "base", type: "quantitative", title: "forecast (weighted mean)", scale: { zero: false } }, x2: { field: "v" },
                  color: { field: "end", type: "nominal", title: "factor at" }, tooltip: [{ field: "factor" }, { field: "end" }, { field: "v", format: ".2f" }] } },
                { mark: { type: "rule", strokeDash: [4, 3] }, encoding: { x: { datum: r.sensitivity.base } } }],
      });
    }
  }
  document.getElementById("go").addEventListener("click", show);
  if (pick.value) await load(pick.value);
  await show();
}

const views = { dyad: dyadView, matrix: matrixView, map: mapView, blocs: blocsView, triangle: triangleView, forecast: forecastView };

(async function start() {
  const page = location.pathname.replace(/^\//, "") || "dyad";
  for (const a of document.querySelectorAll("header a")) a.classList.toggle("active", a.dataset.page === page);
  const view = views[page] || dyadView;
  // Back and forward show the state the URL holds.
  window.addEventListener("popstate", async () => {
    firstShow = true;
    document.body.dataset.ready = "0";
    await view();
    firstShow = false;
    document.body.dataset.ready = "1";
  });
  try {
    await loadCountries();
    await view();
    firstShow = false;
    document.body.dataset.ready = "1";
  } catch (e) {
    showError(main, e);
    document.body.dataset.ready = "error";
  }
})();
