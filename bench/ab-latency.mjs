// A/B query latency of several digest-search builds on the benchmark's queries: the known-item,
// prefix and typo queries of lib/queries.mjs (same seed), drawn from CORPUS, timed through the
// public search() of each build, interleaved query by query (the order alternates every round)
// so that a busy machine slows every build alike. Prints median / p95 per kind and S@1.
//
//   node bench/ab-latency.mjs CORPUS.jsonl BUILD_DIR [BUILD_DIR ...] [--rounds 3] [--per-kind 200]
//
// e.g. two builds of bench/.cache/corpus/arxiv-newest-100k.jsonl, before and after a change.
// With `--rounds 1` each query runs once, as the benchmark's worker times it: most queries then
// read postings and stored entries no query read before (copied in and checked on first read,
// and cold in the CPU's caches), and medians come out 15-30% above those of later rounds.
import { loadDocs } from "./lib/corpus.mjs";
import { generateQueries, KINDS } from "./lib/queries.mjs";
import { takeOption, loadBuilds } from "./lib/util.mjs";

const args = process.argv.slice(2);
const rounds = Number(takeOption(args, "--rounds", 3));
const perKind = Number(takeOption(args, "--per-kind", 200));
const [corpus, ...dirs] = args;
if (!corpus || !dirs.length) {
  console.error("usage: node bench/ab-latency.mjs CORPUS.jsonl BUILD_DIR [BUILD_DIR ...] [--rounds N] [--per-kind N]");
  process.exit(2);
}
const queries = generateQueries(loadDocs(corpus), { perKind });
const indexes = await loadBuilds(dirs);
for (const index of indexes) for (const q of queries.slice(0, 30)) index.search(q.q, { limit: 10 });
const times = dirs.map(() => Object.fromEntries(KINDS.map((k) => [k, []])));
const hits = dirs.map(() => Object.fromEntries(KINDS.map((k) => [k, 0])));
for (let r = 0; r < rounds; r++) {
  for (const q of queries) {
    const order = r % 2 ? [...indexes.keys()].reverse() : [...indexes.keys()];
    for (const i of order) {
      const t = performance.now();
      const res = indexes[i].search(q.q, { limit: 10 });
      times[i][q.kind].push(performance.now() - t);
      if (r === 0 && res.results[0]?.id === q.target) hits[i][q.kind]++;
    }
  }
}
const at = (t, p) => [...t].sort((a, b) => a - b)[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(2);
for (const [i, d] of dirs.entries()) {
  const all = KINDS.flatMap((k) => times[i][k]);
  const kinds = KINDS.map((k) => `${k} ${at(times[i][k], 0.5)} / ${at(times[i][k], 0.95)} ms, S@1 ${((100 * hits[i][k]) / perKind).toFixed(1)}%`);
  console.log(`${d}\n  ${kinds.join("\n  ")}\n  all ${at(all, 0.5)} / ${at(all, 0.95)} ms (median / p95)`);
}
