// "Any query" latency: random Unicode, long, punctuation-only, RTL, emoji, combining marks,
// unbalanced quotes, lone `-`, and filtered queries, through the public search() of a build.
// Reports the median, p99 and p99.9 per group. Issue targets: p99.9 under 20 ms at 100k entries.
//
//   node bench/any-query.mjs BUILD_DIR [N]
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = path.resolve(process.argv[2] || "target/demo");
const N = Number(process.argv[3] || 3000);
const { load } = await import(pathToFileURL(path.join(dir, "digest-search.js")).href);
const index = await load(readFileSync(path.join(dir, "digest-search.wasm")));
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const randomUnicode = (len) => Array.from({ length: len }, () => {
  const ranges = [[0x20, 0x7e], [0xa0, 0x24f], [0x370, 0x3ff], [0x590, 0x6ff], [0x300, 0x36f], [0x4e00, 0x4fff], [0x1f300, 0x1f64f], [0xff01, 0xff5e]];
  const [a, b] = pick(ranges);
  return String.fromCodePoint(a + int(b - a));
}).join("");
const words = ["neural", "network", "diffusion", "model", "learning", "quantum", "graph", "transformer", "language", "attention", "optimization", "benchmark"];
const groups = {
  "random unicode": () => randomUnicode(1 + int(40)),
  "10,000 characters": () => randomUnicode(10000),
  "long word list": () => Array.from({ length: 300 }, () => pick(words)).join(" "),
  "punctuation only": () => Array.from({ length: 1 + int(20) }, () => pick([..."!?.,;:-\"'()[]{}<>/\\|@#$%^&*_+=~`"])).join(""),
  "RTL and emoji": () => pick(["שלום עולם", "مرحبا بالعالم", "🙂 neural 🚀", "ألف model", "טרנספורמר"]) + " " + pick(words),
  "combining marks": () => "e" + "\u0301".repeat(1 + int(200)) + " " + pick(words),
  "quotes and dashes": () => pick(['"', '"neural', 'neural "', '-', '- -', '--model', '"-"', '"a b c d e f"', '-"x y"']) + " " + pick(words),
  "filtered": () => pick(words) + " " + pick(["year:2025", "tag:cs.LG", "after:2025-06-01", "tag:cs.CL,cs.AI sort:newest", "before:2024"]),
  "prefix typing": () => { const w = pick(words); return pick(words) + " " + w.slice(0, 2 + int(w.length - 2)); },
};
for (const f of Object.values(groups)) for (let i = 0; i < 20; i++) index.search(f());
const all = [];
console.log(`${index.info().entries} entries, ${N} queries per group`);
for (const [name, f] of Object.entries(groups)) {
  const t = [];
  for (let i = 0; i < N; i++) {
    const q = f();
    const a = performance.now();
    index.search(q, { limit: 10, facets: name === "filtered" });
    t.push(performance.now() - a);
  }
  t.sort((a, b) => a - b);
  all.push(...t);
  const at = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(2);
  console.log(`  ${name.padEnd(18)} median ${at(0.5)} ms, p99 ${at(0.99)} ms, p99.9 ${at(0.999)} ms, max ${t[t.length - 1].toFixed(2)} ms`);
}
all.sort((a, b) => a - b);
console.log(`  all: p99.9 ${all[Math.floor(all.length * 0.999)].toFixed(2)} ms`);
