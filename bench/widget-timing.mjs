// The web component's time to a first result and per keystroke, as a reader on a slow phone
// sees it: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) with the
// main thread slowed 4× (CDP `Emulation.setCPUThrottlingRate`) and a 390×844 touch viewport
// opens a built site's page (the demo: `target/demo/`, which `./build.sh` writes; its page uses
// the classic file, so it works from file:// too), over HTTP on 127.0.0.1 and from file://, and
//
// - types a query letter by letter (100 ms apart) as soon as the box is on the page, and times
//   the page's start to the index ready (`digest-search:ready`) and to the first result painted;
// - once the page is idle, types a few queries letter by letter (150 ms apart), and times each
//   keystroke (keydown) to its results painted, with a breakdown from a Chromium trace of each
//   keystroke's main-thread time: the wasm search (`index.search()`, timed in the page), the
//   rest of the script (the component building the results, facets and status), style, layout,
//   paint (pre-paint, paint, layerize, commit) and the rest (the browser's own editing of the
//   box, input dispatch, GC); `handler` is the component's `input` listener as a whole (its
//   script, and the style and layout it forces).
//
// "Painted" is the frame after the results are in the DOM: a `requestAnimationFrame` callback
// that sees them, then a task after that frame's paint. Each run gives every page a fresh
// browser context (an empty cache), in alternating order, so that several builds are compared
// side by side in one run on a busy machine; the figures are medians over runs and keystrokes.
// A control page, a bare search box in a custom element with no search behind it, gives the
// floor of the method (input dispatch, the wait for a frame, paint) on this machine.
//
//   node bench/widget-timing.mjs [DIR ...] [--runs 5] [--cpu 4] [--no-file] [--facets]
//                                [--queries "zeroth order,language model,diffusion"]
//
// DIR: a built site with an index.html holding a <digest-search> (default target/demo); give
// the demo of the build before a change and the one after to compare them. `--facets`: also
// each page with `no-facets` set on the element: the difference is what the facet rows cost
// (a site with tags and dates, such as tests/fixtures/arxiv-1k.jsonl.gz built with the CLI into
// a folder with www/index.html and www/demo.css copied beside it).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumPath, CHROMIUM_ARGS } from '../tools/chromium.mjs';
import { takeFlag, takeOption } from './lib/util.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(pathToFileURL(path.join(ROOT, 'tests', 'node_modules', 'playwright-core', 'index.mjs')).href);

const args = process.argv.slice(2);
const RUNS = Number(takeOption(args, '--runs', 5));
const CPU = Number(takeOption(args, '--cpu', 4));
const QUERIES = takeOption(args, '--queries', 'zeroth order,language model,diffusion').split(',');
const withFile = !takeFlag(args, '--no-file');
const withFacets = takeFlag(args, '--facets');
const dirs = (args.length ? args : [path.join(ROOT, 'target', 'demo')]).map((d) => path.resolve(d));
for (const d of dirs) {
  if (!fs.existsSync(path.join(d, 'index.html'))) {
    console.error(`${d}/index.html is missing (build the demo with ./build.sh)`);
    process.exit(2);
  }
}
const browserPath = chromiumPath();
if (!browserPath) {
  console.error('no Chromium: install Debian\'s chromium (./build.sh does)');
  process.exit(2);
}

// The control: a box in a custom element's shadow root, as the widget's, with nothing behind it.
const EMPTY = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>control</title></head>
<body><main><h1>Search</h1><digest-search></digest-search></main><script>
customElements.define('digest-search', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<input type="search" aria-label="Search">'; }
});
</script></body></html>`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
// /d0/… serves dirs[0], and so on; /empty/ the control. `?no-facets` sets the switch on the
// page's elements.
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/empty/') return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(EMPTY);
  const m = /^\/d(\d+)(\/.*)$/.exec(url.pathname);
  const dir = m && dirs[Number(m[1])];
  const file = dir && path.join(dir, path.normalize(m[2].endsWith('/') ? m[2] + 'index.html' : m[2]));
  if (!file || !file.startsWith(dir + path.sep) || !fs.existsSync(file)) return res.writeHead(404).end();
  let body = fs.readFileSync(file);
  if (file.endsWith('.html') && url.searchParams.has('no-facets')) body = body.toString().replace(/<digest-search\b/g, '<digest-search no-facets');
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const pages = [];
dirs.forEach((d, i) => {
  const name = dirs.length > 1 ? `${i + 1}:${path.basename(d)}` : path.basename(d);
  pages.push({ name: `${name} http`, url: `${base}/d${i}/` });
  if (withFacets) pages.push({ name: `${name} http no-facets`, url: `${base}/d${i}/?no-facets` });
  if (withFile) pages.push({ name: `${name} file`, url: pathToFileURL(path.join(d, 'index.html')).href });
});
pages.push({ name: 'control (empty box)', url: `${base}/empty/`, control: true });

// In the page, before its scripts: the first result painted, the index ready, and per keystroke
// the time from keydown to the frame after its input event painted.
function instrument() {
  const w = window;
  w.__t = { keys: [] };
  const host = () => document.querySelector('digest-search');
  const afterPaint = (then) => requestAnimationFrame(() => setTimeout(then, 0));
  document.addEventListener('digest-search:ready', () => { w.__t.ready = performance.now(); });
  // A reader who taps the box the moment it shows and types: the box is focused from here, as
  // soon as it is on the page (Playwright's own focus() would first inject its selector engine,
  // tens of milliseconds of script on a slowed main thread).
  const poll = () => {
    const root = host() && host().shadowRoot;
    const box = root && root.querySelector('input');
    if (box && w.__t.box === undefined) {
      box.focus();
      w.__t.box = performance.now();
    }
    if (root && root.querySelector('[role="option"]')) afterPaint(() => { w.__t.first = performance.now(); });
    else if (!w.__t.measure) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  let key = null;
  document.addEventListener('keydown', (e) => { key = { down: e.timeStamp, search: 0 }; }, true);
  document.addEventListener('input', () => {
    const k = key;
    if (!k || !w.__t.measure || k.input) return;
    k.input = true;
    afterPaint(() => {
      k.painted = performance.now() - k.down;
      w.__t.keys.push(k);
    });
  }, true);
  // The component's own listener sits on its input: the shadow root's capture and bubble
  // listeners run right before and after it.
  w.__t.watch = () => {
    const el = host();
    const root = el.shadowRoot;
    let at = 0;
    root.addEventListener('input', () => { at = performance.now(); }, true);
    root.addEventListener('input', () => { if (key) key.handler = performance.now() - at; });
    const index = el.index;
    if (index && typeof index.search === 'function') {
      const search = index.search;
      index.search = function (...a) {
        const t = performance.now();
        try { return search.apply(this, a); } finally { if (key) key.search += performance.now() - t; }
      };
    }
    w.__t.measure = true;
  };
}

// Main-thread trace events, each counted once by its innermost bucket.
const BUCKETS = {
  UpdateLayoutTree: 'style', RecalculateStyles: 'style', Layout: 'layout',
  PrePaint: 'paint', Paint: 'paint', Layerize: 'paint', Commit: 'paint', UpdateLayer: 'paint', CompositeLayers: 'paint',
  FunctionCall: 'script', EvaluateScript: 'script', 'v8.callFunction': 'script', 'v8.run': 'script', 'v8.execute': 'script',
  RunMicrotasks: 'script', FireAnimationFrame: 'script', TimerFire: 'script', FireIdleCallback: 'script',
  MinorGC: 'other', MajorGC: 'other',
};
const PARTS = ['script', 'style', 'layout', 'paint', 'other'];

/** Per keydown of the trace: the main thread's time by bucket until the next keydown. */
function keystrokeParts(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'EventDispatch' && x.args?.data?.type === 'keydown'));
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const downs = mine.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
  const out = downs.map(() => Object.fromEntries(PARTS.map((p) => [p, 0])));
  const stack = [];
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    const bucket = BUCKETS[e.name] || (parent ? parent.bucket : 'other');
    let k = downs.length - 1;
    while (k >= 0 && downs[k] > e.ts) k--;
    stack.push({ end: e.ts + e.dur, bucket, key: k });
    // An event's own time: its duration, less its children's (taken off its bucket as they come).
    if (k >= 0) out[k][bucket] += e.dur / 1000;
    if (parent && parent.key >= 0) out[parent.key][parent.bucket] -= e.dur / 1000;
  }
  return out;
}

async function measure(browser, pg) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  await page.addInitScript(instrument);
  // Typed straight away: the first query, as soon as the box is there.
  await page.goto(pg.url, { waitUntil: 'commit' });
  const until = async (f) => {
    for (const start = Date.now(); !(await page.evaluate(f)); await new Promise((r) => setTimeout(r, 10))) {
      if (Date.now() - start > 60_000) throw new Error(`${pg.name}: the page did not get there in 60 s`);
    }
  };
  await until(() => window.__t && window.__t.box !== undefined);
  await page.keyboard.type(QUERIES[0], { delay: 100 });
  if (!pg.control) await until(() => window.__t.first !== undefined && window.__t.ready !== undefined);
  const load = await page.evaluate(() => ({ ready: window.__t.ready, first: window.__t.first }));
  const clear = () => page.evaluate(() => {
    const el = document.querySelector('digest-search');
    if ('value' in el) el.value = '';
    else el.shadowRoot.querySelector('input').value = '';
  });
  await clear();
  await page.waitForTimeout(1000);
  await page.evaluate(() => window.__t.watch());
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute'] });
  for (const q of QUERIES) {
    await page.keyboard.type(q, { delay: 150 });
    await page.waitForTimeout(250);
    await clear();
    await page.waitForTimeout(250);
  }
  const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const keys = await page.evaluate(() => window.__t.keys);
  const parts = keystrokeParts(trace);
  await context.close();
  if (parts.length !== keys.length) console.warn(`${pg.name}: ${keys.length} keystrokes timed, ${parts.length} in the trace`);
  return {
    load,
    keys: keys.map((k, i) => {
      const p = parts[i] || {};
      // The wasm search is script too: the trace's script is what is left besides it.
      return { painted: k.painted, handler: k.handler ?? 0, search: k.search, ...p, script: Math.max(0, (p.script ?? 0) - k.search) };
    }),
  };
}

const browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS });
const results = pages.map(() => ({ ready: [], first: [], keys: [] }));
try {
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 ? [...pages.keys()].reverse() : [...pages.keys()];
    for (const i of order) {
      const m = await measure(browser, pages[i]);
      if (m.load.ready !== undefined) results[i].ready.push(m.load.ready);
      if (m.load.first !== undefined) results[i].first.push(m.load.first);
      results[i].keys.push(...m.keys);
    }
    process.stderr.write(`run ${r + 1} of ${RUNS} done\n`);
  }
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const ms = (x) => (Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cols = ['painted', 'handler', 'search', ...PARTS];
console.log(`${os.cpus().length} cores, CPU slowed ${CPU}×, 390×844 touch; ${RUNS} runs; queries typed: ${QUERIES.join(' | ')}`);
console.log('medians in ms; per keystroke: keydown → results painted, then the main thread\'s time by part\n');
const head = ['page', 'ready', '1st result', 'keys', ...cols.map((c) => (c === 'painted' ? 'key→paint' : c))];
const rows = pages.map((pg, i) => {
  const k = results[i].keys;
  return [pg.name, ms(median(results[i].ready)), ms(median(results[i].first)), String(k.length), ...cols.map((c) => ms(median(k.map((x) => x[c] ?? 0))))];
});
const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
for (const row of [head, ...rows]) console.log(row.map((v, c) => (c ? v.padStart(width[c]) : v.padEnd(width[c]))).join('  '));
