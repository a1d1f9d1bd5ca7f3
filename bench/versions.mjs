// Version numbers: digests are full of them (`GPT-3.5`, `Qwen2.5`, `Llama 3.1`, `Spider 2.0`),
// and a reader types them apart (`qwen 2.5`), joined (`qwen2.5`) or hyphenated (`qwen-2.5`).
// From the titles of the corpus, seeded: name-and-version pairs (a word, then two numbers
// joined by a `.`), each typed the three ways. A query succeeds when the first result's title
// holds that name and version (any entry that does: several may). Runs digest-search (through
// its public Node `load()`/`search()`) and MiniSearch (fuzzy + prefix on, as in the benchmark) on
// the same queries, in one run.
//
//   node bench/versions.mjs [--size 100k] [--n 300] [--no-peers] [--index DIR]
//
// Writes bench/results/versions.json and prints success@1 (and the share found in the first 10)
// per engine and way of typing. `--index DIR` searches a digest-search index built before (of
// another build, to compare) instead of building one, and writes no file.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { corpusFile, loadDocs } from "./lib/corpus.mjs";
import { prng } from "./lib/util.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const SIZE = arg("--size", "100k");
const N = Number(arg("--n", 300));
const SEED = 20261205;
const withPeers = !args.includes("--no-peers");

const rand = prng(SEED);

const corpus = await corpusFile(SIZE);
const docs = loadDocs(corpus);
// A name (a word of two letters or more, ending in a letter) and a version right after it, apart,
// joined or hyphenated; not a longer number (`1.2.3`), a word like `and 2.0` or a LaTeX command
// (`$\sim 2.5$`).
const STOP = new Set("a an and are as at be by for from in into is of on or the to via vs with version ver".split(" "));
const PAIR = /(?<![\\\p{L}\p{N}])(\p{L}[\p{L}\p{N}]*\p{L})[- ]?(\d+\.\d+)(?![.\d])/gu;
const pairs = new Map();
for (const d of docs) {
  for (const m of d.title.matchAll(PAIR)) {
    const [name, version] = [m[1].toLowerCase(), m[2]];
    if (!STOP.has(name)) pairs.set(`${name} ${version}`, { name, version });
  }
}
// Seeded order, then the first N.
const all = [...pairs.values()].sort((a, b) => `${a.name} ${a.version}`.localeCompare(`${b.name} ${b.version}`));
for (let i = all.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [all[i], all[j]] = [all[j], all[i]];
}
const chosen = all.slice(0, N);
const FORMS = { apart: (p) => `${p.name} ${p.version}`, joined: (p) => `${p.name}${p.version}`, hyphenated: (p) => `${p.name}-${p.version}` };
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const holds = (p) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(p.name)}[- ]?${escape(p.version)}(?![.\\d])`, "iu");
const title = new Map(docs.map((d) => [d.id, d.title]));

/** Success@1 and in-the-first-10 per way of typing, for `search(q) -> [id, ...]`. */
function score(search) {
  const out = {};
  for (const [form, make] of Object.entries(FORMS)) {
    let first = 0;
    let ten = 0;
    const misses = [];
    for (const p of chosen) {
      const ids = search(make(p));
      const re = holds(p);
      if (ids[0] !== undefined && re.test(title.get(ids[0]))) first++;
      else misses.push({ q: make(p), got: ids[0] === undefined ? null : title.get(ids[0]) });
      if (ids.slice(0, 10).some((id) => re.test(title.get(id)))) ten++;
    }
    out[form] = { successAt1: first / chosen.length, inFirst10: ten / chosen.length, misses: misses.slice(0, 20) };
  }
  return out;
}

const result = { corpus: path.basename(corpus), entries: docs.length, seed: SEED, pairs: pairs.size, queries: chosen.length, engines: {} };

// digest-search, through the public loader.
const given = arg("--index", null);
const cache = given ? path.resolve(given) : path.join(ROOT, "bench", ".cache", "versions", SIZE);
if (!given) {
  mkdirSync(cache, { recursive: true });
  execFileSync(path.join(ROOT, "target", "release", "digest-search"), ["build", corpus, "--out", cache, "--quiet"], { stdio: "inherit" });
}
const { load } = await import(pathToFileURL(path.join(cache, "digest-search.js")).href);
const index = await load(readFileSync(path.join(cache, "digest-search.wasm")));
result.engines["digest-search"] = score((q) => index.search(q, { limit: 10 }).results.map((h) => h.id));

if (withPeers) {
  const MiniSearch = (await import(pathToFileURL(path.join(ROOT, "bench", "node_modules", "minisearch", "dist", "es", "index.js")).href)).default;
  const ms = new MiniSearch({ idField: "id", fields: ["title", "abstract"], searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2, maxFuzzy: 1 } });
  ms.addAll(docs.map(({ id, title, abstract }) => ({ id, title, abstract })));
  result.engines.minisearch = score((q) => ms.search(q).slice(0, 10).map((r) => r.id));
}

if (!given) {
  mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
  const file = path.join(ROOT, "bench", "results", "versions.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
console.log(`${chosen.length} name-and-version queries from ${pairs.size} in the titles of ${docs.length} entries (${result.corpus})`);
for (const [engine, r] of Object.entries(result.engines)) {
  console.log(`${engine}: ${Object.entries(r).map(([form, s]) => `${form} ${(100 * s.successAt1).toFixed(1)}% first (${(100 * s.inFirst10).toFixed(1)}% in the first 10)`).join(", ")}`);
}
