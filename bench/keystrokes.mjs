// Time per keystroke, as a reader types: each known-item query of the benchmark (title words of
// one entry, lib/queries.mjs, same seed) is typed one character at a time and every prefix of it
// is searched, as the widget does on each input event (the last word counts as a prefix). Runs
// digest-search's public search() (top 10 with snippets and highlights) and MiniSearch (prefix
// and fuzzy on, its benchmark settings) in one run, keystroke by keystroke, interleaved, and
// prints the median and 95th percentile per keystroke and how often the entry is first once the
// whole query is typed. digest-search remembers the expansions of the words typed before, so a
// keystroke mostly costs the word being typed; the full-query latencies of bench/run.mjs are
// the cost of a query pasted at once.
//
//   node bench/keystrokes.mjs CORPUS.jsonl DIGEST_SEARCH_DIR [--queries 100] [--no-peers]
//
// e.g. node bench/keystrokes.mjs bench/.cache/corpus/arxiv-newest-10k.jsonl DIR
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadDocs } from "./lib/corpus.mjs";
import { generateQueries } from "./lib/queries.mjs";
import { takeFlag, takeOption } from "./lib/util.mjs";

const args = process.argv.slice(2);
const count = Number(takeOption(args, "--queries", 100));
const withPeers = !takeFlag(args, "--no-peers");
const [corpus, dir] = args;
if (!corpus || !dir) {
  console.error("usage: node bench/keystrokes.mjs CORPUS.jsonl DIGEST_SEARCH_DIR [--queries N] [--no-peers]");
  process.exit(2);
}

const docs = loadDocs(corpus);
const queries = generateQueries(docs, { perKind: count }).filter((q) => q.kind === "known-item").slice(0, count);

const engines = [];
{
  const { load } = await import(pathToFileURL(path.join(path.resolve(dir), "digest-search.js")).href);
  const b = readFileSync(path.join(dir, "digest-search.wasm"));
  const index = await load(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  engines.push({ name: "digest-search", search: (q) => index.search(q, { limit: 10 }).results.map((r) => r.id) });
}
if (withPeers) {
  const ms = await import("./lib/engines/minisearch.mjs");
  const files = ms.build(docs);
  const index = ms.load({ "index.json": Buffer.from(files["index.json"]) });
  engines.push({ name: "MiniSearch", search: (q) => ms.search(index, q, 10).map((r) => r.id) });
}

// Warm-up: the first queries compile and page in what later ones reuse.
for (const e of engines) for (const q of queries.slice(0, 10)) e.search(q.q);

const times = engines.map(() => []);
const first = engines.map(() => 0);
for (const [n, q] of queries.entries()) {
  for (let k = 1; k <= q.q.length; k++) {
    const typed = q.q.slice(0, k);
    const order = (n + k) % 2 ? [...engines.keys()].reverse() : [...engines.keys()];
    for (const i of order) {
      const t = performance.now();
      const ids = engines[i].search(typed);
      times[i].push(performance.now() - t);
      if (k === q.q.length && ids[0] === q.target) first[i]++;
    }
  }
}

const at = (t, p) => [...t].sort((a, b) => a - b)[Math.min(t.length - 1, Math.floor(t.length * p))];
console.log(`${docs.length} entries, ${queries.length} queries typed one character at a time (${times[0].length} keystrokes)`);
for (const [i, e] of engines.entries()) {
  const med = at(times[i], 0.5);
  const ratio = i > 0 ? ` (${(med / at(times[0], 0.5)).toFixed(1)}x digest-search's)` : "";
  console.log(`  ${e.name}: per keystroke median ${med.toFixed(2)} ms${ratio}, p95 ${at(times[i], 0.95).toFixed(2)} ms, max ${Math.max(...times[i]).toFixed(2)} ms; entry first when typed: ${((100 * first[i]) / queries.length).toFixed(0)}%`);
}
