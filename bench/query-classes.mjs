// Classes of queries a reader types to find one paper again, at scale: on the 56k-entry corpus
// (the at-scale check's), seeded, each class built from the title (and abstract) of a paper
// picked at random. A query succeeds when that paper comes first. Runs digest-search (through
// its public Node `load()`/`search()`) and MiniSearch (fuzzy + prefix on, as in the benchmark)
// on the same queries, in one run.
//
//   node bench/query-classes.mjs [--n 300] [--no-peers] [--index DIR] [--misses] [--class NAME] [--seed N]
//
// `--misses` lists every query digest-search misses, and which peers find its paper. `--seed N`
// draws other papers (another sample of the same classes, to check that a change generalises;
// the default is the seed every figure of the README and docs/relevance.md was measured on).
//
// Classes (the words of a query are its paper's rarest title words of four letters or more,
// unless said otherwise; `distinct` below):
// - two title words: the two rarest of five letters or more, in title order;
// - reordered: the three rarest, in the reverse of the title's order;
// - inflection: two words, one turned into its plural or singular (`network` ↔ `networks`);
// - typo and prefix: two or three words, the last mistyped and cut short (`chameleon stna`);
// - first-letter typo: two words of five letters or more, one with its first letter struck on
//   a neighbouring key (`vommunication`);
// - typos in two words: three words, two of them mistyped;
// - missing space: two neighbouring title words typed joined, and one more;
// - title and abstract word: the rarest title word and a rare word of the abstract only;
// - the name a title opens with, as written and typed apart or joined;
// - joined while typing: another title word, then two neighbouring ones typed joined, the
//   second cut short (`gossip signalidentif`).
// Typos never touch the first letter except in their own class; each is one edit: two letters
// swapped, one dropped, one doubled, or a neighbouring key. For typo classes the same query typed
// as meant is also run (`asMeant`): the ceiling the typo is measured against.
//
// Writes bench/results/query-classes.json (not with `--index DIR`, a digest-search index built
// before, of another build, to compare; nor with `--class`, `--no-peers` or `--seed`) and prints success@1
// per class and engine.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { prng, sharedData, cacheDir, resultsDir, dsBinary } from "./lib/util.mjs";
import { STOP, neighbours, typoMaker, words } from "./lib/typing.mjs";
import { knownItemMiniSearch } from "./lib/known-item-peer.mjs";

const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const N = Number(arg("--n", 300));
const only = arg("--class", null);
const withPeers = !args.includes("--no-peers");
const SEED = Number(arg("--seed", 20261206));
const CORPUS = path.join(sharedData, "papers-arxiv-oai-2016h2-56k.jsonl.gz");

const rand = prng(SEED);
const pick = rand.pick;
const typo = typoMaker(rand);

const docs = gunzipSync(readFileSync(CORPUS)).toString("utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
// Document frequency over titles and abstracts.
const df = new Map();
for (const d of docs) for (const w of new Set([...words(d.title), ...words(d.abstract || "")])) df.set(w, (df.get(w) || 0) + 1);
const distinct = (d, min = 4) => [...new Set(words(d.title))].filter((w) => w.length >= min && !STOP.has(w) && !/\d/.test(w));
const byRare = (ws) => ws.sort((a, b) => df.get(a) - df.get(b) || a.localeCompare(b));
/** `d`'s distinct title words of `min` letters or more, rarest first; null for fewer than three. */
const rarest = (d, min) => {
  const ws = distinct(d, min);
  return ws.length >= 3 ? byRare(ws) : null;
};
/** Two neighbouring title words of `d` that may be typed joined (no stop words or digits, the
 * first of four letters or more, the second of `second` or more), one picked, and the rarest
 * other title word: `[first, second, other]`, or null. */
const joinable = (d, second) => {
  const t = words(d.title);
  const at = [];
  for (let i = 0; i + 1 < t.length; i++) {
    if (!STOP.has(t[i]) && !STOP.has(t[i + 1]) && t[i].length >= 4 && t[i + 1].length >= second && !/\d/.test(t[i] + t[i + 1])) at.push(i);
  }
  if (!at.length) return null;
  const i = pick(at);
  const other = byRare(distinct(d).filter((w) => w !== t[i] && w !== t[i + 1]))[0];
  return other ? [t[i], t[i + 1], other] : null;
};
const inOrder = (d, ws) => {
  const t = words(d.title);
  return ws.slice().sort((a, b) => t.indexOf(a) - t.indexOf(b));
};

/** Each class makes a query from a paper, or nothing when the paper does not suit it. */
const CLASSES = {
  "two title words": (d) => {
    const ws = rarest(d, 5);
    return ws ? { q: inOrder(d, ws.slice(0, 2)).join(" ") } : null;
  },
  reordered: (d) => {
    const ws = rarest(d, 4);
    return ws ? { q: inOrder(d, ws.slice(0, 3)).reverse().join(" ") } : null;
  },
  inflection: (d) => {
    const ws = rarest(d, 5);
    if (!ws) return null;
    const c = inOrder(d, ws.slice(0, 2));
    const i = Math.floor(rand() * c.length);
    const w = c[i];
    c[i] = w.endsWith("ies") ? w.slice(0, -3) + "y" : w.endsWith("s") ? w.slice(0, -1) : w.endsWith("y") ? w.slice(0, -1) + "ies" : w + "s";
    return { q: c.join(" ") };
  },
  "typo and prefix": (d) => {
    const ws = rarest(d, 4);
    if (!ws) return null;
    const c = inOrder(d, ws.slice(0, 2 + Math.floor(rand() * 2)));
    const last = c[c.length - 1];
    if (last.length < 7) return null;
    const cut = 5 + Math.floor(rand() * (last.length - 6));
    const meant = [...c.slice(0, -1), last.slice(0, cut)].join(" ");
    const t = typo(last, 1, cut);
    if (!t) return null;
    c[c.length - 1] = t.slice(0, cut);
    return { q: c.join(" "), meant };
  },
  "first-letter typo": (d) => {
    const ws = rarest(d, 5);
    if (!ws) return null;
    const c = inOrder(d, ws.slice(0, 2));
    const meant = c.join(" ");
    const i = Math.floor(rand() * c.length);
    const near = neighbours(c[i][0]);
    if (!near.length) return null;
    c[i] = pick(near) + c[i].slice(1);
    return { q: c.join(" "), meant };
  },
  "typos in two words": (d) => {
    const ws = rarest(d, 5);
    if (!ws) return null;
    const c = inOrder(d, ws.slice(0, 3));
    const meant = c.join(" ");
    const i = Math.floor(rand() * c.length);
    const j = (i + 1) % c.length;
    const [a, b] = [typo(c[i]), typo(c[j])];
    if (!a || !b) return null;
    [c[i], c[j]] = [a, b];
    return { q: c.join(" "), meant };
  },
  "missing space": (d) => {
    const p = joinable(d, 4);
    if (!p) return null;
    const [a, b, other] = p;
    return { q: `${a}${b} ${other}`, meant: `${a} ${b} ${other}` };
  },
  "title and abstract word": (d) => {
    const ws = distinct(d);
    if (ws.length < 2) return null;
    const inTitle = new Set(words(d.title));
    const only = [...new Set(words(d.abstract || ""))].filter((w) => w.length >= 6 && !inTitle.has(w) && !STOP.has(w) && !/\d/.test(w));
    if (only.length < 3) return null;
    // Rare but not the rarest (a reader recalls a telling word, not a misprint).
    const a = byRare(only)[Math.floor(only.length / 5)];
    return { q: `${byRare(ws)[0]} ${a}` };
  },
  // A title that opens with a name (`EnhanceNet: …`, `SE-Sync: …`, `YOLO9000: …`): one word,
  // with capitals past its first letter or digits, no other title opening with it.
  "name from the title": (d) => {
    const name = titleName(d);
    return name ? { q: name.toLowerCase() } : null;
  },
  // The same name typed another way: a hyphen left out or typed as a space, the parts of a
  // camel-case name or of letters and digits typed apart (`se sync`, `sesync`, `enhance net`,
  // `yolo 9000`).
  "name typed apart or joined": (d) => {
    const name = titleName(d);
    if (!name) return null;
    // Names of two parts only (`SE-Sync`, not `OGLE-2016-BLG-0596Lb`; `EnhanceNet`, not `CoCoA`).
    const splits = name.match(/-|[a-z](?=[A-Z])|[A-Za-z](?=\d)/g) || [];
    if (splits.length !== 1) return null;
    const other = name.includes("-") ? name.replace("-", rand() < 0.5 ? "" : " ") : name.replace(/([a-z])([A-Z])|([A-Za-z])(\d)/, (_, a, b, c, e) => (a ? `${a} ${b}` : `${c} ${e}`));
    return { q: other.toLowerCase() };
  },
  // Two neighbouring title words typed joined while the second is still being typed, after
  // another title word (`gossip signalidentif`): what a reader sees on the way to "missing
  // space". The second word is cut after 3 letters or more, short of its end.
  "joined while typing": (d) => {
    const p = joinable(d, 5);
    if (!p) return null;
    const [a, b, other] = p;
    const begun = b.slice(0, 3 + Math.floor(rand() * (b.length - 3)));
    return { q: `${other} ${a}${begun}`, meant: `${other} ${a} ${begun}` };
  },
};

/** Names that open titles (`Name: …`), with how many titles each opens. */
const NAME = /^([A-Za-z0-9][A-Za-z0-9+-]*):\s/;
const opens = new Map();
for (const d of docs) {
  const m = NAME.exec(d.title);
  if (m) opens.set(m[1].toLowerCase(), (opens.get(m[1].toLowerCase()) || 0) + 1);
}
/** The name `d`'s title opens with, when it looks like one (capitals past its first letter, or
 * digits) and opens no other title. */
function titleName(d) {
  const m = NAME.exec(d.title);
  if (!m || opens.get(m[1].toLowerCase()) !== 1 || m[1].length < 3) return null;
  return /[A-Z]/.test(m[1].slice(1)) || /\d/.test(m[1]) ? m[1] : null;
}

const sets = {};
for (const [name, make] of Object.entries(CLASSES)) {
  const qs = [];
  while (qs.length < N) {
    const d = pick(docs);
    const q = make(d);
    if (q) qs.push({ ...q, target: d.id });
  }
  // Every class draws from the generator: skipping one (`--class`) must not change the others.
  if (!only || only === name) sets[name] = qs;
}

const given = arg("--index", null);
const cache = given ? path.resolve(given) : path.join(cacheDir, "at-scale");
if (!given) {
  mkdirSync(cache, { recursive: true });
  execFileSync(dsBinary, ["build", CORPUS, "--out", cache, "--quiet"], { stdio: "inherit" });
}
const engines = {};
const { load } = await import(pathToFileURL(path.join(cache, "digest-search.js")).href);
const index = await load(readFileSync(path.join(cache, "digest-search.wasm")));
engines["digest-search"] = (q) => index.search(q, { limit: 1 }).results[0]?.id;
if (withPeers) {
  const ms = (await knownItemMiniSearch())(docs);
  engines.minisearch = (q) => ms.search(q)[0]?.id;
}

// Every miss, by class and engine, for `--misses` (the JSON keeps the first 50).
const missed = {};
const allMisses = {};
const result = { corpus: path.basename(CORPUS), entries: docs.length, seed: SEED, queriesPerClass: N, classes: {} };
for (const [name, qs] of Object.entries(sets)) {
  const row = (result.classes[name] = { sample: qs.slice(0, 5).map((q) => q.q) });
  for (const [engine, first] of Object.entries(engines)) {
    let hits = 0;
    let meantHits = 0;
    const misses = [];
    for (const { q, meant, target } of qs) {
      const got = first(q);
      if (got === target) hits++;
      else misses.push({ q, target, got: got ?? null });
      if (meant !== undefined && first(meant) === target) meantHits++;
    }
    row[engine] = { successAt1: hits / qs.length, ...(qs[0].meant !== undefined ? { asMeant: meantHits / qs.length } : {}), misses: misses.slice(0, 50) };
    missed[`${name}\t${engine}`] = new Set(misses.map((m) => m.q));
    if (engine === "digest-search") allMisses[name] = misses;
  }
}

if (!given && !only && withPeers && !args.includes("--seed")) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, "query-classes.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
const pct = (x) => `${(100 * x).toFixed(1)}%`;
console.log(`${N} queries per class, ${docs.length} entries (${result.corpus}), seed ${SEED}; success@1 (typed as meant, for typo classes)`);
for (const [name, row] of Object.entries(result.classes)) {
  const cells = Object.keys(engines).map((e) => `${e} ${pct(row[e].successAt1)}${row[e].asMeant !== undefined ? ` (${pct(row[e].asMeant)})` : ""}`);
  console.log(`  ${name.padEnd(24)} ${cells.join("   ")}`);
  if (!args.includes("--misses")) continue;
  const peers = Object.keys(engines).filter((e) => e !== "digest-search");
  for (const m of allMisses[name]) {
    const found = peers.filter((e) => !missed[`${name}\t${e}`].has(m.q));
    console.log(`      ${m.q} -> ${m.got} (want ${m.target})${found.length ? `  [found by ${found.join(", ")}]` : ""}`);
  }
}
