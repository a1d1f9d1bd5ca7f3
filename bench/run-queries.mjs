// Runs a file of queries (one per line) through the public search() of one build, ROUNDS times,
// printing nothing: a fixed workload for counting the instructions V8 spends in the wasm, which
// stay put where wall-clock medians drift with the machine's load (docs/performance.md,
// "Comparing builds"):
//
//   node bench/run-queries.mjs --print CORPUS.jsonl prefix > prefix.txt   # the benchmark's 200
//   valgrind --tool=cachegrind --cache-sim=no --smc-check=all-non-file --cachegrind-out-file=/dev/null \
//     node --no-liftoff --no-wasm-dynamic-tiering --predictable --single-threaded \
//     bench/run-queries.mjs BUILD_DIR prefix.txt 3
//
// less the same with 0 rounds (loading and compiling). Without those flags V8 compiles on other
// threads and tiers up when it gets to it, and the counts of one build spread by a few percent.
// With them it still compiles each wasm function at its first call, inside the first round;
// add `--no-wasm-lazy-compilation` to compile the whole wasm in the run of 0 rounds, so that a
// round of cold queries counts the queries alone (docs/performance.md, "Comparing builds").
// `--print CORPUS KIND` prints the queries of one kind (known-item, prefix, typo) that
// bench/ab-latency.mjs runs, in its order.
import fs from "node:fs";
import { loadBuilds } from "./lib/util.mjs";

const args = process.argv.slice(2);
if (args[0] === "--print") {
  const { loadDocs } = await import("./lib/corpus.mjs");
  const { generateQueries } = await import("./lib/queries.mjs");
  const queries = generateQueries(loadDocs(args[1]), { perKind: 200 }).filter((q) => q.kind === args[2]);
  process.stdout.write(queries.map((q) => q.q + "\n").join(""));
} else {
  const [dir, file, rounds = "1"] = args;
  if (!dir || !file) {
    console.error("usage: node bench/run-queries.mjs BUILD_DIR QUERIES.txt [ROUNDS] | --print CORPUS.jsonl KIND");
    process.exit(2);
  }
  const queries = fs.readFileSync(file, "utf8").split("\n").filter((q) => q.trim());
  const [index] = await loadBuilds([dir]);
  for (let r = 0; r < Number(rounds); r++) for (const q of queries) index.search(q, { limit: 10 });
}
