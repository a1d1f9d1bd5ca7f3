// Bytes to first answer in Node, as a visitor's first search pays it: each run is a fresh
// process that has the wasm's bytes in memory, then times load(bytes) and one query (the first
// of the benchmark's generated queries for the corpus). Reports the median of the runs.
//
//   node bench/first-answer.mjs BUILD_DIR QUERIES.json [RUNS]
//   e.g. node bench/first-answer.mjs DIR bench/.cache/queries/100k-200-20240313.json 7
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dirArg, queriesArg, runsArg, child] = process.argv.slice(2);
const dir = path.resolve(dirArg);
if (child === "--child") {
  const { load } = await import(pathToFileURL(path.join(dir, "digest-search.js")).href);
  const wasm = readFileSync(path.join(dir, "digest-search.wasm"));
  const q = JSON.parse(readFileSync(queriesArg, "utf8"))[0].q;
  const t0 = performance.now();
  const index = await load(new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.length));
  const t1 = performance.now();
  index.search(q, { limit: 10 });
  const t2 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, total: t2 - t0 }));
} else {
  if (!queriesArg) {
    console.error("usage: node bench/first-answer.mjs BUILD_DIR QUERIES.json [RUNS]");
    process.exit(2);
  }
  const runs = Number(runsArg || 7);
  const out = [];
  for (let i = 0; i < runs; i++) {
    out.push(JSON.parse(execFileSync(process.execPath, [process.argv[1], dir, queriesArg, "", "--child"], { encoding: "utf8" })));
  }
  const median = (k) => out.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)].toFixed(1);
  console.log(`${dir}: ${runs} fresh processes, median load ${median("load")} ms + first query ${median("first")} ms = ${median("total")} ms to the first answer`);
}
