// At-scale typo check (issue: "Search that finds what people mean"): on the 56k-entry corpus,
// a query made of 2-3 distinctive title words of one paper, with one typo in one word, should
// find that paper first. Runs digest-search (through its public Node `load()`/`search()`) and
// MiniSearch (fuzzy + prefix on) on the same seeded queries, in one run.
//
//   node bench/at-scale.mjs [--n 500] [--corpus ../shared/data/papers-arxiv-oai-2016h2-56k.jsonl.gz] [--no-peers]
//
// --no-peers runs digest-search alone and keeps the peers' results of the last full run (same
// corpus, seed and query count) in the file.
// Writes bench/results/at-scale.json (another --corpus, .jsonl or .jsonl.gz: at-scale-NAME.json)
// and prints success@1 per engine. `--corpus tests/fixtures/trending-papers.jsonl --n 300` runs the
// same check on the sample digest.
import { readFileSync, writeFileSync, mkdirSync, existsSync, renameSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { STOP, typoMaker, words } from "./lib/typing.mjs";
import { knownItemMiniSearch } from "./lib/known-item-peer.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const N = Number(arg("--n", 500));
const CORPUS = path.resolve(ROOT, arg("--corpus", path.join("..", "shared", "data", "papers-arxiv-oai-2016h2-56k.jsonl.gz")));
const SEED = 20261128;
const withPeers = !args.includes("--no-peers");

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const pick = (a) => a[Math.floor(rand() * a.length)];


const typo = typoMaker(rand);

const raw = readFileSync(CORPUS);
const lines = (CORPUS.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8").split("\n").filter((l) => l.trim());
const docs = lines.map((l) => JSON.parse(l));
const df = new Map();
for (const d of docs) for (const w of new Set(words(d.title))) df.set(w, (df.get(w) || 0) + 1);

const queries = [];
while (queries.length < N) {
  const d = pick(docs);
  const ws = [...new Set(words(d.title))].filter((w) => w.length >= 4 && !STOP.has(w));
  if (ws.length < 3) continue;
  const k = 2 + Math.floor(rand() * 2);
  const chosen = ws.sort((a, b) => df.get(a) - df.get(b) || a.localeCompare(b)).slice(0, k);
  const long = chosen.map((w, i) => [w, i]).filter(([w]) => w.length >= 5);
  if (!long.length) continue;
  const [w, i] = pick(long);
  chosen[i] = typo(w);
  // Word order as in the title.
  queries.push({ q: chosen.join(" "), target: d.id });
}

const cache = path.join(ROOT, "bench", ".cache", "at-scale");
mkdirSync(cache, { recursive: true });
const out = {};

// digest-search, through the public loader.
const cli = path.join(ROOT, "target", "release", "digest-search");
let t0 = performance.now();
execFileSync(cli, ["build", CORPUS, "--out", cache, "--quiet"], { stdio: "inherit" });
const buildMs = performance.now() - t0;
const { load } = await import(pathToFileURL(path.join(cache, "digest-search.js")).href);
const index = await load(readFileSync(path.join(cache, "digest-search.wasm")));
let hits = 0;
const misses = [];
for (const { q, target } of queries) {
  const r = index.search(q, { limit: 10 });
  if (r.results[0]?.id === target) hits++;
  else misses.push({ q, target, got: r.results[0]?.id ?? null, rank: r.results.findIndex((h) => h.id === target) + 1 || null });
}
out["digest-search"] = { successAt1: hits / queries.length, buildMs: Math.round(buildMs), misses };
if (process.env.AT_SCALE_DEBUG) process.on("exit", () => console.log(JSON.stringify(misses.filter((m) => m.minisearch === "hit"), null, 1)));

if (withPeers) {
  const indexDocs = await knownItemMiniSearch();
  t0 = performance.now();
  const ms = indexDocs(docs);
  const msBuild = performance.now() - t0;
  let mh = 0;
  const missed = new Set(misses.map((m) => m.q));
  for (const { q, target } of queries) {
    const top = ms.search(q)[0]?.id;
    if (top === target) mh++;
    if (missed.has(q)) misses.find((m) => m.q === q).minisearch = top === target ? "hit" : "miss";
  }
  out["minisearch"] = { successAt1: mh / queries.length, buildMs: Math.round(msBuild) };
}

mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
// The corpus writes at-scale.json; another (e.g. the sample digest) a file of its own.
const isDefault = args.indexOf("--corpus") < 0;
const name = isDefault ? "at-scale.json" : `at-scale-${path.basename(CORPUS).replace(/\.jsonl(\.gz)?$/, "")}.json`;
const file = path.join(ROOT, "bench", "results", name);
// A run without peers keeps their last results for the same queries, so the file stays a
// comparison (marked `kept`).
const kept = new Set();
if (!withPeers && existsSync(file)) {
  try {
    const prev = JSON.parse(readFileSync(file, "utf8"));
    if (prev.corpus === path.basename(CORPUS) && prev.seed === SEED && prev.queries === queries.length) {
      for (const [engine, r] of Object.entries(prev.engines ?? {})) {
        if (!(engine in out)) {
          out[engine] = r;
          kept.add(engine);
        }
      }
    }
  } catch {
    // An unreadable earlier file is replaced.
  }
}
const report = { corpus: path.basename(CORPUS), entries: docs.length, queries: queries.length, seed: SEED, engines: out, sample: queries.slice(0, 10) };
writeFileSync(file + ".tmp", JSON.stringify(report, null, 2) + "\n");
renameSync(file + ".tmp", file);
for (const [name, r] of Object.entries(out)) console.log(`${name}: success@1 ${(100 * r.successAt1).toFixed(1)}% over ${queries.length} typo queries (${docs.length} entries)${kept.has(name) ? " (kept from the last run with peers)" : ""}`);
