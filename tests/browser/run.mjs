// Browser tests of `redline serve`: a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) loads every page, uses the what-if editor and checks the verdict
// changes, fails on any console error or request leaving the machine, and saves screenshots.
//
// Usage: node tests/browser/run.mjs   (env: REDLINE_BIN, CHROMIUM, SCREENSHOTS)
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.REDLINE_BIN || join(root, "target/debug/redline");
const shots = process.env.SCREENSHOTS || join(root, "target/screenshots");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

const DATE = "2025-09-01";
let failures = 0;
const fail = (msg) => { failures += 1; console.error("FAIL:", msg); };
const ok = (msg) => console.log("ok:", msg);

function startServer() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(bin, ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
    child.stdout.on("data", (d) => {
      const m = String(d).match(/http:\/\/([\d.]+:\d+)\//);
      if (m) { clearTimeout(timer); resolveStart({ child, base: `http://${m[1]}` }); }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function main() {
  const { child, base } = await startServer();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    // Nothing may leave the machine: the app must work offline.
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.host !== new URL(base).host) { errors.push("external request: " + url.href); return route.abort(); }
      return route.continue();
    });
    const visit = async (name, path) => {
      errors.length = 0;
      await page.goto(base + path);
      await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
      const state = await page.getAttribute("body", "data-ready");
      if (state !== "true") fail(`${name}: page reported an error`);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) fail(`${name}: page scrolls sideways by ${wide} px at 1,400 px`);
      if (errors.length) fail(`${name}: console errors: ${errors.join(" | ")}`); else ok(`${name} loads with no console errors`);
    };

    // Catalogue: table, chart, search, sort, columns, CSV.
    await visit("catalogue", `/?on=${DATE}`);
    const rows = await page.locator("#table tbody tr").count();
    rows >= 45 ? ok(`catalogue lists ${rows} chips`) : fail(`catalogue lists ${rows} chips`);
    (await page.locator("#chart svg").count()) > 0 ? ok("compliance chart drawn") : fail("no compliance chart");
    await page.fill("#search", "h20");
    const found = await page.locator("#table tbody tr").count();
    found >= 1 && found < rows ? ok(`search filters to ${found}`) : fail(`search gave ${found}`);
    await page.fill("#search", "");
    await page.click('th[data-key="tpp"]');
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
    const csvPath = join(shots, "catalogue.csv");
    await download.saveAs(csvPath);
    ok("CSV downloaded");
    await page.waitForSelector("#changes tbody tr", { timeout: 15_000 }).catch(() => {});
    (await page.locator("#changes tbody tr").count()) >= 1 ? ok("catalogue shows what an edition changed") : fail("no changes view");

    // Chip page.
    await visit("chip-h20", `/chip/h20?on=${DATE}&to=CN`);
    const verdict = await page.textContent("#verdict");
    /licen/.test(verdict) ? ok("chip page verdict: " + verdict.trim()) : fail("chip page verdict missing");
    (await page.locator("#editions tbody tr").count()) >= 5 ? ok("classification under every edition") : fail("editions table short");
    (await page.locator("#timeline-chart svg").count()) > 0 ? ok("timeline chart drawn") : fail("no timeline chart");
    // Conditions, depends-on and the verdict colour, as the CLI shows them.
    await visit("chip-h20-my", `/chip/h20?on=${DATE}&to=MY`);
    const myVerdict = await page.getAttribute("#verdict", "data-verdict");
    myVerdict === "depends" ? ok("chip page: H20 to Malaysia depends") : fail(`chip page verdict ${myVerdict}`);
    const myClass = await page.getAttribute("#verdict", "class");
    /depends/.test(myClass) && !/free/.test(myClass) ? ok("depends is not shown in the green of not-required") : fail(`verdict class ${myClass}`);
    const conds = await page.locator("#conditions tbody tr").count();
    conds >= 2 ? ok(`chip page lists ${conds} conditions`) : fail(`chip page lists ${conds} conditions`);
    /end-user-headquarters/.test(await page.textContent("#check-detail")) ? ok("chip page names what it depends on") : fail("no depends-on on the chip page");
    /DRAM bandwidth \(GB\/s\)/.test(await page.textContent("#spec")) ? ok("spec table has labels and units") : fail("spec table shows raw keys");
    await visit("chip-rtx-pro-6000d", `/chip/rtx-pro-6000d?on=2026-03-01&to=CN`);
    (await page.getAttribute("#verdict", "data-verdict")) === "uncertain" && (await page.locator("#branches li").count()) >= 2
      ? ok("uncertain verdict with its branches") : fail("no uncertain branches on the RTX Pro 6000D page");
    // China's import advisories in their own block: the CAC order of 2025-09-17 names this chip.
    const adv = page.locator("#advisories-block");
    (await adv.isVisible()) && /2025-09-17/.test(await adv.textContent())
      ? ok("import advisories block on the chip page") : fail("no import advisories block for the RTX Pro 6000D to China");
    await visit("chip-h20-de", `/chip/h20?on=${DATE}&to=DE`);
    (await page.locator("#advisories-block").isVisible()) ? fail("advisories block shown for Germany") : ok("no advisories block for Germany");

    // What-if editor: raise the H20's FP8 rate past the 3A090.b line; the verdict must change.
    await visit("whatif", `/whatif?base=h20&on=${DATE}&to=CN`);
    const before = await page.getAttribute("#verdict", "data-summary");
    await page.fill("#fp8", "320");
    await page.fill("#fp16", "160");
    await page.waitForFunction((b) => {
      const v = document.querySelector("#verdict").dataset.summary;
      return v && v !== b;
    }, before, { timeout: 15_000 }).catch(() => {});
    const after = await page.getAttribute("#verdict", "data-summary");
    if (after && after !== before && /3A090\.b/.test(after)) ok(`what-if verdict changed: "${before}" -> "${after}"`);
    else fail(`what-if verdict did not change as expected: "${before}" -> "${after}"`);
    /fp8=320/.test(page.url()) ? ok("what-if state is in the URL") : fail("what-if URL lacks the edit: " + page.url());
    (await page.locator("#check-detail #conditions tbody tr").count()) >= 1 ? ok("what-if page shows conditions") : fail("what-if page shows no conditions");
    await page.screenshot({ path: join(shots, "whatif-edited.png"), fullPage: true });
    // Performance for a model, when the zoo has one.
    const whatifModel = await page.$$eval("#model option", (os) => os.map((o) => o.value).filter(Boolean)[0]);
    if (whatifModel) {
      await page.selectOption("#model", whatifModel);
      await page.waitForSelector("#perf-table", { timeout: 15_000 }).catch(() => {});
      (await page.locator("#perf-table").count()) > 0 ? ok(`what-if performance for ${whatifModel}`) : fail("what-if shows no performance");
    }
    // The share link reproduces the state.
    errors.length = 0;
    await page.goto(page.url());
    await page.waitForSelector("body[data-ready]");
    const shared = await page.getAttribute("#verdict", "data-summary");
    shared === after ? ok("share link reproduces the verdict") : fail(`share link gave "${shared}"`);
    if (errors.length) fail("what-if reload: console errors: " + errors.join(" | "));

    // Compare page.
    await visit("compare", `/compare?chips=h100-sxm,h20,h200,rtx-pro-6000d&on=${DATE}&to=CN`);
    (await page.locator("#table tbody tr").count()) === 4 ? ok("compare table has 4 chips") : fail("compare table wrong");
    for (const id of ["#gpus", "#precision", "#batch"]) (await page.locator(id).count()) === 1 ? ok(`compare control ${id}`) : fail(`no compare control ${id}`);
    const model = await page.$$eval("#model option", (os) => os.map((o) => o.value).filter(Boolean)[0]);
    if (model) {
      errors.length = 0;
      await page.selectOption("#model", model);
      await page.click("#go");
      await page.waitForSelector("#chart-compare svg", { timeout: 30_000 }).catch(() => {});
      await page.waitForTimeout(500);
      (await page.locator("#chart-compare svg").count()) > 0 ? ok(`compare chart for ${model}`) : fail("no compare chart");
      await page.screenshot({ path: join(shots, "compare-model.png"), fullPage: true });
      if (errors.length) fail("compare with model: console errors: " + errors.join(" | "));
    }

    // Compliance frontier: the default search on load, then a single-die search from the form.
    await visit("frontier", "/frontier?on=2024-06-01&to=CN&model=deepseek-v3&phase=decode");
    (await page.locator("#chart svg").count()) > 0 ? ok("frontier chart drawn") : fail("no frontier chart");
    const frontierRows = await page.locator("#table tbody tr").count();
    frontierRows >= 20 ? ok(`frontier table lists ${frontierRows} chips`) : fail(`frontier table lists ${frontierRows} chips`);
    errors.length = 0;
    await page.selectOption("#dies", "1");
    await page.click("#go");
    await page.waitForFunction(() => document.body.dataset.search === "done" && /dies=1/.test(location.search), null, { timeout: 30_000 }).catch(() => {});
    const binding = await page.textContent("#binding tbody");
    /3A090\.b\.1\/tpp-min/.test(binding) ? ok("single-die frontier binds at 3A090.b.1/tpp-min") : fail(`single-die binding: ${binding}`);
    /\[dense/.test(await page.textContent("#spec")) ? ok("best design spec TOML shown") : fail("no spec TOML");
    (await page.locator("#table td", { hasText: "%" }).count()) > 0 ? ok("gap_percent shown") : fail("no gap_percent");
    (await page.locator("#chart svg").count()) > 0 ? ok("frontier chart redrawn") : fail("no frontier chart after search");
    await page.screenshot({ path: join(shots, "frontier-dies-1.png"), fullPage: true });
    if (errors.length) fail("frontier search: console errors: " + errors.join(" | ")); else ok("frontier search with no console errors");

    // Fact-check: paste an article, check it, the claims are highlighted and tabled.
    await visit("factcheck", "/factcheck");
    await page.fill("#article", "The H20 carries 96 GB of HBM3 and has exactly 20% of the H100's compute. On DeepSeek-V3 the H20 serves 2,000 tokens/s. <b>not markup</b>");
    await page.click("#go");
    await page.waitForSelector("#claims tbody tr");
    const marks = await page.locator("#annotated mark").count();
    marks === 3 ? ok("factcheck highlights 3 claims") : fail(`factcheck highlights ${marks} claims`);
    (await page.locator("#annotated b").count()) === 0 ? ok("factcheck text is not parsed as markup") : fail("factcheck text became markup");
    (await page.locator("#annotated mark.inconsistent").count()) === 1 ? ok("factcheck marks the 20% claim inconsistent") : fail("no inconsistent mark");
    /predicted/.test(await page.textContent("#claims tbody")) ? ok("factcheck shows the predicted tokens/s range") : fail("no predicted range for the tokens/s claim");
    await page.screenshot({ path: join(shots, "factcheck-checked.png"), fullPage: true });
    if (errors.length) fail("factcheck: console errors: " + errors.join(" | ")); else ok("factcheck with no console errors");
  } finally {
    await browser.close();
    child.kill();
  }
  console.log(failures ? `${failures} failure(s); screenshots in ${shots}` : `all browser checks passed; screenshots in ${shots}`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
