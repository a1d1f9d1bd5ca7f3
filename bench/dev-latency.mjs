// Issue-2 figures for the bundled sample digest: the built wasm's size (raw, gzip -9, brotli 11),
// the build time, and the time of the public search() in Node (snippets and highlights included)
// over the judged development queries: median and 95th percentile after one warm-up pass.
//
//   node bench/dev-latency.mjs            (after ./build.sh)
import { readFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(path.join(tmpdir(), "ds-dev-"));
const cli = path.join(ROOT, "target", "release", "digest-search");
const builds = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  execFileSync(cli, ["build", path.join(ROOT, "tests", "fixtures", "trending-papers-digest.txt"), "--out", out, "--quiet"]);
  builds.push(performance.now() - t);
}
const wasm = readFileSync(path.join(out, "digest-search.wasm"));
const js = readFileSync(path.join(out, "digest-search.js"));
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const { load } = await import(pathToFileURL(path.join(out, "digest-search.js")).href);
let t = performance.now();
const index = await load(wasm);
index.search("warm");
const firstMs = performance.now() - t;
const queries = readFileSync(path.join(ROOT, "tests", "fixtures", "dev-queries.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).q);
for (const q of queries) index.search(q);
const times = [];
for (let r = 0; r < 20; r++) for (const q of queries) {
  const a = performance.now();
  index.search(q, { limit: 10 });
  times.push(performance.now() - a);
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
builds.sort((a, b) => a - b);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`sample digest (102 entries)`);
console.log(`  digest-search.wasm: ${kb(wasm.length)} raw, ${kb(gzipSync(wasm, { level: 9 }).length)} gzip -9, ${kb(br(wasm))} brotli 11`);
console.log(`  digest-search.js:   ${kb(js.length)} raw, ${kb(br(js))} brotli 11`);
console.log(`  build (CLI, median of 5): ${builds[2].toFixed(1)} ms`);
console.log(`  load + first query in Node: ${firstMs.toFixed(1)} ms`);
console.log(`  search() over ${queries.length} dev queries x20: median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms`);
