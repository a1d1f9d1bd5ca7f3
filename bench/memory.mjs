// Memory check: after 10,000 queries, how far has the wasm instance's memory grown past the
// embedded index? Target: at most 1.3 times the index.
//
//   node bench/memory.mjs BUILD_DIR [QUERIES.txt]
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = path.resolve(process.argv[2] || "target/demo");
const { load } = await import(pathToFileURL(path.join(dir, "digest-search.js")).href);
const index = await load(readFileSync(path.join(dir, "digest-search.wasm")));
const words = ["neural", "network", "learnin", "difusion", "model", "graph", "quantum", "transformr", "language", "optimization", "zero-shot", "image", "segmentation", "reinforcement", "benchmark", "\"large language\"", "-vision", "tag:cs.LG", "year:2025", "sort:newest"];
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
const before = index.info();
for (let i = 0; i < 10000; i++) {
  const n = 1 + Math.floor(rand() * 3);
  const q = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");
  index.search(q, { limit: 10, facets: i % 2 === 0 });
}
const after = index.info();
console.log(`${after.entries} entries: index ${(after.indexBytes / 1e6).toFixed(2)} MB; wasm memory ${(before.memoryBytes / 1e6).toFixed(2)} MB after load, ${(after.memoryBytes / 1e6).toFixed(2)} MB after 10,000 queries = ${(after.memoryBytes / after.indexBytes).toFixed(3)}x the index`);
