// digest-search benchmark, main program (bench/run.mjs installs the dependencies, then runs this).
// Builds and queries digest-search and its peers on several corpora; writes
// bench/results/latest.json and bench/results/latest.md. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot, cacheDir, resultsDir, dsBinary, listFiles, compressedSizes, machineInfo } from './util.mjs';
import { CORPORA, corpusFile, loadDocs } from './corpus.mjs';
import { generateQueries, KINDS } from './queries.mjs';
import { runCapped, hasTime } from './proc.mjs';
import { engineBundle } from './bundle.mjs';
import { JS_ENGINES } from './engines/index.mjs';
import { shippedFiles as pagefindShipped, CODE_FILES as PF_CODE } from './engines/pagefind-node.mjs';
import { config as pagefindConfig } from './engines/pagefind-build.mjs';
import { config as dsConfig, CODE_FILES as DS_CODE, INDEX_FILES as DS_INDEX } from './engines/digest-search.mjs';
import { renderMarkdown } from './report.mjs';

export const ENGINES = ['digest-search', 'minisearch', 'flexsearch', 'lunr', 'fuse', 'orama', 'pagefind'];
export const LABELS = {
  'digest-search': 'digest-search',
  minisearch: 'MiniSearch',
  flexsearch: 'FlexSearch',
  lunr: 'Lunr',
  fuse: 'Fuse.js',
  orama: 'Orama',
  pagefind: 'Pagefind',
};

const USAGE = `usage: node bench/run.mjs [options]      (or bench/run.sh [options])
  --sizes LIST      corpora, comma-separated: sample,10k,50k,100k (default: all; with --quick: sample,10k)
  --engines LIST    ${ENGINES.join(',')} (default: all)
  --quick           50 queries per kind, sample+10k unless --sizes, no Chromium
  --per-kind N      queries per kind (default 200)
  --seed N          query generator seed (default 20240313)
  --build-cap S     build time cap in seconds (default 180)
  --query-cap S     timed-query cap in seconds (default 60)
  --mem-cap MB      RSS cap of a build/query process (default 10240)
  --heap MB         Node --max-old-space-size of the child processes (default 8192)
  --no-browser      skip the Chromium load times
  --browser-only    only the Chromium load times, for corpora already in results/latest.json
  --merge           keep the other corpora/engines already in results/latest.json
  --render-only     rewrite results/latest.md from results/latest.json
See bench/README.md.`;

function parseArgs(argv) {
  const o = {
    sizes: null,
    engines: ENGINES,
    quick: false,
    perKind: null,
    seed: 20240313,
    buildCapS: 180,
    queryCapS: 60,
    memCapMB: 10240,
    heapMB: 8192,
    browser: true,
    merge: false,
    browserOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const val = () => inline ?? argv[++i];
    switch (k) {
      case '--sizes': o.sizes = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--engines': o.engines = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--quick': o.quick = true; break;
      case '--per-kind': o.perKind = +val(); break;
      case '--seed': o.seed = +val(); break;
      case '--build-cap': o.buildCapS = +val(); break;
      case '--query-cap': o.queryCapS = +val(); break;
      case '--mem-cap': o.memCapMB = +val(); break;
      case '--heap': o.heapMB = +val(); break;
      case '--no-browser': o.browser = false; break;
      case '--browser-only': o.browserOnly = true; o.merge = true; break;
      case '--merge': o.merge = true; break;
      case '--render-only': o.renderOnly = true; break;
      case '-h': case '--help':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown option ${a} (see bench/README.md)`);
    }
  }
  for (const s of o.sizes ?? []) if (!CORPORA[s]) throw new Error(`unknown size ${s}; known: ${Object.keys(CORPORA).join(',')}`);
  for (const e of o.engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}; known: ${ENGINES.join(',')}`);
  o.sizes ??= o.quick ? ['sample', '10k'] : Object.keys(CORPORA);
  o.perKind ??= o.quick ? 50 : 200;
  if (o.quick) o.browser = false;
  return o;
}

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

function sizeParts(parts) {
  // parts: {code: [[name, Buffer]], index: [...], docs: [...]}; br11 is null when any file of the
  // part (or, for the total, of the engine) is over the quality-11 limit.
  const out = {};
  const total = { raw: 0, gzip: 0, br9: 0, br11: 0 };
  for (const [part, list] of Object.entries(parts)) {
    const s = { raw: 0, gzip: 0, br9: 0, br11: 0, files: list.length };
    for (const [, buf] of list) {
      const c = compressedSizes(buf);
      s.raw += c.raw;
      s.gzip += c.gzip;
      s.br9 += c.br9;
      s.br11 = s.br11 == null || c.br11 == null ? null : s.br11 + c.br11;
    }
    out[part] = s;
    for (const k of ['raw', 'gzip', 'br9']) total[k] += s[k];
    total.br11 = total.br11 == null || s.br11 == null ? null : total.br11 + s.br11;
  }
  return { ...out, total };
}

/**
 * Raw and brotli sizes (q9, and q11 up to 20 MiB) of a corpus's JSON Lines file, cached beside
 * the corpus slices: brotli on 150 MiB takes about a minute.
 */
function jsonlSizes(file) {
  const st = fs.statSync(file);
  const cache = path.join(cacheDir, 'sizes', `${path.basename(file)}-${st.size}-${Math.floor(st.mtimeMs)}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const sizes = compressedSizes(fs.readFileSync(file));
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  fs.writeFileSync(cache, JSON.stringify(sizes));
  return sizes;
}

async function shipped(engine, dir) {
  const read = (rel) => [rel, fs.readFileSync(path.join(dir, rel))];
  if (engine === 'digest-search') {
    return { code: DS_CODE.map(read), index: DS_INDEX.map(read), docs: [] };
  }
  if (engine === 'pagefind') {
    const s = pagefindShipped(listFiles(dir));
    return { code: s.code.map(read), index: s.index.map(read), docs: s.docs.map(read) };
  }
  const bundle = await engineBundle(engine);
  const files = listFiles(dir);
  return {
    code: [[`${engine}.bundle.mjs`, fs.readFileSync(bundle)]],
    index: files.filter((f) => f !== 'docs.json').map(read),
    docs: files.filter((f) => f === 'docs.json').map(read),
  };
}

function capStatus(r, what, capS, memCapMB) {
  if (r.timedOut) return `did not finish (${what} > ${capS} s)`;
  if (r.memExceeded) return `did not finish (${what} RSS > ${memCapMB} MiB)`;
  if (/heap out of memory|Reached heap limit|Invalid string length|Array buffer allocation failed/i.test(r.stderr)) {
    const m = r.stderr.match(/(heap out of memory|Reached heap limit|Invalid string length|Array buffer allocation failed)/i);
    return `did not finish (${what}: ${m[1]})`;
  }
  return null;
}

async function measure(engine, corpus, cFile, queriesFile, opt) {
  const res = { engine, label: LABELS[engine], status: 'ok', caps: { buildS: opt.buildCapS, queryS: opt.queryCapS, memMB: opt.memCapMB }, measuredAt: new Date().toISOString(), loadAvg1m: +os.loadavg()[0].toFixed(2) };
  res.config =
    engine === 'digest-search' ? dsConfig : engine === 'pagefind' ? pagefindConfig : JS_ENGINES[engine].config;
  const outDir = path.join(cacheDir, 'artifacts', corpus, engine);
  const tmpDir = path.join(cacheDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const node = process.execPath;
  const worker = path.join(benchDir, 'lib', 'worker.mjs');
  const caps = { memCapMB: opt.memCapMB };

  // ---- build
  if (engine === 'digest-search') {
    if (!fs.existsSync(dsBinary)) {
      res.status = 'not built (target/release/digest-search missing; run ./build.sh)';
      return res;
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    res.binaryModified = fs.statSync(dsBinary).mtime.toISOString();
    const r = await runCapped(dsBinary, ['build', cFile, '--out', outDir], { ...caps, timeoutMs: opt.buildCapS * 1000, cwd: repoRoot });
    res.build = { ms: r.wallMs, peakRssMB: r.peakRssMB, note: 'whole CLI process: read + parse input, index, write' };
    const cap = capStatus(r, 'build', opt.buildCapS, opt.memCapMB);
    if (cap) return { ...res, status: cap };
    if (r.code !== 0 || !fs.existsSync(path.join(outDir, 'digest-search.wasm'))) {
      return { ...res, status: `build failed (exit ${r.code ?? r.signal})`, error: r.stderr.slice(-1500) };
    }
  } else {
    const resultFile = path.join(tmpDir, `build-${corpus}-${engine}.json`);
    fs.rmSync(resultFile, { force: true });
    const r = await runCapped(node, [`--max-old-space-size=${opt.heapMB}`, worker, 'build', engine, cFile, outDir, resultFile], {
      ...caps,
      timeoutMs: opt.buildCapS * 1000,
      cwd: benchDir,
    });
    let out = null;
    try {
      out = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    } catch {}
    res.build = { ms: out?.buildMs ?? null, processMs: r.wallMs, peakRssMB: r.peakRssMB, rssBaselineMB: out?.rssBaselineMB ?? null };
    const cap = capStatus(r, 'build', opt.buildCapS, opt.memCapMB);
    if (cap) return { ...res, status: cap };
    if (!out?.ok) return { ...res, status: 'build failed', error: (out?.error ?? r.stderr).slice(-1500) };
  }

  // ---- bytes
  const parts = await shipped(engine, outDir);
  res.bytes = sizeParts(parts);
  if (engine === 'digest-search') {
    // Its runtime code travels inside digest-search.wasm with the index: the "of which code"
    // column counts it (the runtime wasm the CLI embeds indexes into) with the JS, as
    // `bench/code-size.mjs` does, so it compares with the peers' code (Pagefind's wasm included).
    const runtime = path.join(repoRoot, 'target', 'runtime', 'runtime_bg.wasm');
    res.bytes.code = sizeParts({ code: [...parts.code, ['runtime_bg.wasm', fs.readFileSync(runtime)]] }).code;
  }

  // ---- load + queries
  {
    const resultFile = path.join(tmpDir, `query-${corpus}-${engine}.json`);
    fs.rmSync(resultFile, { force: true });
    const hardCapMs = opt.queryCapS * 1000 + opt.buildCapS * 1000; // load + warm-up + timed queries
    const r = await runCapped(
      node,
      [`--max-old-space-size=${opt.heapMB}`, worker, 'query', engine, outDir, queriesFile, resultFile, String(opt.queryCapS * 1000)],
      { ...caps, timeoutMs: hardCapMs, cwd: benchDir },
    );
    let out = null;
    try {
      out = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    } catch {}
    const cap = capStatus(r, 'load/query', hardCapMs / 1000, opt.memCapMB);
    if (cap) return { ...res, status: cap, queryPeakRssMB: r.peakRssMB };
    if (!out?.ok) return { ...res, status: 'query failed', error: (out?.error ?? r.stderr).slice(-1500) };
    res.load = out.load;
    res.queries = out.queries;
    res.kinds = out.kinds;
    res.queryPeakRssMB = r.peakRssMB;
    res.rssAfterLoadMB = out.rssAfterLoadMB;
    if (out.info) res.info = out.info;
    if (out.queries.capped) res.status = `queries capped at ${opt.queryCapS} s (${out.queries.done}/${out.queries.total} done)`;
    if (engine === 'pagefind' && out.pagefind) {
      // What a browser fetches: the loader code + what the loader asked for.
      const codeBytes = parts.code.reduce((a, [, b]) => a + b.length, 0);
      res.pagefind = {
        ...out.pagefind,
        codeBytes,
        firstQueryTotalBytes: codeBytes + out.pagefind.firstQueryBytes - (parts.code.find(([n]) => n === 'wasm.en.pagefind')?.[1].length ?? 0),
        firstTenTotalBytes: out.pagefind.firstTenBytes != null ? codeBytes + out.pagefind.firstTenBytes - (parts.code.find(([n]) => n === 'wasm.en.pagefind')?.[1].length ?? 0) : null,
        note: 'code = pagefind.js + pagefind-worker.js + wasm.en.pagefind; the loader fetches the wasm itself, so it is counted once',
      };
    }
  }
  return res;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  fs.mkdirSync(resultsDir, { recursive: true });
  const latestJson = path.join(resultsDir, 'latest.json');
  if (opt.renderOnly) {
    fs.writeFileSync(path.join(resultsDir, 'latest.md'), renderMarkdown(JSON.parse(fs.readFileSync(latestJson, 'utf8'))));
    log('wrote latest.md');
    return;
  }
  let results = {
    machine: machineInfo(),
    startedAt: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
    command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    settings: {
      perKind: opt.perKind,
      seed: opt.seed,
      buildCapS: opt.buildCapS,
      queryCapS: opt.queryCapS,
      memCapMB: opt.memCapMB,
      heapMB: opt.heapMB,
      timeTool: hasTime() ? '/usr/bin/time -v' : 'sampled RSS only',
    },
    corpora: {},
    browser: null,
  };
  if (opt.merge && fs.existsSync(latestJson)) {
    const prev = JSON.parse(fs.readFileSync(latestJson, 'utf8'));
    // Each engine's result names the run that measured it (`measuredBy`), so the command kept
    // here is the last run's only.
    results = { ...prev, machine: results.machine, lastRunAt: results.startedAt, loadAverageAtStart: results.loadAverageAtStart, command: results.command };
  }
  const save = () => {
    fs.writeFileSync(latestJson, JSON.stringify(results, null, 1));
    fs.writeFileSync(path.join(resultsDir, 'latest.md'), renderMarkdown(results));
  };

  if (!opt.browserOnly) {
    for (const corpus of opt.sizes) {
      log(`corpus ${corpus}: preparing`);
      const cFile = await corpusFile(corpus);
      const docs = loadDocs(cFile);
      const queries = generateQueries(docs, { perKind: opt.perKind, seed: opt.seed });
      const queriesFile = path.join(cacheDir, 'queries', `${corpus}-${opt.perKind}-${opt.seed}.json`);
      fs.mkdirSync(path.dirname(queriesFile), { recursive: true });
      fs.writeFileSync(queriesFile, JSON.stringify(queries));
      const c = (results.corpora[corpus] ??= {});
      Object.assign(c, {
        entries: docs.length,
        file: path.relative(repoRoot, cFile),
        inputBytes: fs.statSync(cFile).size,
        // The yardstick of the download target: the entries as plain JSON Lines, brotli-compressed.
        inputSizes: jsonlSizes(cFile),
        queries: Object.fromEntries(KINDS.map((k) => [k, queries.filter((q) => q.kind === k).length])),
        queryExamples: queries.slice(0, 6).map(({ q, kind, target }) => ({ q, kind, target })),
      });
      c.engines ??= {};
      for (const engine of opt.engines) {
        log(`corpus ${corpus}: ${engine} ...`);
        let r;
        try {
          r = await measure(engine, corpus, cFile, queriesFile, opt);
        } catch (e) {
          r = { engine, label: LABELS[engine], status: 'harness error', error: String(e?.stack ?? e).slice(0, 1500) };
        }
        r.measuredBy = { command: results.command, at: results.lastRunAt ?? results.startedAt };
        c.engines[engine] = r;
        const k = r.kinds;
        log(
          `corpus ${corpus}: ${engine}: ${r.status}` +
            (r.build?.ms != null ? `; build ${(r.build.ms / 1000).toFixed(2)} s, peak ${r.build.peakRssMB} MiB` : '') +
            (r.bytes ? `; br9 ${(r.bytes.total.br9 / 1024).toFixed(1)} KiB` : '') +
            (r.load ? `; load ${r.load.ms.toFixed(1)} ms` : '') +
            (k ? `; median ${KINDS.map((x) => k[x].median?.toFixed(3)).join('/')} ms; S@1 ${KINDS.map((x) => k[x].s1?.toFixed(2)).join('/')}` : ''),
        );
        if (r.error) log(`  error: ${r.error.split('\n').slice(0, 4).join(' | ')}`);
        save();
      }
    }
  }

  if (opt.browser) {
    const { browserLoadTimes, chromiumPath } = await import('./browser.mjs');
    if (!chromiumPath()) {
      results.browser = { skipped: 'no Chromium found (/usr/bin/chromium)' };
    } else {
      log('Chromium load times ...');
      try {
        const b = await browserLoadTimes(results, { sizes: opt.sizes, engines: opt.engines, log });
        if (opt.merge && results.browser?.corpora) {
          // keep the cells this run did not measure
          for (const [corpus, cells] of Object.entries(b.corpora)) Object.assign((results.browser.corpora[corpus] ??= {}), cells);
          results.browser = { ...results.browser, chromium: b.chromium, method: b.method };
        } else {
          results.browser = b;
        }
      } catch (e) {
        results.browser = { skipped: `error: ${String(e?.message ?? e).slice(0, 500)}` };
        log(`Chromium phase failed: ${e?.stack ?? e}`);
      }
    }
  } else if (!results.browser) {
    results.browser = { skipped: opt.quick ? 'skipped (--quick)' : 'skipped (--no-browser)' };
  }
  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  save();
  log(`wrote ${path.relative(process.cwd(), latestJson)} and latest.md`);
}

await main();
