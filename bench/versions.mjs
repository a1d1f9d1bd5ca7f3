// Version numbers: digests are full of them (`GPT-3.5`, `Qwen2.5`, `Llama 3.1`, `Spider 2.0`),
// and a reader types them apart (`qwen 2.5`), joined (`qwen2.5`) or hyphenated (`qwen-2.5`).
// From the titles of the corpus, seeded: name-and-version pairs (a word, then two numbers
// joined by a `.`), each typed the three ways. A query succeeds when the first result's title
// holds that name and version (any entry that does: several may). Runs digest-search (through
// its public Node `load()`/`search()`) and MiniSearch (fuzzy + prefix on, as in the benchmark) on
// the same queries, in one run.
//
//   node bench/versions.mjs [--size 100k] [--n 300] [--no-peers] [--index DIR] [--misses]
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
import { knownItemMiniSearch } from "./lib/known-item-peer.mjs";

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
// Two sets of pairs, from the titles:
// - versions: a name (a word of two letters or more, ending in a letter) and a version right
//   after it, apart, joined or hyphenated; not a longer number (`1.2.3`), a word like `and 2.0`
//   or a LaTeX command (`$\sim 2.5$`);
// - numbers: a name of three letters or more and a whole number of one to three digits right
//   after it (`SAM 3`, `Lean4`, `NANOGrav 15-year`, `Mamba-2`); not a number that goes on with a
//   letter or a dot (`SAM 3D`, `2.5`), nor a plain word before a number (`NAMED`).
const STOP = new Set("a an and are as at be by for from in into is of on or the to via vs with version ver".split(" "));
// What may not follow the number, in the pattern and where a result's title is checked.
const AFTER = { versions: "(?![.\\d])", numbers: "(?![\\p{L}\\p{N}]|\\.\\d)" };
const PAIRS = {
  versions: new RegExp(`(?<![\\\\\\p{L}\\p{N}])(\\p{L}[\\p{L}\\p{N}]*\\p{L})[- ]?(\\d+\\.\\d+)${AFTER.versions}`, "gu"),
  numbers: new RegExp(`(?<![\\\\\\p{L}\\p{N}])(\\p{L}{3,})[- ]?(\\d{1,3})${AFTER.numbers}`, "gu"),
};
const FORMS = { apart: (p) => `${p.name} ${p.version}`, joined: (p) => `${p.name}${p.version}`, hyphenated: (p) => `${p.name}-${p.version}` };
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const holds = (p, set) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(p.name)}[- ]?${escape(p.version)}${AFTER[set]}`, "iu");
const title = new Map(docs.map((d) => [d.id, d.title]));

/** The pairs of one set, in a seeded order, the first N. */
function choose(re, named) {
  const pairs = new Map();
  for (const d of docs) {
    for (const m of d.title.matchAll(re)) {
      const [name, version] = [m[1].toLowerCase(), m[2]];
      if (!STOP.has(name) && (!named || named(m))) pairs.set(`${name} ${version}`, { name, version });
    }
  }
  const all = [...pairs.values()].sort((a, b) => `${a.name} ${a.version}`.localeCompare(`${b.name} ${b.version}`));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return { pairs: pairs.size, chosen: all.slice(0, N) };
}
// A number after a word is a name's only when the title writes the word as one (a capital past
// its first letter: `SAM`, `NANOGrav`) or joins the number to it (`Lean4`, `Mamba-2`): not
// `Generalized 3`, `within 10`.
const NAMED = { numbers: (m) => /\p{Lu}/u.test(m[1].slice(1)) || m[0].length === m[1].length + m[2].length || m[0][m[1].length] === "-" };
const sets = Object.fromEntries(Object.entries(PAIRS).map(([name, re]) => [name, choose(re, NAMED[name])]));

/** Success@1 and in-the-first-10 per set and way of typing, for `search(q) -> [id, ...]`. */
function score(search) {
  return Object.fromEntries(Object.entries(sets).map(([name, set]) => [name, scoreSet(search, name, set.chosen)]));
}

function scoreSet(search, set, chosen) {
  const out = {};
  for (const [form, make] of Object.entries(FORMS)) {
    let first = 0;
    let ten = 0;
    const misses = [];
    for (const p of chosen) {
      const ids = search(make(p));
      const re = holds(p, set);
      if (ids[0] !== undefined && re.test(title.get(ids[0]))) first++;
      else misses.push({ q: make(p), got: ids[0] === undefined ? null : title.get(ids[0]) });
      if (ids.slice(0, 10).some((id) => re.test(title.get(id)))) ten++;
    }
    out[form] = { successAt1: first / chosen.length, inFirst10: ten / chosen.length, misses: misses.slice(0, 20) };
  }
  return out;
}

const result = { corpus: path.basename(corpus), entries: docs.length, seed: SEED, sets: Object.fromEntries(Object.entries(sets).map(([name, set]) => [name, { pairs: set.pairs, queries: set.chosen.length }])), engines: {} };

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
  const ms = (await knownItemMiniSearch())(docs);
  result.engines.minisearch = score((q) => ms.search(q).slice(0, 10).map((r) => r.id));
}

if (!given) {
  mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
  const file = path.join(ROOT, "bench", "results", "versions.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
for (const [name, set] of Object.entries(sets)) {
  console.log(`${name}: ${set.chosen.length} queries from ${set.pairs} pairs in the titles of ${docs.length} entries (${result.corpus})`);
  for (const [engine, r] of Object.entries(result.engines)) {
    console.log(`  ${engine}: ${Object.entries(r[name]).map(([form, s]) => `${form} ${(100 * s.successAt1).toFixed(1)}% first (${(100 * s.inFirst10).toFixed(1)}% in the first 10)`).join(", ")}`);
    if (args.includes("--misses")) {
      for (const [form, s] of Object.entries(r[name])) for (const m of s.misses) console.log(`    ${form}: ${m.q} -> ${m.got}`);
    }
  }
}
