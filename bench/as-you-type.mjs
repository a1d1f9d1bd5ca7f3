// As you type, letter by letter: how often the paper a reader is after comes first while the
// second of two title words is still being typed, on the 56k corpus, for digest-search and
// MiniSearch (fuzzy 0.2 and prefix on, title boosted 3: lib/known-item-peer.mjs).
//
//   node bench/as-you-type.mjs [--papers 200] [--words rarest|random|both] [--index DIR] [--no-peers]
//                              [--corpus FILE.jsonl[.gz]]  (another corpus; DIR must be built from it)
//
// Each paper gives two distinct title words of five letters or more (no digits), in title
// order (`trees permutation`), picked two ways (`--words`, both by default):
// - rarest: the paper's two rarest such words. What a reader who recalls the title's telling
//   words types; rare words favour an engine that scores a word begun by its rarest completions.
// - random: any two such words, drawn at random. What a reader types who recalls the title
//   loosely: the second word is as often a common one.
// Only papers that the whole query finds first with digest-search count, so the curve shows
// what typing costs on the way there. For every count k of the second word's letters typed
// (`trees p`, `trees pe`, …) it prints the share of papers ranked first, per engine. Writes
// bench/results/as-you-type.json (not with `--index`, `--corpus` or `--no-peers`). MiniSearch's one- and
// two-letter prefixes take most of the run (about five minutes per picking at 200 papers): it
// scores every word that starts with them.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { prng, sharedData, cacheDir, resultsDir, dsBinary } from "./lib/util.mjs";
import { words } from "./lib/typing.mjs";
import { knownItemMiniSearch } from "./lib/known-item-peer.mjs";

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args[i + 1];
};
const PAPERS = Number(arg("--papers", 200));
const withPeers = !args.includes("--no-peers");
const WORDS = arg("--words", "both");
const PICKINGS = WORDS === "both" ? ["rarest", "random"] : [WORDS];
if (!PICKINGS.every((p) => p === "rarest" || p === "random")) throw new Error(`--words: rarest, random or both, not ${WORDS}`);
const SEED = 20261207;
const givenCorpus = arg("--corpus", null);
const CORPUS = givenCorpus ? path.resolve(givenCorpus) : path.join(sharedData, "papers-arxiv-oai-2016h2-56k.jsonl.gz");
/** Letters of the second word reported one by one; longer prefixes are pooled. */
const MAX_K = 8;

const raw = readFileSync(CORPUS);
const docs = (CORPUS.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const df = new Map();
for (const d of docs) for (const w of new Set([...words(d.title), ...words(d.abstract || "")])) df.set(w, (df.get(w) || 0) + 1);

const given = arg("--index", null);
const dir = given ? path.resolve(given) : path.join(cacheDir, "at-scale");
if (!given) {
  mkdirSync(dir, { recursive: true });
  execFileSync(dsBinary, ["build", CORPUS, "--out", dir, "--quiet"], { stdio: "inherit" });
}
const { load } = await import(pathToFileURL(path.join(dir, "digest-search.js")).href);
const index = await load(readFileSync(path.join(dir, "digest-search.wasm")));
const engines = { "digest-search": (q) => index.search(q, { limit: 1 }).results[0]?.id };
if (withPeers) {
  const ms = (await knownItemMiniSearch())(docs);
  engines.minisearch = (q) => ms.search(q)[0]?.id;
}

const keys = [...Array.from({ length: MAX_K }, (_, i) => String(i + 1)), "more", "whole"];

/** One picking's run: per letters typed (1 … MAX_K, then "more", "whole"), per engine. */
function run(picking) {
  // Each picking draws from its own generator, so one reproduces alone what it gives in both.
  const rand = prng(SEED);
  const tally = Object.fromEntries(Object.keys(engines).map((e) => [e, {}]));
  const count = (e, k, ok) => {
    const row = (tally[e][k] ??= [0, 0]);
    row[0] += ok ? 1 : 0;
    row[1] += 1;
  };
  const samples = [];
  let papers = 0;
  while (papers < PAPERS) {
    const d = docs[Math.floor(rand() * docs.length)];
    const ws = [...new Set(words(d.title))].filter((w) => w.length >= 5 && !/\d/.test(w)).sort((a, b) => df.get(a) - df.get(b) || a.localeCompare(b));
    if (ws.length < 3) continue;
    const t = words(d.title);
    // Random: a shuffle of the candidates (Fisher-Yates), the first two.
    if (picking === "random") {
      for (let i = ws.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [ws[i], ws[j]] = [ws[j], ws[i]];
      }
    }
    const [a, b] = ws.slice(0, 2).sort((x, y) => t.indexOf(x) - t.indexOf(y));
    if (engines["digest-search"](`${a} ${b}`) !== d.id) continue;
    papers++;
    if (samples.length < 5) samples.push(`${a} ${b}`);
    for (let k = 1; k < b.length; k++) {
      const q = `${a} ${b.slice(0, k)}`;
      const key = k <= MAX_K ? String(k) : "more";
      for (const [e, first] of Object.entries(engines)) count(e, key, first(q) === d.id);
    }
    for (const [e, first] of Object.entries(engines)) count(e, "whole", first(`${a} ${b}`) === d.id);
  }
  const letters = {};
  for (const k of keys) {
    letters[k] = Object.fromEntries(Object.entries(tally).map(([e, rows]) => [e, rows[k] ? { successAt1: rows[k][0] / rows[k][1], queries: rows[k][1] } : null]));
  }
  return { samples, letters };
}

const result = { corpus: path.basename(CORPUS), entries: docs.length, seed: SEED, papers: PAPERS, words: {} };
for (const picking of PICKINGS) result.words[picking] = run(picking);
if (!given && !givenCorpus && withPeers && WORDS === "both") {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, "as-you-type.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
for (const [picking, { letters }] of Object.entries(result.words)) {
  console.log(`${PAPERS} papers of ${docs.length} (${result.corpus}), two title words (${picking}); success@1 with the second word's first k letters typed`);
  for (const k of keys) {
    const cells = Object.entries(letters[k]).map(([e, r]) => `${e} ${r ? `${(100 * r.successAt1).toFixed(1)}%` : "-"}`);
    console.log(`  ${(k === "whole" ? "whole word" : k === "more" ? `${MAX_K + 1}+ letters` : `${k} letter${k === "1" ? "" : "s"}`).padEnd(12)} ${cells.join("   ")}  (${letters[k]["digest-search"]?.queries ?? 0} queries)`);
  }
}
