// End-to-end test of the dashboard in a real browser: every page loads, countries are
// picked through the form, and the numbers shown equal the API's. Screenshots go to
// $SCREENSHOTS (default target/screenshots). Needs a running `entente serve` at
// $ENTENTE_URL (default http://127.0.0.1:18080) and Chromium at $CHROMIUM
// (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const base = process.env.ENTENTE_URL || "http://127.0.0.1:18080";
const shots = process.env.SCREENSHOTS || new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) passed += 1;
  else failures.push(`${name}: ${detail}`);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : ": " + detail}`);
}
async function api(path, options) {
  const res = await fetch(base + path, options);
  return res.json();
}
const fixed = (v, d) => (v === null ? "–" : Number(v).toFixed(d));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
page.on("pageerror", (e) => check("no script errors", false, e.message));
const ready = () => page.waitForSelector("body[data-ready='1']", { timeout: 15000 });

try {
  // Dyad explorer: time to a drawn page with numbers.
  const t0 = Date.now();
  await page.goto(`${base}/dyad`);
  await ready();
  await page.waitForSelector("#dyad-chart svg");
  const openMs = Date.now() - t0;
  console.log(`dyad page (China–Russia) ready with chart in ${openMs} ms`);
  check("dyad page opens in under 5 s", openMs < 5000, `${openMs} ms`);
  // Pick the countries through the form.
  await page.fill("#a", "China");
  await page.fill("#b", "Russia");
  await page.fill("#from", "1991");
  await page.fill("#to", "2021");
  await page.click("#go");
  await page.waitForFunction(() => window.__dyad && window.__dyad.years.at(-1).year === 2021);
  await page.waitForSelector("#dyad-chart svg");
  const d = await api("/api/dyad?a=China&b=Russia&from=1991&to=2021");
  const last = d.years.at(-1);
  check("agreement shown = API", (await page.textContent("#latest-agree")) === fixed(last.agree, 3), `${await page.textContent("#latest-agree")} vs ${last.agree}`);
  check("interval shown = API", (await page.textContent("#latest-agree-ci")) === `95%: ${fixed(last.agree_lo, 3)}–${fixed(last.agree_hi, 3)}`, await page.textContent("#latest-agree-ci"));
  check("kappa shown = API", (await page.textContent("#latest-kappa")) === fixed(last.kappa, 3), await page.textContent("#latest-kappa"));
  check("ideal distance shown = API", (await page.textContent("#latest-ideal")) === fixed(last.ideal_distance, 2), await page.textContent("#latest-ideal"));
  check("ideal distance interval shown = API", (await page.textContent("#latest-ideal-ci")) === `95%: ${fixed(last.ideal_distance_lo, 2)}–${fixed(last.ideal_distance_hi, 2)}`, await page.textContent("#latest-ideal-ci"));
  check("joint votes shown = API", (await page.textContent("#latest-n")) === String(last.n_votes), await page.textContent("#latest-n"));
  const breaksText = await page.textContent("#breaks");
  check("turning points listed", d.breaks.every((b) => breaksText.includes(String(b.year))), breaksText);
  // Hover shows values; click a point to see that year's evidence.
  const points = page.locator("#dyad-chart g.mark-symbol path");
  const n = await points.count();
  check("one point per year and measure", n >= d.years.length, `${n} points`);
  await points.nth(0).click({ force: true });
  await page.waitForSelector("#evidence-summary", { timeout: 10000 });
  const summary = await page.textContent("#evidence-summary");
  const year = Number(summary.slice(0, 4));
  const ev = await api(`/api/evidence?a=China&b=Russia&year=${year}`);
  check("evidence shown = API", summary.includes(`${ev.rollcalls.length} roll calls`), summary);
  // Alignment and intensity under the charts: numbers = API, contributions add up.
  await page.waitForSelector("#index-chart svg", { timeout: 20000 });
  const prof = await api("/api/profile?a=China&b=Russia&from=1991&to=2021");
  const lastAligned = prof.years.filter((y) => y.alignment !== null).at(-1);
  check("alignment shown = API", (await page.textContent("#latest-alignment")) === fixed(lastAligned.alignment, 3), `${await page.textContent("#latest-alignment")} vs ${lastAligned.alignment}`);
  check("alignment interval shown = API", (await page.textContent("#latest-alignment-ci")) === `95%: ${fixed(lastAligned.alignment_lo, 3)}–${fixed(lastAligned.alignment_hi, 3)}`, await page.textContent("#latest-alignment-ci"));
  const sum = prof.contributions.components.filter((r) => r.score === "alignment").reduce((t, r) => t + (r.contribution ?? 0), 0);
  check("contributions sum to the alignment", Math.abs(sum - lastAligned.alignment) < 1e-9, `${sum} vs ${lastAligned.alignment}`);
  const contribRows = await page.locator("#contributions-table tbody tr").count();
  check("one contribution row per component", contribRows === prof.contributions.components.length, `${contribRows}`);
  await page.waitForSelector("#scatter-chart svg", { timeout: 20000 });
  const marked = await page.evaluate(() => window.__partners.partners.some((q) => q.code === "RUS" && q.alignment !== null));
  check("scatter holds the partner", marked, "RUS in /api/partners");
  await page.waitForSelector("#events-note", { timeout: 20000 });
  const evApi = await api("/api/events?a=China&b=Russia&from=1991&to=2021");
  const evNote = await page.textContent("#events-note");
  check("events section = API", evApi.files === 0 ? evNote.includes("No event files ingested") : evNote.startsWith(`${evApi.periods.reduce((t, p) => t + p.events, 0)} events`), evNote);
  await page.waitForSelector("#ties-table", { timeout: 30000 });
  const tiesApi = await page.evaluate(() => window.__ties);
  const kind = await page.inputValue("#ties-kind");
  const tiesRows = await page.locator("#ties-table tbody tr").count();
  check("ties shown = API", tiesRows === tiesApi.rows.filter((r) => r.evidence === kind).length && tiesRows > 0, `${tiesRows} ${kind} rows`);
  await page.screenshot({ path: `${shots}/dyad.png`, fullPage: true });

  // What changed at a date: the page's table = /api/shift, and the date lands in the URL.
  await page.fill("#at", "2022-02-24");
  await page.click("#shift-go");
  await page.waitForSelector("#shift-table", { timeout: 30000 });
  const sh = await api("/api/shift?a=China&b=Russia&at=2022-02-24");
  const shRows = await page.locator("#shift-table tbody tr").count();
  check("what-changed rows = API", shRows === sh.dates[0].rows.length, `${shRows} vs ${sh.dates[0].rows.length}`);
  const agreeRow = sh.dates[0].rows.find((r) => r.measure === "un_agree");
  const firstCells = await page.locator("#shift-table tbody tr").first().locator("td").allTextContents();
  check("what-changed values = API", firstCells[1] === "un_agree" && firstCells[3] === fixed(agreeRow.change.before.value, 3) && firstCells[5] === fixed(agreeRow.change.after.value, 3), firstCells.join(" | "));
  check("what-changed date in the URL", new URL(page.url()).searchParams.get("at") === "2022-02-24", page.url());

  // Matrix heat map.
  await page.goto(`${base}/matrix`);
  await ready();
  await page.waitForSelector("#matrix-chart svg");
  const m = await api("/api/matrix?year=2021&measure=agree");
  check("matrix shows the API's states", (await page.textContent("#matrix-info")) === `2021: ${m.states.length} states, agree`, await page.textContent("#matrix-info"));
  const labels = m.blocs.filter((b) => b !== null);
  check("matrix ordered by bloc", labels.every((b, k) => k === 0 || labels[k - 1] <= b) && labels.length > 100, `${labels.length} states in blocs`);
  await page.fill("#matrix-find", "Russia");
  await page.dispatchEvent("#matrix-find", "change");
  await page.waitForSelector("#matrix-partners-table");
  const top = await page.locator("#matrix-partners-table tbody tr").count();
  check("a state's closest partners found by name", top === 10, `${top} rows`);
  await page.screenshot({ path: `${shots}/matrix.png` });

  // Every page's state is in its URL: a shared link opens what it names, and back/forward
  // return to the earlier state.
  await page.goto(`${base}/matrix?year=2015&measure=kappa`);
  await ready();
  await page.waitForSelector("#matrix-info");
  check("matrix reads its URL", (await page.textContent("#matrix-info")).startsWith("2015:") && (await page.inputValue("#year")) === "2015" && (await page.inputValue("#measure")) === "kappa", await page.textContent("#matrix-info"));
  await page.fill("#year", "2010");
  await page.click("#go");
  await page.waitForFunction(() => document.querySelector("#matrix-info")?.textContent.startsWith("2010:"));
  check("a new state is a new URL", new URL(page.url()).searchParams.get("year") === "2010", page.url());
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#matrix-info")?.textContent.startsWith("2015:"), null, { timeout: 20000 });
  check("back returns to the earlier state", (await page.inputValue("#year")) === "2015", page.url());
  await page.goto(`${base}/triangle?c=India`);
  await ready();
  await page.waitForSelector("#triangle-table");
  check("triangle reads its URL", (await page.inputValue("#c")) === "India", await page.inputValue("#c"));

  // World map: how close every state is to one state in a year.
  await page.goto(`${base}/map?a=Russia&year=2023&measure=agree`);
  await ready();
  await page.waitForSelector("#map-chart svg path", { timeout: 20000 });
  const mp = await page.evaluate(() => window.__map);
  const shapes = await page.locator("#map-chart svg path").count();
  check("map draws the countries", shapes > 150, `${shapes} paths`);
  check("map reads its URL", mp.year === 2023 && mp.a.code === "RUS" && (await page.inputValue("#year")) === "2023", page.url());
  const apiMap = await api("/api/map?a=Russia&year=2023&measure=agree");
  check("map = API", apiMap.states.length === mp.states.length && mp.states.filter((s) => s.value !== null).length > 150, `${mp.states.length} states`);
  await page.screenshot({ path: `${shots}/map.png` });

  // Blocs through time.
  await page.goto(`${base}/blocs`);
  await ready();
  await page.waitForSelector("#blocs-chart svg");
  const blocs = await api("/api/blocs?from=1946&to=2024");
  const lastBlocs = blocs.at(-1).blocs;
  const rows = await page.locator("#blocs-table tbody tr").count();
  check("blocs table = API", rows === lastBlocs.length, `${rows} vs ${lastBlocs.length}`);
  check("bloc sizes = API", (await page.locator("#blocs-table tbody tr td:nth-child(2)").allTextContents()).join(",") === lastBlocs.map((b) => String(b.size)).join(","), "sizes differ");
  await page.screenshot({ path: `${shots}/blocs.png`, fullPage: true });

  // Triangle timeline.
  await page.goto(`${base}/triangle`);
  await ready();
  await page.waitForSelector("#triangle-chart svg");
  const tri = await api("/api/triangle?a=United%20States&b=China&c=Russia&from=1971");
  const trows = page.locator("#triangle-table tbody tr");
  check("triangle rows = API", (await trows.count()) === tri.years.length, `${await trows.count()} vs ${tri.years.length}`);
  check("triangle configuration = API", (await trows.last().locator("td:nth-child(6)").textContent()) === tri.years.at(-1).configuration, "differs");
  await page.screenshot({ path: `${shots}/triangle.png`, fullPage: true });

  // Forecast: a built-in scenario with the Monte Carlo; the page posts what the API answers.
  await page.goto(`${base}/forecast?scenario=ec-emissions-1994&mc=2000`);
  await ready();
  await page.waitForSelector("#forecast-rounds");
  const f = await page.evaluate(() => window.__forecast);
  const ec = await api("/api/scenarios/ec-emissions-1994");
  const body = { actors: ec.actors.map((a) => ({ name: a.name, capability: a.capability, position: a.position, salience: a.salience, position_pm: a.position_pm, position_sd: a.position_sd, salience_pm: a.salience_pm, salience_sd: a.salience_sd })), mc: 2000, scale: ec.scale };
  const r = await api("/api/forecast", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  check("forecast mean shown = API", (await page.textContent("#forecast-mean")) === fixed(r.mean, 2), `${await page.textContent("#forecast-mean")} vs ${r.mean}`);
  check("forecast median shown = API", (await page.textContent("#forecast-median")) === fixed(r.median, 2), "differs");
  check("Monte Carlo interval shown = API", !r.mc || (await page.textContent("#forecast-mc")) === `${fixed(r.mc.mean[0], 2)}–${fixed(r.mc.mean[2], 2)}`, "differs");
  check("page and API ran the same scenario", f.mean === r.mean, `${f.mean} vs ${r.mean}`);
  await page.screenshot({ path: `${shots}/forecast.png`, fullPage: true });

  // Strategies compared and the sensitivity on the scenario built from UN votes.
  const strategies = ["Settlement: United States.position=50, United States.salience=0.5", "Escalation: United States.salience=1"];
  await page.goto(`${base}/forecast?scenario=ukraine-un-votes&mc=300&compare=${encodeURIComponent(strategies.join("|"))}&sensitivity=1&sruns=30`);
  await ready();
  await page.waitForSelector("#tornado-chart svg", { timeout: 120000 });
  await page.waitForSelector("#compare-chart svg");
  const fc = await page.evaluate(() => window.__forecast);
  const uk = await api("/api/scenarios/ukraine-un-votes");
  check("generated scenario loaded with its provenance", (await page.textContent("#scenario-about")).includes("Russia's votes") && uk.actors[0].sources.position !== null, await page.textContent("#scenario-about"));
  check("strategies table: base and each strategy", (await page.locator("#compare-table tbody tr").count()) === strategies.length + 1, "row count differs");
  check("strategies shown = API", (await page.locator("#compare-table tbody tr").nth(1).locator("td:nth-child(3)").textContent()) === fixed(fc.comparison.strategies[1].median, 2), "differs");
  check("sensitivity ranked, first factor shown = API", (await page.locator("#sensitivity-table tbody tr").first().locator("td:nth-child(2)").textContent()) === fc.sensitivity.factors[0].factor, "differs");
  check("sensitivity lists every input and option", fc.sensitivity.factors.length === 3 * uk.actors.length + 6, `${fc.sensitivity.factors.length}`);
  check("forecast state in the URL", new URL(page.url()).searchParams.get("sensitivity") === "1", page.url());
  await page.screenshot({ path: `${shots}/forecast-compare.png`, fullPage: true });

  // Bad input reaches the page as a message, not a crash.
  await page.goto(`${base}/dyad?a=Rusia&b=China`);
  await page.waitForSelector("#error");
  check("unknown country explained", (await page.textContent("#error")).includes("did you mean Russia"), await page.textContent("#error"));

  // The brief prints to PDF: a page per section at least, charts whole (print stylesheet).
  if (process.env.BRIEF_HTML) {
    await page.goto(`file://${process.env.BRIEF_HTML}`);
    await page.emulateMedia({ media: "print" });
    const breaks = await page.evaluate(() => getComputedStyle(document.querySelectorAll("section")[1]).breakBefore);
    check("print: each section starts a page", breaks === "page", breaks);
    const pdf = await page.pdf({ path: `${shots}/brief.pdf`, format: "A4", printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    const sections = await page.evaluate(() => document.querySelectorAll("section").length);
    check("brief prints to PDF with a page per section", pages >= sections, `${pages} pages, ${sections} sections`);
  }
} catch (e) {
  check("browser run", false, e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`browser: ${passed} checks passed, ${failures.length} failed; screenshots in ${shots}`);
process.exit(failures.length ? 1 : 0);
