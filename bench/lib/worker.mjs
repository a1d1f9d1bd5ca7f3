// Child process for one measurement; the parent (run.mjs) runs it under time and memory caps.
//   node lib/worker.mjs build ENGINE CORPUS.jsonl OUTDIR RESULT.json
//   node lib/worker.mjs query ENGINE ARTIFACTDIR QUERIES.json RESULT.json CAP_MS
import fs from 'node:fs';
import path from 'node:path';
import { JS_ENGINES } from './engines/index.mjs';
import { loadDocs } from './corpus.mjs';
import { listFiles, summarize } from './util.mjs';
import { KINDS } from './queries.mjs';

const [mode, engine, ...rest] = process.argv.slice(2);
const now = () => performance.now();
const mb = (b) => +(b / 2 ** 20).toFixed(1);
const maxRssMB = () => mb(process.resourceUsage().maxRSS * 1024);

function writeResult(file, obj) {
  fs.writeFileSync(file, JSON.stringify(obj, null, 1));
}

async function buildMode() {
  const [corpusFile, outDir, resultFile] = rest;
  const docs = loadDocs(corpusFile);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const rssBaselineMB = mb(process.memoryUsage().rss);
  const t0 = now();
  let buildMs;
  if (engine === 'pagefind') {
    const { buildTo } = await import('./engines/pagefind-build.mjs');
    await buildTo(docs, outDir); // Pagefind serializes while writing its files
    buildMs = now() - t0;
  } else {
    const eng = JS_ENGINES[engine];
    if (!eng) throw new Error(`unknown engine ${engine}`);
    const files = await eng.build(docs);
    buildMs = now() - t0; // index + serialization to strings, before writing
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), data);
  }
  writeResult(resultFile, { ok: true, docs: docs.length, buildMs, rssBaselineMB, maxRssMB: maxRssMB() });
}

async function queryMode() {
  const [dir, queriesFile, resultFile, capMsStr] = rest;
  const capMs = +capMsStr || 60_000;
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  const files = {};
  for (const rel of listFiles(dir)) files[rel] = fs.readFileSync(path.join(dir, rel));

  // The engine's code is loaded before the clock starts; the index bytes are in memory.
  let eng;
  let pagefindFetched = null;
  if (engine === 'pagefind') {
    const pfn = await import('./engines/pagefind-node.mjs');
    const pf = await pfn.setup(files, dir);
    pagefindFetched = pf.fetched;
    eng = { load: () => pf.load(), search: pf.search };
  } else if (engine === 'digest-search') {
    const ds = await import('./engines/digest-search.mjs');
    eng = await ds.setup(dir);
  } else {
    eng = JS_ENGINES[engine];
  }
  const run = async (ctx, q) => {
    let r = eng.search(ctx, q, 10);
    if (r && typeof r.then === 'function') r = await r;
    return r;
  };

  const t0 = now();
  let ctx = eng.load(files);
  if (ctx && typeof ctx.then === 'function') ctx = await ctx;
  const firstQueryStart = now();
  await run(ctx, queries[0].q);
  const t1 = now();
  const load = { ms: t1 - t0, deserializeMs: firstQueryStart - t0, firstQueryMs: t1 - firstQueryStart };
  const rssAfterLoadMB = mb(process.memoryUsage().rss);
  let info = null;
  try {
    if (typeof ctx?.info === 'function') info = ctx.info();
  } catch {}
  const sumFetched = () => [...pagefindFetched.values()].reduce((a, b) => a + b, 0);
  let pagefind = null;
  if (pagefindFetched) pagefind = { firstQueryFiles: pagefindFetched.size, firstQueryBytes: sumFetched() };

  // Warm-up: queries 1..29 (with query 0 above, the first ten are what Pagefind counts).
  const warmStart = now();
  for (let i = 1; i < Math.min(30, queries.length) && now() - warmStart < 10_000; i++) {
    await run(ctx, queries[i].q);
    if (pagefindFetched && i === 9) Object.assign(pagefind, { firstTenFiles: pagefindFetched.size, firstTenBytes: sumFetched() });
  }

  const per = Object.fromEntries(KINDS.map((k) => [k, { times: [], s1: 0, s10: 0, n: 0 }]));
  const start = now();
  let capped = false;
  let done = 0;
  for (const qu of queries) {
    if (now() - start > capMs) {
      capped = true;
      break;
    }
    const a = now();
    const r = await run(ctx, qu.q);
    const dt = now() - a;
    const p = per[qu.kind];
    p.times.push(dt);
    p.n++;
    const rank = r.findIndex((x) => x.id === qu.target);
    if (rank === 0) p.s1++;
    if (rank >= 0) p.s10++;
    done++;
  }
  const kinds = {};
  for (const k of KINDS) {
    const p = per[k];
    kinds[k] = { ...summarize(p.times), s1: p.n ? p.s1 / p.n : null, s10: p.n ? p.s10 / p.n : null };
  }
  writeResult(resultFile, {
    ok: true,
    load,
    queries: { total: queries.length, done, capped, capMs, elapsedMs: now() - start },
    kinds,
    pagefind,
    info,
    rssAfterLoadMB,
    maxRssMB: maxRssMB(),
  });
}

try {
  if (mode === 'build') await buildMode();
  else if (mode === 'query') await queryMode();
  else throw new Error(`unknown mode ${mode}`);
} catch (e) {
  const resultFile = mode === 'build' ? rest[2] : rest[2];
  try {
    writeResult(resultFile, { ok: false, error: String(e?.stack ?? e).slice(0, 2000) });
  } catch {}
  console.error(e);
  process.exitCode = 1;
}
