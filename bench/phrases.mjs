// Phrases of common words that stand together in few entries, side by side in several
// digest-search builds: how many find their whole first page, how many find nothing, and how
// long they take. Such a phrase (`"training step"`) is the hard case of a phrase search without
// word positions in the index: its words are in thousands of entries, and the few that hold them
// in a row may rank anywhere among those (docs/relevance.md).
//
//   node bench/phrases.mjs CORPUS.jsonl BUILD_DIR [BUILD_DIR ...] [--count 300] [--rounds 3] [--seed 7]
//
// The phrases: two words of ASCII letters (3 or more, no stop word) that each stand in 4% of the
// entries or more (4,000 at 100k; title or abstract, lowercased), written one after the other (nothing but
// spaces or hyphens between them) in 3 to 40 entries; `count` of them drawn with the seed. A
// page is complete when it shows as many results as the entries that hold the phrase, up to 10
// (the count is this script's reading of the text, which the engine's tokenizer may read a
// little differently). Times are through the public search() of each build, interleaved query
// by query, the order alternating every round.
import { readFileSync } from "node:fs";
import { prng, summarize, takeOption, loadBuilds } from "./lib/util.mjs";

const args = process.argv.slice(2);
const count = Number(takeOption(args, "--count", 300));
const rounds = Number(takeOption(args, "--rounds", 3));
const seed = Number(takeOption(args, "--seed", 7));
const [corpus, ...dirs] = args;
if (!corpus || !dirs.length) {
  console.error("usage: node bench/phrases.mjs CORPUS.jsonl BUILD_DIR [BUILD_DIR ...] [--count N] [--rounds N] [--seed N]");
  process.exit(2);
}

const STOP = new Set(("a an and are as at be by for from has have in is it its of on or that the this to was were will with we our " +
  "can which these their not but also than into using based via between over under new two one more such both all may each other how").split(" "));

// Entries holding each word, and each pair of words written one after the other.
const df = new Map();
const pairs = new Map();
let entries = 0;
for (const line of readFileSync(corpus, "utf8").split("\n")) {
  if (!line.trim()) continue;
  entries++;
  const e = JSON.parse(line);
  const text = `${e.title ?? ""}\n${e.abstract ?? ""}`.toLowerCase();
  const words = new Set();
  const seen = new Set();
  for (const run of text.split(/[^a-z \-]+|\n/)) {
    const w = run.match(/[a-z]+/g) ?? [];
    for (let i = 0; i < w.length; i++) {
      words.add(w[i]);
      if (i > 0) seen.add(`${w[i - 1]} ${w[i]}`);
    }
  }
  for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  for (const p of seen) pairs.set(p, (pairs.get(p) ?? 0) + 1);
}
const common = (w) => w.length > 2 && !STOP.has(w) && (df.get(w) ?? 0) >= entries * 0.04;
const candidates = [...pairs].filter(([p, n]) => n >= 3 && n <= 40 && p.split(" ").every(common)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
const rnd = prng(seed);
for (let i = candidates.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
}
const phrases = candidates.slice(0, count).map(([p, n]) => ({ q: `"${p}"`, n }));
if (!phrases.length) {
  console.error(`no phrase in ${corpus} has two words that each stand in 4% of its ${entries} entries and together in 3 to 40`);
  process.exit(1);
}
console.log(`${phrases.length} phrases of ${candidates.length} (words each in ${Math.ceil(entries * 0.04)}+ entries, together in 3-40), e.g. ${phrases.slice(0, 3).map((p) => p.q).join(", ")}`);

const indexes = await loadBuilds(dirs);
const times = dirs.map(() => []);
const found = dirs.map(() => phrases.map(() => 0));
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [...indexes.keys()].reverse() : [...indexes.keys()];
  phrases.forEach((p, i) => {
    for (const k of order) {
      const t = performance.now();
      const res = indexes[k].search(p.q, { limit: 10 });
      times[k].push(performance.now() - t);
      found[k][i] = res.results.length;
    }
  });
}
dirs.forEach((d, k) => {
  const complete = phrases.filter((p, i) => found[k][i] >= Math.min(10, p.n)).length;
  const empty = found[k].filter((n) => n === 0).length;
  const results = found[k].reduce((a, b) => a + b, 0);
  const s = summarize(times[k]);
  console.log(`${d}\n  complete first pages ${complete} / ${phrases.length}, empty ${empty}, results ${results}; ${s.median.toFixed(2)} / ${s.p95.toFixed(2)} ms (median / p95)`);
});
