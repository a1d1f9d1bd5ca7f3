// Size of the runtime code alone (issue 4): the runtime wasm without an index
// (target/runtime/runtime_bg.wasm, what `digest-search build` embeds an index into) plus the
// digest-search.js the CLI writes beside it (bindings, loader and web component), raw, gzip -9 and
// brotli quality 11. Issue 4's budget is 80 KiB brotli for both together, and `--check` (run by
// `./build.sh test`) holds the code under it, so that it grows only on purpose and never past
// the budget (docs/performance.md, "Runtime code size: history").
//
//   node bench/code-size.mjs            (after ./build.sh)
//   node bench/code-size.mjs --check    exit 1 when over the budget
//   node bench/code-size.mjs --json     one JSON object
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET = 80 * 1024;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(ROOT, "target", "release", "digest-search");
const out = mkdtempSync(path.join(tmpdir(), "ds-size-"));
try {
  execFileSync(cli, ["build", path.join(ROOT, "tests", "fixtures", "trending-papers-digest.txt"), "--out", out, "--quiet"]);
} catch (e) {
  console.error(`could not run ${cli}: build it first with ./build.sh`);
  process.exit(2);
}
const files = {
  wasm: readFileSync(path.join(ROOT, "target", "runtime", "runtime_bg.wasm")),
  js: readFileSync(path.join(out, "digest-search.js")),
};
rmSync(out, { recursive: true, force: true });
const sizes = (b) => ({
  raw: b.length,
  gzip: gzipSync(b, { level: 9 }).length,
  brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const wasm = sizes(files.wasm);
const js = sizes(files.js);
const total = { raw: wasm.raw + js.raw, gzip: wasm.gzip + js.gzip, brotli: wasm.brotli + js.brotli };
const result = { wasm, js, total, budgetBrotli: BUDGET, withinBudget: total.brotli <= BUDGET };
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(result));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1).padStart(6)} KiB`;
  const row = (name, s) => console.log(`  ${name.padEnd(38)} ${kb(s.raw)} raw  ${kb(s.gzip)} gzip -9  ${kb(s.brotli)} brotli 11  (${s.brotli} B)`);
  console.log("runtime code, without an index:");
  row("runtime wasm (target/runtime/runtime_bg.wasm)", wasm);
  row("digest-search.js", js);
  row("total", total);
  console.log(`  budget: ${kb(BUDGET)} brotli: ${result.withinBudget ? "met" : "OVER"} (${BUDGET - total.brotli} B to spare)`);
}
if (process.argv.includes("--check") && !result.withinBudget) process.exit(1);
