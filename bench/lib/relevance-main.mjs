// Like-for-like relevance: every engine, with the same settings as bench/run.mjs, answers the
// judged development queries (tests/fixtures/dev-queries.jsonl, or the file given with --judgments,
// e.g. tests/fixtures/own-queries.jsonl) over the 102-entry sample; each
// run file is scored by tests/fixtures/score.py.
//   node bench/relevance.mjs [--engines a,b] [--judgments FILE]
// Writes bench/results/relevance/<engine>.jsonl (run files), <engine>.score.txt (scorer output),
// summary.json and summary.md, and prints the summary.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { repoRoot, cacheDir, resultsDir, dsBinary, readJsonl, writeJsonl } from './util.mjs';
import { loadDocs, sampleSource } from './corpus.mjs';
import { JS_ENGINES } from './engines/index.mjs';

const ENGINES = ['digest-search', 'minisearch', 'flexsearch', 'lunr', 'fuse', 'orama', 'pagefind'];
const LABELS = { 'digest-search': 'digest-search', minisearch: 'MiniSearch', flexsearch: 'FlexSearch', lunr: 'Lunr', fuse: 'Fuse.js', orama: 'Orama', pagefind: 'Pagefind' };

const args = process.argv.slice(2);
let engines = ENGINES;
let judgmentsArg = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--engines') engines = args[++i].split(',');
  else if (args[i].startsWith('--engines=')) engines = args[i].slice(10).split(',');
  else if (args[i] === '--judgments') judgmentsArg = path.resolve(args[++i]);
  else throw new Error(`unknown option ${args[i]}`);
}

const fixtures = path.join(repoRoot, 'tests', 'fixtures');
const judgmentsFile = judgmentsArg ?? (fs.existsSync(path.join(fixtures, 'dev-queries.jsonl'))
  ? path.join(fixtures, 'dev-queries.jsonl')
  : path.resolve(repoRoot, '..', 'shared', 'eval', 'dev-queries.jsonl'));
const scorer = fs.existsSync(path.join(fixtures, 'score.py')) ? path.join(fixtures, 'score.py') : path.resolve(repoRoot, '..', 'shared', 'eval', 'score.py');
// Another query set (--judgments) writes beside the development set's results, not over them.
const outDir = path.join(resultsDir, judgmentsArg ? `relevance-${path.basename(judgmentsArg, '.jsonl')}` : 'relevance');
fs.mkdirSync(outDir, { recursive: true });

const judgments = readJsonl(judgmentsFile);
const docs = loadDocs(sampleSource());
const entryOf = (id) => {
  const m = /^trending-(\d+)$/.exec(String(id));
  return m ? +m[1] - 1 : docs.findIndex((d) => d.id === id);
};

async function runEngine(engine) {
  if (engine === 'digest-search') {
    if (!fs.existsSync(dsBinary)) return { status: 'not built (target/release/digest-search missing)' };
    const dir = path.join(cacheDir, 'relevance', 'digest-search');
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync(dsBinary, ['build', sampleSource(), '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    const qFile = path.join(cacheDir, 'relevance', 'queries.jsonl');
    writeJsonl(qFile, judgments.map((j) => ({ q: j.q })));
    const r = spawnSync(dsBinary, ['search', dir, '--batch', qFile], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) return { status: `search --batch failed (exit ${r.status}): ${r.stderr.slice(0, 300)}` };
    const lines = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    return {
      status: 'ok',
      rows: lines.map((l) => ({ q: l.q, results: l.results.slice(0, 10).map((x) => entryOf(x.id)), scores: l.results.slice(0, 10).map((x) => x.score) })),
    };
  }
  let search;
  if (engine === 'pagefind') {
    const dir = path.join(cacheDir, 'relevance', 'pagefind');
    fs.rmSync(dir, { recursive: true, force: true });
    const { buildTo } = await import('./engines/pagefind-build.mjs');
    await buildTo(docs, dir);
    const { setup } = await import('./engines/pagefind-node.mjs');
    const { listFiles } = await import('./util.mjs');
    const files = {};
    for (const rel of listFiles(dir)) files[rel] = fs.readFileSync(path.join(dir, rel));
    const pf = await setup(files, dir);
    const ctx = await pf.load();
    search = (q) => pf.search(ctx, q, 10);
  } else {
    const eng = JS_ENGINES[engine];
    const files = Object.fromEntries(Object.entries(await eng.build(docs)).map(([k, v]) => [k, Buffer.from(v)]));
    const ctx = await eng.load(files);
    search = (q) => eng.search(ctx, q, 10);
  }
  const rows = [];
  let errors = 0;
  for (const j of judgments) {
    let res = [];
    try {
      res = await search(j.q);
    } catch {
      errors++;
    }
    rows.push({ q: j.q, results: res.slice(0, 10).map((r) => entryOf(r.id)) });
  }
  return { status: errors ? `ok (${errors} queries threw; scored as empty)` : 'ok', rows };
}

function parseScore(text) {
  const kinds = {};
  let overall = null;
  for (const line of text.split('\n')) {
    const m = line.match(/^overall nDCG@10 = ([\d.]+)/);
    if (m) overall = +m[1];
    const f = line.trim().split(/\s+/);
    if (f.length === 10 && f[0] !== 'kind') {
      const num = (x) => (x === '-' ? null : +x);
      kinds[f[0]] = { n: +f[1], nS1: +f[2], s1: num(f[3]), nRel: +f[4], r10: num(f[5]), mrr: num(f[6]), ndcg: num(f[7]), nNeg: +f[8], zero: num(f[9]) };
    }
  }
  return { overall, kinds };
}

const summary = { judgments: path.relative(repoRoot, judgmentsFile), scorer: path.relative(repoRoot, scorer), engines: {} };
for (const engine of engines) {
  process.stderr.write(`[relevance] ${engine} ...\n`);
  let r;
  try {
    r = await runEngine(engine);
  } catch (e) {
    r = { status: `error: ${String(e?.message ?? e).slice(0, 300)}` };
  }
  if (!r.rows) {
    summary.engines[engine] = { status: r.status };
    continue;
  }
  const runFile = path.join(outDir, `${engine}.jsonl`);
  writeJsonl(runFile, r.rows);
  const text = execFileSync('python3', [scorer, runFile, '--judgments', judgmentsFile], { encoding: 'utf8' });
  fs.writeFileSync(path.join(outDir, `${engine}.score.txt`), text);
  summary.engines[engine] = { status: r.status, ...parseScore(text) };
}

const kindNames = [...new Set(Object.values(summary.engines).flatMap((e) => Object.keys(e.kinds ?? {})))].filter((k) => k !== 'OVERALL');
const f3 = (x) => (x == null ? '–' : x.toFixed(3));
const tbl = (head, rows) => [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const names = engines.filter((e) => summary.engines[e]);
const md = [
  judgmentsArg ? `# Relevance on \`${path.basename(judgmentsArg)}\`` : '# Relevance on the judged development set',
  '',
  `${judgments.length} queries over the 102-entry sample (\`${summary.judgments}\`), scored by \`${summary.scorer}\`; every engine uses the settings of \`bench/run.mjs\` (see bench/README.md). Generated by \`node bench/relevance.mjs${judgmentsArg ? ` --judgments ${path.relative(repoRoot, judgmentsArg)}` : ''}\`.`,
  '',
  '## Overall',
  '',
  tbl(['engine', 'status', 'overall nDCG@10', 'S@1 (all)', 'R@10', 'MRR@10', 'zero% (no-result)'], names.map((e) => {
    const s = summary.engines[e];
    const o = s.kinds?.OVERALL;
    return [LABELS[e], s.status, f3(s.overall), f3(o?.s1), f3(o?.r10), f3(o?.mrr), f3(o?.zero)];
  })),
  '',
  '## S@1 per kind',
  '',
  tbl(['engine', ...kindNames.map((k) => `${k} (n=${Object.values(summary.engines).find((e) => e.kinds?.[k])?.kinds[k].nS1})`)], names.map((e) => [LABELS[e], ...kindNames.map((k) => f3(summary.engines[e].kinds?.[k]?.s1))])),
  '',
  '## nDCG@10 per kind',
  '',
  tbl(['engine', ...kindNames], names.map((e) => [LABELS[e], ...kindNames.map((k) => f3(summary.engines[e].kinds?.[k]?.ndcg))])),
  '',
].join('\n');
fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 1));
fs.writeFileSync(path.join(outDir, 'summary.md'), md);
console.log(md);
